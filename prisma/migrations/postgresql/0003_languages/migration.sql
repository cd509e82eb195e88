-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "languageSource" TEXT NOT NULL DEFAULT 'default';

-- CreateTable
CREATE TABLE "PersonLanguage" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "slackLocale" TEXT,
    "localeReadAt" TIMESTAMP(3),
    "choice" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PersonLanguage_pkey" PRIMARY KEY ("teamId","userId")
);

