-- CreateTable
CREATE TABLE "ScheduleChange" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ScheduleChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebcareCover_date_idx" ON "WebcareCover"("date");

-- CreateIndex
CREATE INDEX "WebcareAbsence_toDate_idx" ON "WebcareAbsence"("toDate");

-- CreateIndex
CREATE INDEX "JobRun_job_period_idx" ON "JobRun"("job", "period");


-- Written by hand: the row and the triggers that keep "ScheduleChange" up to
-- date (see its model). Row-level, so a statement that changes nothing bumps
-- nothing; the version is read after the writing transaction commits, with
-- the rows it wrote.
INSERT INTO "ScheduleChange" ("id", "version") VALUES (1, 0);

CREATE FUNCTION "greenlight_schedule_changed"() RETURNS trigger AS $$
BEGIN
  UPDATE "ScheduleChange" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Team_schedule_insert_delete" AFTER INSERT OR DELETE ON "Team"
  FOR EACH ROW EXECUTE FUNCTION "greenlight_schedule_changed"();
CREATE TRIGGER "Team_schedule_update" AFTER UPDATE ON "Team"
  FOR EACH ROW WHEN (
    OLD."timezone" IS DISTINCT FROM NEW."timezone"
    OR OLD."digestDay" IS DISTINCT FROM NEW."digestDay"
    OR OLD."digestTime" IS DISTINCT FROM NEW."digestTime"
    OR OLD."uninstalledAt" IS DISTINCT FROM NEW."uninstalledAt"
  ) EXECUTE FUNCTION "greenlight_schedule_changed"();
CREATE TRIGGER "WebcareRotation_schedule" AFTER INSERT OR UPDATE OR DELETE ON "WebcareRotation"
  FOR EACH ROW EXECUTE FUNCTION "greenlight_schedule_changed"();
CREATE TRIGGER "WebcareCover_schedule" AFTER INSERT OR UPDATE OR DELETE ON "WebcareCover"
  FOR EACH ROW EXECUTE FUNCTION "greenlight_schedule_changed"();
CREATE TRIGGER "WebcareAbsence_schedule" AFTER INSERT OR UPDATE OR DELETE ON "WebcareAbsence"
  FOR EACH ROW EXECUTE FUNCTION "greenlight_schedule_changed"();
CREATE TRIGGER "WebcareGroupLink_schedule" AFTER INSERT OR UPDATE OR DELETE ON "WebcareGroupLink"
  FOR EACH ROW EXECUTE FUNCTION "greenlight_schedule_changed"();
CREATE TRIGGER "DigestSubscription_schedule" AFTER INSERT OR UPDATE OR DELETE ON "DigestSubscription"
  FOR EACH ROW EXECUTE FUNCTION "greenlight_schedule_changed"();
