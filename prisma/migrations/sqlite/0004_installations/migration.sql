-- AlterTable
ALTER TABLE "Team" ADD COLUMN "enterpriseId" TEXT;
ALTER TABLE "Team" ADD COLUMN "uninstalledAt" DATETIME;

-- CreateTable
CREATE TABLE "Installation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT,
    "enterpriseId" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "installerUserId" TEXT NOT NULL,
    "botUserId" TEXT NOT NULL,
    "botId" TEXT,
    "botToken" TEXT NOT NULL,
    "botRefreshToken" TEXT,
    "botTokenExpiresAt" DATETIME,
    "refreshClaimedUntil" DATETIME,
    "details" TEXT NOT NULL DEFAULT '{}',
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "UsedOAuthState" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "usedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Installation_enterpriseId_idx" ON "Installation"("enterpriseId");

-- CreateIndex
CREATE INDEX "UsedOAuthState_usedAt_idx" ON "UsedOAuthState"("usedAt");

-- CreateIndex
CREATE INDEX "Team_uninstalledAt_idx" ON "Team"("uninstalledAt");

