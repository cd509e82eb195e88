-- AlterTable
ALTER TABLE "Team" ADD COLUMN "firstManagerAt" DATETIME;


-- Teams that have, or ever had, a manager: the first-manager rule stays closed.
UPDATE "Team" SET "firstManagerAt" = (
  SELECT MIN("createdAt") FROM "AuditEntry"
  WHERE "AuditEntry"."teamId" = "Team"."id"
    AND "AuditEntry"."action" = 'role.assigned'
    AND "AuditEntry"."detail" LIKE '%"role":"manager"%'
);
UPDATE "Team" SET "firstManagerAt" = (
  SELECT MIN("createdAt") FROM "RoleAssignment"
  WHERE "RoleAssignment"."teamId" = "Team"."id" AND "RoleAssignment"."role" = 'manager'
) WHERE "firstManagerAt" IS NULL;
