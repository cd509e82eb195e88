-- CreateTable
CREATE TABLE "MetricsGoal" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "figure" TEXT NOT NULL,
    "target" DOUBLE PRECISION NOT NULL,
    "setBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetricsGoal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MetricsGoal_teamId_platform_figure_key" ON "MetricsGoal"("teamId", "platform", "figure");

