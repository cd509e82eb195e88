-- Written by hand (a trigger is not part of Prisma's data model).
--
-- SQLite has no data-modifying CTEs, so deciding a round is one INSERT of the
-- decision (src/features/proposals/store.ts, claimOnSqlite) and this trigger
-- writes the rest in the same statement, atomically with it. It does, on
-- SQLite, what claimOnPostgres's CTEs do on PostgreSQL; the two are kept
-- alike (tests/features/proposals/decide.test.ts checks both databases):
-- - the proposal takes the outcome;
-- - the round's live approval requests are closed: `decided` after an
--   approver's decision, else the outcome (`expired`, `withdrawn`);
-- - the audit entry `proposal.<outcome>`, detail {round, reason?, selfApproved?}.
-- Only a decision of a round still pending does this: rows written for
-- rounds already decided (imported history, seeds) are recorded as they are.
CREATE TRIGGER "decision_ends_round" AFTER INSERT ON "Decision"
WHEN EXISTS (
  SELECT 1 FROM "Proposal" p
  WHERE p."id" = NEW."proposalId" AND p."status" = 'pending' AND p."round" = NEW."round")
BEGIN
  UPDATE "Proposal" SET "status" = NEW."outcome", "updatedAt" = NEW."decidedAt"
  WHERE "id" = NEW."proposalId";
  UPDATE "ApprovalMessage"
  SET "state" = CASE WHEN NEW."outcome" IN ('approved', 'rejected', 'changes_requested')
                THEN 'decided' ELSE NEW."outcome" END
  WHERE "proposalId" = NEW."proposalId" AND "state" = 'active';
  INSERT INTO "AuditEntry" ("teamId", "actorId", "action", "subjectType", "subjectId", "detail", "createdAt")
  SELECT p."teamId", NEW."deciderId", 'proposal.' || NEW."outcome", 'proposal',
    CAST(NEW."proposalId" AS TEXT),
    CASE WHEN NEW."selfApproved" THEN json_insert(d.detail, '$.selfApproved', json('true'))
         ELSE d.detail END,
    NEW."decidedAt"
  FROM "Proposal" p,
    (SELECT CASE WHEN coalesce(NEW."reason", '') = '' THEN json_object('round', NEW."round")
                 ELSE json_object('round', NEW."round", 'reason', NEW."reason") END AS detail) d
  WHERE p."id" = NEW."proposalId";
END;
