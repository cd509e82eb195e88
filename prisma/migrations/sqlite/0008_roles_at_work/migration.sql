-- CreateTable
CREATE TABLE "VisualRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "proposalId" INTEGER NOT NULL,
    "teamId" TEXT NOT NULL,
    "designerId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VisualRequest_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Suggestion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "why" TEXT,
    "suggestedBy" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "closedBy" TEXT,
    "closedAt" DATETIME,
    "proposalId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "TeamGuidelines" (
    "teamId" TEXT NOT NULL PRIMARY KEY,
    "text" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Proposal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "proposerId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "platforms" TEXT NOT NULL,
    "publishAt" DATETIME NOT NULL,
    "goal" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "linkUrl" TEXT,
    "notes" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "round" INTEGER NOT NULL DEFAULT 1,
    "firstProposedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "proposerChannel" TEXT,
    "proposerTs" TEXT,
    "lastRemindedOn" TEXT,
    "visuals" TEXT NOT NULL DEFAULT '[]',
    "previousRound" TEXT,
    "textCutFrom" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Proposal" ("contentType", "createdAt", "firstProposedAt", "goal", "id", "lastRemindedOn", "linkUrl", "notes", "platforms", "proposerChannel", "proposerId", "proposerTs", "publishAt", "round", "status", "submittedAt", "teamId", "text", "updatedAt") SELECT "contentType", "createdAt", "firstProposedAt", "goal", "id", "lastRemindedOn", "linkUrl", "notes", "platforms", "proposerChannel", "proposerId", "proposerTs", "publishAt", "round", "status", "submittedAt", "teamId", "text", "updatedAt" FROM "Proposal";
DROP TABLE "Proposal";
ALTER TABLE "new_Proposal" RENAME TO "Proposal";
CREATE INDEX "Proposal_teamId_status_idx" ON "Proposal"("teamId", "status");
CREATE INDEX "Proposal_teamId_publishAt_idx" ON "Proposal"("teamId", "publishAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "VisualRequest_teamId_designerId_state_idx" ON "VisualRequest"("teamId", "designerId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "VisualRequest_proposalId_designerId_key" ON "VisualRequest"("proposalId", "designerId");

-- CreateIndex
CREATE INDEX "Suggestion_teamId_status_idx" ON "Suggestion"("teamId", "status");

