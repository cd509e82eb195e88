-- CreateIndex
CREATE INDEX "Proposal_status_publishAt_idx" ON "Proposal"("status", "publishAt");

