import { ackThenWork } from "../../slack/busy.ts";
import type { SlackRoutes } from "../../slack/router.ts";
import type { Deps } from "../../deps.ts";
import { isUniqueViolation } from "../../db/audit.ts";
import { adoptFirstManagerLanguage, langOf, rememberLocale } from "../../i18n/language.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { lookupUser } from "../../slack/users.ts";
import { mayManageTeam } from "./access.ts";
import { rolesText } from "./messages.ts";
import { parseRoleCommand, roleChangePermission } from "./roles.ts";
import {
  assignRole,
  holdersOf,
  listAssignments,
  teamEverHadManager,
  unassignRole,
} from "./store.ts";
import { roleList } from "./views.ts";

export function registerRoles(routes: SlackRoutes, deps: Deps): void {
  routes.command("/role", async ({ command, body, ack, respond, client }) => {
    const teamId = command.team_id;
    const actorId = command.user_id;
    // Ack first: every answer is in the caller's language, read from the database.
    // Its work waits for a running slot detached from this listener (src/slack/busy.ts).
    return ackThenWork(body, ack, async () => {
      const lang = await langOf(deps, client, teamId, actorId);
      const t = rolesText(lang);
      const parsed = parseRoleCommand(command.text);

      if (parsed.kind === "usage") {
        const line =
          parsed.problem === "user"
            ? t.notAUser(parsed.given ?? "")
            : parsed.problem === "role"
              ? t.notARole(parsed.given ?? "")
              : t.usage;
        return replyPrivately(respond, line);
      }
      if (parsed.kind === "list") {
        return replyPrivately(respond, roleList(await listAssignments(deps.db, teamId), lang));
      }

      const managers = await holdersOf(deps.db, teamId, "manager");
      const permission = roleChangePermission({
        actorMayManage: await mayManageTeam(deps.db, client, teamId, actorId),
        teamEverHadManager: await teamEverHadManager(deps.db, teamId),
        role: parsed.role,
        kind: parsed.kind,
      });
      if (permission === "denied") return replyPrivately(respond, t.denied(managers));

      if (parsed.kind === "unassign") {
        const removal = await unassignRole(deps.db, {
          teamId,
          userId: parsed.userId,
          role: parsed.role,
          actorId,
        });
        if (removal === "lastManager") return replyPrivately(respond, t.lastManager(parsed.userId));
        const removed = removal === "removed";
        if (removed && parsed.role === "approver") {
          await deps.events.emit("approverChanged", {
            teamId,
            previousApproverId: parsed.userId,
            approverId: null,
            actorId,
          });
        }
        return replyPrivately(
          respond,
          removed
            ? t.unassigned(parsed.userId, parsed.role)
            : t.notHolding(parsed.userId, parsed.role),
        );
      }

      const target = await lookupUser(client, parsed.userId);
      if (target.kind === "bot") return replyPrivately(respond, t.isBot(parsed.userId));
      if (target.kind === "deleted") return replyPrivately(respond, t.isDeleted(parsed.userId));
      if (target.kind === "unknown") return replyPrivately(respond, t.isUnknown(parsed.userId));
      await rememberLocale(deps, teamId, target);

      let outcome;
      try {
        outcome = await assignRole(deps.db, {
          teamId,
          userId: parsed.userId,
          role: parsed.role,
          actorId,
          bootstrap: permission === "bootstrap",
        });
      } catch (error) {
        if (isUniqueViolation(error)) return replyPrivately(respond, t.raceLost);
        throw error;
      }
      if (outcome.kind === "firstManagerTaken") {
        return replyPrivately(respond, t.denied(await holdersOf(deps.db, teamId, "manager")));
      }
      if (outcome.kind === "unchanged") {
        return replyPrivately(respond, t.alreadyHas(parsed.userId, parsed.role));
      }
      if (parsed.role === "manager") {
        // The team's channel posts speak the first manager's language until one is chosen.
        await adoptFirstManagerLanguage(deps, client, teamId, parsed.userId);
      }
      if (parsed.role === "approver") {
        await deps.events.emit("approverChanged", {
          teamId,
          previousApproverId: outcome.replaced,
          approverId: parsed.userId,
          actorId,
        });
      }
      const line =
        permission === "bootstrap"
          ? t.bootstrapped(parsed.userId)
          : outcome.replaced
            ? t.approverReplaced(parsed.userId, outcome.replaced)
            : t.assigned(parsed.userId, parsed.role);
      return replyPrivately(respond, line);
    });
  });
}
