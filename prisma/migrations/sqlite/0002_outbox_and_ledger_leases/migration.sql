-- Edited by hand: in SQLite only an INTEGER PRIMARY KEY is the rowid (64-bit,
-- assigned by the database); Prisma writes BIGINT PRIMARY KEY for a BigInt id,
-- which SQLite would not fill in.
-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT,
    "ts" TEXT,
    "payload" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'notice',
    "context" TEXT NOT NULL DEFAULT '{}',
    "messageKey" TEXT,
    "dedupeKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "notBefore" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "leaseUntil" DATETIME,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "resultChannel" TEXT,
    "resultTs" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApprovalMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "proposalId" INTEGER NOT NULL,
    "round" INTEGER NOT NULL,
    "approverId" TEXT NOT NULL,
    "channel" TEXT,
    "ts" TEXT,
    "state" TEXT NOT NULL DEFAULT 'active',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApprovalMessage_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApprovalMessage" ("approverId", "channel", "createdAt", "id", "proposalId", "round", "state", "ts") SELECT "approverId", "channel", "createdAt", "id", "proposalId", "round", "state", "ts" FROM "ApprovalMessage";
DROP TABLE "ApprovalMessage";
ALTER TABLE "new_ApprovalMessage" RENAME TO "ApprovalMessage";
CREATE INDEX "ApprovalMessage_proposalId_state_idx" ON "ApprovalMessage"("proposalId", "state");
CREATE TABLE "new_JobRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "job" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "claimedBy" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" DATETIME,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "detail" TEXT
);
INSERT INTO "new_JobRun" ("claimedAt", "claimedBy", "detail", "finishedAt", "id", "job", "period", "scope", "status") SELECT "claimedAt", "claimedBy", "detail", "finishedAt", "id", "job", "period", "scope", "status" FROM "JobRun";
DROP TABLE "JobRun";
ALTER TABLE "new_JobRun" RENAME TO "JobRun";
CREATE INDEX "JobRun_claimedAt_idx" ON "JobRun"("claimedAt");
CREATE UNIQUE INDEX "JobRun_job_scope_period_key" ON "JobRun"("job", "scope", "period");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");

-- CreateIndex
CREATE INDEX "OutboxMessage_messageKey_idx" ON "OutboxMessage"("messageKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_finishedAt_idx" ON "OutboxMessage"("finishedAt");

-- CreateIndex
CREATE INDEX "ProcessedEvent_receivedAt_idx" ON "ProcessedEvent"("receivedAt");

