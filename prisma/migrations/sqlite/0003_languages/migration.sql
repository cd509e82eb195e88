-- CreateTable
CREATE TABLE "PersonLanguage" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "slackLocale" TEXT,
    "localeReadAt" DATETIME,
    "choice" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("teamId", "userId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "timezoneSource" TEXT NOT NULL DEFAULT 'default',
    "digestDay" INTEGER NOT NULL DEFAULT 1,
    "digestTime" TEXT NOT NULL DEFAULT '09:00',
    "language" TEXT NOT NULL DEFAULT 'en',
    "languageSource" TEXT NOT NULL DEFAULT 'default',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Team" ("createdAt", "digestDay", "digestTime", "id", "timezone", "timezoneSource", "updatedAt") SELECT "createdAt", "digestDay", "digestTime", "id", "timezone", "timezoneSource", "updatedAt" FROM "Team";
DROP TABLE "Team";
ALTER TABLE "new_Team" RENAME TO "Team";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

