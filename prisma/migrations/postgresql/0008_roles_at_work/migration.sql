-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "previousRound" TEXT,
ADD COLUMN     "textCutFrom" INTEGER,
ADD COLUMN     "visuals" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "VisualRequest" (
    "id" SERIAL NOT NULL,
    "proposalId" INTEGER NOT NULL,
    "teamId" TEXT NOT NULL,
    "designerId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VisualRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Suggestion" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "why" TEXT,
    "suggestedBy" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "closedBy" TEXT,
    "closedAt" TIMESTAMP(3),
    "proposalId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suggestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamGuidelines" (
    "teamId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamGuidelines_pkey" PRIMARY KEY ("teamId")
);

-- CreateIndex
CREATE INDEX "VisualRequest_teamId_designerId_state_idx" ON "VisualRequest"("teamId", "designerId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "VisualRequest_proposalId_designerId_key" ON "VisualRequest"("proposalId", "designerId");

-- CreateIndex
CREATE INDEX "Suggestion_teamId_status_idx" ON "Suggestion"("teamId", "status");

-- AddForeignKey
ALTER TABLE "VisualRequest" ADD CONSTRAINT "VisualRequest_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

