-- CreateTable
CREATE TABLE "WebcareAbsence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WebcareCoverRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "askerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openKey" TEXT,
    "takenBy" TEXT,
    "takenAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WebcareCoverRequestMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requestId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    CONSTRAINT "WebcareCoverRequestMessage_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "WebcareCoverRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebcareGroupLink" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "usergroupId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "setBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WebcareRotation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "series" TEXT NOT NULL DEFAULT 'main',
    "kind" TEXT NOT NULL DEFAULT 'daily',
    "startDate" TEXT NOT NULL,
    "members" TEXT NOT NULL,
    "handoverTime" TEXT NOT NULL DEFAULT '09:00',
    "channelId" TEXT,
    "setBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_WebcareRotation" ("channelId", "createdAt", "handoverTime", "id", "members", "setBy", "startDate", "teamId") SELECT "channelId", "createdAt", "handoverTime", "id", "members", "setBy", "startDate", "teamId" FROM "WebcareRotation";
DROP TABLE "WebcareRotation";
ALTER TABLE "new_WebcareRotation" RENAME TO "WebcareRotation";
CREATE UNIQUE INDEX "WebcareRotation_teamId_series_startDate_key" ON "WebcareRotation"("teamId", "series", "startDate");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "WebcareAbsence_teamId_toDate_idx" ON "WebcareAbsence"("teamId", "toDate");

-- CreateIndex
CREATE UNIQUE INDEX "WebcareCoverRequest_openKey_key" ON "WebcareCoverRequest"("openKey");

-- CreateIndex
CREATE INDEX "WebcareCoverRequest_teamId_date_idx" ON "WebcareCoverRequest"("teamId", "date");

-- CreateIndex
CREATE INDEX "WebcareCoverRequestMessage_requestId_idx" ON "WebcareCoverRequestMessage"("requestId");

-- CreateIndex
CREATE UNIQUE INDEX "WebcareGroupLink_teamId_key" ON "WebcareGroupLink"("teamId");

