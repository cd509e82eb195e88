-- DropIndex
DROP INDEX "WebcareRotation_teamId_startDate_key";

-- AlterTable
ALTER TABLE "WebcareRotation" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'daily',
ADD COLUMN     "series" TEXT NOT NULL DEFAULT 'main';

-- CreateTable
CREATE TABLE "WebcareAbsence" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebcareAbsence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebcareCoverRequest" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "askerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openKey" TEXT,
    "takenBy" TEXT,
    "takenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebcareCoverRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebcareCoverRequestMessage" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,

    CONSTRAINT "WebcareCoverRequestMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebcareGroupLink" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "usergroupId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "setBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebcareGroupLink_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE UNIQUE INDEX "WebcareRotation_teamId_series_startDate_key" ON "WebcareRotation"("teamId", "series", "startDate");

-- AddForeignKey
ALTER TABLE "WebcareCoverRequestMessage" ADD CONSTRAINT "WebcareCoverRequestMessage_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "WebcareCoverRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

