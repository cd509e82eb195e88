-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "timezoneSource" TEXT NOT NULL DEFAULT 'default',
    "digestDay" INTEGER NOT NULL DEFAULT 1,
    "digestTime" TEXT NOT NULL DEFAULT '09:00',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RoleAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "exclusiveRole" TEXT,
    "assignedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Proposal" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "proposalId" INTEGER NOT NULL,
    "round" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "deciderId" TEXT NOT NULL,
    "reason" TEXT,
    "selfApproved" BOOLEAN NOT NULL DEFAULT false,
    "submittedAt" DATETIME NOT NULL,
    "decidedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Decision_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApprovalMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "proposalId" INTEGER NOT NULL,
    "round" INTEGER NOT NULL,
    "approverId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'active',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApprovalMessage_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebcareRotation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "members" TEXT NOT NULL,
    "handoverTime" TEXT NOT NULL DEFAULT '09:00',
    "channelId" TEXT,
    "setBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WebcareCover" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MetricsEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "satisfaction" REAL,
    "loggedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "subscribedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "job" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "claimedBy" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "detail" TEXT
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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

