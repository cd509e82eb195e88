import type { App } from "@slack/bolt";
import type { Deps } from "../../deps.ts";
import { isUniqueViolation } from "../../db/audit.ts";
import { ackPrivately, replyPrivately } from "../../slack/reply.ts";
import { lookupUser } from "../../slack/users.ts";
import { isManagerOrAdmin } from "./access.ts";
import { rolesText } from "./messages.ts";
import { parseRoleCommand, roleChangePermission } from "./roles.ts";
import { assignRole, holdersOf, listAssignments, unassignRole } from "./store.ts";
import { roleList } from "./views.ts";

export function registerRoles(app: App, deps: Deps): void {
  app.command("/role", async ({ command, ack, respond, client }) => {
    const teamId = command.team_id;
    const actorId = command.user_id;
    const parsed = parseRoleCommand(command.text);

    if (parsed.kind === "usage") {
      const line =
        parsed.problem === "user"
          ? rolesText.notAUser(parsed.given)
          : parsed.problem === "role"
            ? rolesText.notARole(parsed.given)
            : rolesText.usage;
      return ackPrivately(ack, line);
    }
    await ack();
    if (parsed.kind === "list") {
      return replyPrivately(respond, roleList(await listAssignments(deps.db, teamId)));
    }

    const managers = await holdersOf(deps.db, teamId, "manager");
    const access = await isManagerOrAdmin(deps.db, client, teamId, actorId);
    const permission = roleChangePermission({
      actorIsManager: access.manager,
      actorIsWorkspaceAdmin: access.admin,
      teamHasManager: managers.length > 0,
      role: parsed.role,
      kind: parsed.kind,
    });
    if (permission === "denied") return replyPrivately(respond, rolesText.denied(managers));

    if (parsed.kind === "unassign") {
      const removed = await unassignRole(deps.db, {
        teamId,
        userId: parsed.userId,
        role: parsed.role,
        actorId,
      });
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
          ? rolesText.unassigned(parsed.userId, parsed.role)
          : rolesText.notHolding(parsed.userId, parsed.role),
      );
    }

    const target = await lookupUser(client, parsed.userId);
    if (target.kind === "bot") return replyPrivately(respond, rolesText.isBot(parsed.userId));
    if (target.kind === "deleted")
      return replyPrivately(respond, rolesText.isDeleted(parsed.userId));
    if (target.kind === "unknown")
      return replyPrivately(respond, rolesText.isUnknown(parsed.userId));

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
      if (isUniqueViolation(error)) return replyPrivately(respond, rolesText.raceLost);
      throw error;
    }
    if (outcome.kind === "unchanged") {
      return replyPrivately(respond, rolesText.alreadyHas(parsed.userId, parsed.role));
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
        ? rolesText.bootstrapped(parsed.userId)
        : outcome.replaced
          ? rolesText.approverReplaced(parsed.userId, outcome.replaced)
          : rolesText.assigned(parsed.userId, parsed.role);
    return replyPrivately(respond, line);
  });
}
