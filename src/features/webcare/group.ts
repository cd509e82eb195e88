import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { slackErrorName } from "../../slack/errors.ts";

/**
 * The Slack user group that follows webcare duty (e.g. @webcare): its only
 * member is the person on duty. Slack refuses user groups on free plans
 * (`paid_teams_only`, `plan_upgrade_required`), where admins restrict who
 * edits them (`permission_denied`), or once the group is gone
 * (`no_such_subteam`): those refusals last, so the link is turned off and the
 * managers are told once.
 */
export const LASTING_GROUP_PROBLEMS = new Set([
  "paid_teams_only",
  "plan_upgrade_required",
  "permission_denied",
  "no_permission",
  "no_such_subteam",
  "subteam_not_found",
  "missing_scope",
  "not_allowed_token_type",
  "access_denied",
]);

/** The Slack refusal that means the link cannot work any more, else null. */
export function lastingGroupProblem(error: unknown): string | null {
  const code = slackErrorName(error);
  return code && LASTING_GROUP_PROBLEMS.has(code) ? code : null;
}

const UsergroupList = z.object({
  usergroups: z.array(
    z.object({ id: z.string(), handle: z.string().optional(), date_delete: z.number().optional() }),
  ),
});

/** The group's handle when it exists and is enabled, else null. Throws Slack's refusals. */
export async function findUsergroup(
  client: WebClient,
  usergroupId: string,
): Promise<{ id: string; handle: string } | null> {
  const listed = UsergroupList.parse(await client.usergroups.list({ include_disabled: false }));
  const group = listed.usergroups.find((g) => g.id === usergroupId && !g.date_delete);
  return group ? { id: group.id, handle: group.handle ?? "" } : null;
}

/** Makes `userId` the group's only member (idempotent: safe to repeat). */
export async function setGroupMember(
  client: WebClient,
  usergroupId: string,
  userId: string,
): Promise<void> {
  await client.usergroups.users.update({ usergroup: usergroupId, users: userId });
}
