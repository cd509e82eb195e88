-- AlterTable
ALTER TABLE "WebcareCoverRequestMessage" ADD COLUMN "lang" TEXT;

