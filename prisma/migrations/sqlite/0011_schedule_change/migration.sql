-- CreateTable
CREATE TABLE "ScheduleChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "WebcareCover_date_idx" ON "WebcareCover"("date");

-- CreateIndex
CREATE INDEX "WebcareAbsence_toDate_idx" ON "WebcareAbsence"("toDate");

-- CreateIndex
CREATE INDEX "JobRun_job_period_idx" ON "JobRun"("job", "period");


-- Written by hand: the row and the triggers that keep "ScheduleChange" up to
-- date (see its model). SQLite has one trigger per event; each runs inside
-- the writing statement's transaction.
INSERT INTO "ScheduleChange" ("id", "version") VALUES (1, 0);

CREATE TRIGGER "Team_schedule_insert" AFTER INSERT ON "Team"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Team_schedule_delete" AFTER DELETE ON "Team"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Team_schedule_update" AFTER UPDATE ON "Team"
  WHEN OLD."timezone" IS NOT NEW."timezone"
    OR OLD."digestDay" IS NOT NEW."digestDay"
    OR OLD."digestTime" IS NOT NEW."digestTime"
    OR OLD."uninstalledAt" IS NOT NEW."uninstalledAt"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareRotation_schedule_insert" AFTER INSERT ON "WebcareRotation"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareRotation_schedule_update" AFTER UPDATE ON "WebcareRotation"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareRotation_schedule_delete" AFTER DELETE ON "WebcareRotation"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareCover_schedule_insert" AFTER INSERT ON "WebcareCover"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareCover_schedule_update" AFTER UPDATE ON "WebcareCover"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareCover_schedule_delete" AFTER DELETE ON "WebcareCover"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareAbsence_schedule_insert" AFTER INSERT ON "WebcareAbsence"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareAbsence_schedule_update" AFTER UPDATE ON "WebcareAbsence"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareAbsence_schedule_delete" AFTER DELETE ON "WebcareAbsence"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareGroupLink_schedule_insert" AFTER INSERT ON "WebcareGroupLink"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareGroupLink_schedule_update" AFTER UPDATE ON "WebcareGroupLink"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WebcareGroupLink_schedule_delete" AFTER DELETE ON "WebcareGroupLink"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "DigestSubscription_schedule_insert" AFTER INSERT ON "DigestSubscription"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "DigestSubscription_schedule_update" AFTER UPDATE ON "DigestSubscription"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "DigestSubscription_schedule_delete" AFTER DELETE ON "DigestSubscription"
BEGIN UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1; END;
