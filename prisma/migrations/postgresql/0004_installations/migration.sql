-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "enterpriseId" TEXT,
ADD COLUMN     "uninstalledAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Installation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT,
    "enterpriseId" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "installerUserId" TEXT NOT NULL,
    "botUserId" TEXT NOT NULL,
    "botId" TEXT,
    "botToken" TEXT NOT NULL,
    "botRefreshToken" TEXT,
    "botTokenExpiresAt" TIMESTAMP(3),
    "refreshClaimedUntil" TIMESTAMP(3),
    "details" TEXT NOT NULL DEFAULT '{}',
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Installation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsedOAuthState" (
    "nonce" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsedOAuthState_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "Installation_enterpriseId_idx" ON "Installation"("enterpriseId");

-- CreateIndex
CREATE INDEX "UsedOAuthState_usedAt_idx" ON "UsedOAuthState"("usedAt");

-- CreateIndex
CREATE INDEX "Team_uninstalledAt_idx" ON "Team"("uninstalledAt");

