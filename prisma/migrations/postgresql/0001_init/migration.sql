-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "timezoneSource" TEXT NOT NULL DEFAULT 'default',
    "digestDay" INTEGER NOT NULL DEFAULT 1,
    "digestTime" TEXT NOT NULL DEFAULT '09:00',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "exclusiveRole" TEXT,
    "assignedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "proposerId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "platforms" TEXT NOT NULL,
    "publishAt" TIMESTAMP(3) NOT NULL,
    "goal" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "linkUrl" TEXT,
    "notes" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "round" INTEGER NOT NULL DEFAULT 1,
    "firstProposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "proposerChannel" TEXT,
    "proposerTs" TEXT,
    "lastRemindedOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" SERIAL NOT NULL,
    "proposalId" INTEGER NOT NULL,
    "round" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "deciderId" TEXT NOT NULL,
    "reason" TEXT,
    "selfApproved" BOOLEAN NOT NULL DEFAULT false,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalMessage" (
    "id" SERIAL NOT NULL,
    "proposalId" INTEGER NOT NULL,
    "round" INTEGER NOT NULL,
    "approverId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApprovalMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebcareRotation" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "members" TEXT NOT NULL,
    "handoverTime" TEXT NOT NULL DEFAULT '09:00',
    "channelId" TEXT,
    "setBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebcareRotation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebcareCover" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebcareCover_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MetricsEntry" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "weekStart" TEXT NOT NULL,
    "reach" INTEGER,
    "impressions" INTEGER,
    "engagements" INTEGER,
    "clicks" INTEGER,
    "conversions" INTEGER,
    "followersGained" INTEGER,
    "responseMinutes" INTEGER,
    "satisfaction" DOUBLE PRECISION,
    "loggedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MetricsEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "subscribedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "DigestSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "claimedBy" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "detail" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "eventId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedEvent_pkey" PRIMARY KEY ("eventId")
);

-- CreateIndex
CREATE INDEX "RoleAssignment_teamId_role_idx" ON "RoleAssignment"("teamId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "RoleAssignment_teamId_userId_role_key" ON "RoleAssignment"("teamId", "userId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "RoleAssignment_teamId_exclusiveRole_key" ON "RoleAssignment"("teamId", "exclusiveRole");

-- CreateIndex
CREATE INDEX "AuditEntry_teamId_createdAt_idx" ON "AuditEntry"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_subjectType_subjectId_idx" ON "AuditEntry"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "Proposal_teamId_status_idx" ON "Proposal"("teamId", "status");

-- CreateIndex
CREATE INDEX "Proposal_teamId_publishAt_idx" ON "Proposal"("teamId", "publishAt");

-- CreateIndex
CREATE INDEX "Decision_decidedAt_idx" ON "Decision"("decidedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_proposalId_round_key" ON "Decision"("proposalId", "round");

-- CreateIndex
CREATE INDEX "ApprovalMessage_proposalId_state_idx" ON "ApprovalMessage"("proposalId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "WebcareRotation_teamId_startDate_key" ON "WebcareRotation"("teamId", "startDate");

-- CreateIndex
CREATE UNIQUE INDEX "WebcareCover_teamId_date_key" ON "WebcareCover"("teamId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "MetricsEntry_teamId_platform_weekStart_key" ON "MetricsEntry"("teamId", "platform", "weekStart");

-- CreateIndex
CREATE UNIQUE INDEX "DigestSubscription_teamId_channelId_key" ON "DigestSubscription"("teamId", "channelId");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_job_scope_period_key" ON "JobRun"("job", "scope", "period");

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalMessage" ADD CONSTRAINT "ApprovalMessage_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

