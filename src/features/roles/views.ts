import type { KnownBlock } from "@slack/types";
import { header, section, type Reply } from "../../slack/reply.ts";
import type { Lang } from "../../i18n/lang.ts";
import { rolesText } from "./messages.ts";
import { ROLES, sortForListing } from "./roles.ts";
import type { Assignment } from "./store.ts";

/** `/role list`: the approver first, then one line per role that someone holds. */
export function roleList(assignments: Assignment[], lang: Lang): Reply {
  const t = rolesText(lang);
  const sorted = sortForListing(assignments);
  const approver = sorted.find((row) => row.role === "approver");
  const blocks: KnownBlock[] = [
    header(t.listHeader),
    section(approver ? t.approverLine(approver.userId) : t.noApprover),
  ];
  for (const role of ROLES) {
    if (role === "approver") continue;
    const holders = sorted.filter((row) => row.role === role).map((row) => row.userId);
    if (holders.length > 0) blocks.push(section(t.roleLine(role, holders)));
  }
  if (assignments.length === 0) blocks.push(section(t.listEmpty));
  const text = [
    approver ? t.approverLine(approver.userId) : t.noApprover,
    t.listFallback(assignments.length),
  ].join("\n");
  return { text, blocks };
}
