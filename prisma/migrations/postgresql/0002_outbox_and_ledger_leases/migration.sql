-- AlterTable
ALTER TABLE "ApprovalMessage" ALTER COLUMN "channel" DROP NOT NULL,
ALTER COLUMN "ts" DROP NOT NULL;

-- AlterTable
-- Edited by hand: Prisma writes SET DATA TYPE BIGSERIAL, which is not a type.
-- The column becomes int8 and its sequence follows (AS bigint raises the
-- sequence's maximum from 2^31-1 to 2^63-1).
ALTER TABLE "JobRun" ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "startedAt" TIMESTAMP(3),
ALTER COLUMN "id" SET DATA TYPE BIGINT;
ALTER SEQUENCE "JobRun_id_seq" AS BIGINT;

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" BIGSERIAL NOT NULL,
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
    "notBefore" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "resultChannel" TEXT,
    "resultTs" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");

-- CreateIndex
CREATE INDEX "OutboxMessage_messageKey_idx" ON "OutboxMessage"("messageKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_finishedAt_idx" ON "OutboxMessage"("finishedAt");

-- CreateIndex
CREATE INDEX "JobRun_claimedAt_idx" ON "JobRun"("claimedAt");

-- CreateIndex
CREATE INDEX "ProcessedEvent_receivedAt_idx" ON "ProcessedEvent"("receivedAt");

