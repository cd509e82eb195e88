-- CreateTable
CREATE TABLE "MetricsGoal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "figure" TEXT NOT NULL,
    "target" REAL NOT NULL,
    "setBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "MetricsGoal_teamId_platform_figure_key" ON "MetricsGoal"("teamId", "platform", "figure");

