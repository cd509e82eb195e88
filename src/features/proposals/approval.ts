import { z } from "zod";
import { dailyDueInstant } from "../../scheduler/due.ts";
import { addDaysToLocalDate, localDateAt } from "../../shared/local-date.ts";

/**
 * The approval rules — pure, no Slack, no database. A proposal goes through
 * rounds; each round ends with exactly one decision (approved, rejected,
 * changes requested, withdrawn or expired).
 */

export const STATUSES = [
  "pending",
  "approved",
  "rejected",
  "changes_requested",
  "withdrawn",
  "expired",
] as const;
export type ProposalStatus = (typeof STATUSES)[number];

/** What ends a round. */
export type Outcome = Exclude<ProposalStatus, "pending">;
/** What the approver decides (withdrawn and expired are not theirs). */
export type ApproverOutcome = "approved" | "rejected" | "changes_requested";

/** A proposal that was sent back, or ran out of time, can come back as a new round. */
export function canResubmit(status: string): boolean {
  return status === "changes_requested" || status === "expired";
}

/** Still waiting, but its publish time has come: it becomes `expired`. */
export function isOverdue(proposal: { status: string; publishAt: Date }, now: Date): boolean {
  return proposal.status === "pending" && proposal.publishAt.getTime() <= now.getTime();
}

/** What a click on an approval message may do. */
export type ClickVerdict =
  | { kind: "decide" }
  | { kind: "no_approver" }
  | { kind: "not_approver"; approverId: string }
  | { kind: "moved"; approverId: string | null }
  | { kind: "expired" }
  | { kind: "already_decided" };

/**
 * Who may decide, checked on every click against the database, never the
 * message: only the current approver, only on a message that is still the
 * live request for the current round, only while the proposal is pending and
 * before its publish time.
 */
export function judgeClick(input: {
  clickerId: string;
  currentApproverId: string | null;
  proposal: { status: string; round: number; publishAt: Date };
  /** The round the clicked button belongs to. */
  buttonRound: number;
  /** The stored approval message clicked on, if it is one of ours. */
  message: { state: string; approverId: string; round: number } | null;
  now: Date;
}): ClickVerdict {
  const { proposal, currentApproverId } = input;
  if (currentApproverId === null) return { kind: "no_approver" };
  if (input.clickerId !== currentApproverId) {
    return { kind: "not_approver", approverId: currentApproverId };
  }
  if (input.buttonRound !== proposal.round || proposal.status !== "pending") {
    return { kind: "already_decided" };
  }
  if (
    input.message === null ||
    input.message.state === "moved" ||
    input.message.approverId !== currentApproverId ||
    input.message.round !== proposal.round
  ) {
    return { kind: "moved", approverId: currentApproverId };
  }
  if (isOverdue(proposal, input.now)) return { kind: "expired" };
  return { kind: "decide" };
}

/** Withdrawing: only the proposer, only while pending. */
export function judgeWithdraw(input: {
  clickerId: string;
  proposal: { proposerId: string; status: string };
}): "withdraw" | "not_proposer" | "not_pending" {
  if (input.clickerId !== input.proposal.proposerId) return "not_proposer";
  if (input.proposal.status !== "pending") return "not_pending";
  return "withdraw";
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The proposals the approver is reminded of on `localDate`: still pending,
 * waiting more than 24 hours in their current round, not yet past their
 * publish time (those expire instead), and not already reminded that day.
 * Oldest first.
 */
export function proposalsNeedingReminder<
  T extends {
    status: string;
    submittedAt: Date;
    publishAt: Date;
    lastRemindedOn: string | null;
  },
>(proposals: readonly T[], now: Date, localDate: string): T[] {
  return proposals
    .filter(
      (p) =>
        p.status === "pending" &&
        now.getTime() - p.submittedAt.getTime() > DAY_MS &&
        p.publishAt.getTime() > now.getTime() &&
        p.lastRemindedOn !== localDate,
    )
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
}

/** A sensible first publish time: tomorrow at 10:00 in the team's timezone. */
export function suggestedPublishAt(now: Date, timeZone: string): Date {
  return dailyDueInstant(addDaysToLocalDate(localDateAt(now, timeZone), 1), "10:00", timeZone);
}

/** What the decision buttons carry; read back with zod on every click. */
export const DecisionButtonValue = z.object({
  proposalId: z.number().int().positive(),
  round: z.number().int().positive(),
});
export type DecisionButtonValue = z.infer<typeof DecisionButtonValue>;

/** Parses a button value (JSON) or returns null when it is not ours. */
export function parseButtonValue(value: string | undefined): DecisionButtonValue | null {
  if (!value) return null;
  try {
    const parsed = DecisionButtonValue.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The modal's private_metadata: absent for a new proposal, the id for a resubmission. */
export const ProposeMetadata = z.object({
  proposalId: z.number().int().positive().optional(),
});
export type ProposeMetadata = z.infer<typeof ProposeMetadata>;

/** The reason modal's private_metadata. */
export const ReasonMetadata = z.object({
  proposalId: z.number().int().positive(),
  round: z.number().int().positive(),
  outcome: z.enum(["rejected", "changes_requested"]),
  channel: z.string().min(1),
  ts: z.string().min(1),
});
export type ReasonMetadata = z.infer<typeof ReasonMetadata>;

export function parseMetadata<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw && raw !== "" ? raw : "{}"));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `/calendar`, `/calendar week`, `/calendar month`. */
export function parseCalendarCommand(text: string | undefined): { days: 7 | 30 } | null {
  const words = (text ?? "").trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0 || (words.length === 1 && words[0] === "week")) return { days: 7 };
  if (words.length === 1 && words[0] === "month") return { days: 30 };
  return null;
}

/**
 * Fills sections with lines, each section at most `maxChars`, at most
 * `maxSections`; what does not fit is counted and summarised by `more(n)`
 * on the last line. Lines longer than `maxChars` are cut.
 */
export function packLines(
  lines: readonly string[],
  maxChars: number,
  maxSections: number,
  more: (count: number) => string,
): string[] {
  const sections: string[] = [];
  let current = "";
  let placed = 0;
  // Room for the "+N more" line, kept free in every section.
  const reserve = more(lines.length).length + 1;
  for (const raw of lines) {
    const line = [...raw].length > maxChars - reserve ? cut(raw, maxChars - reserve) : raw;
    const candidate = current === "" ? line : `${current}\n${line}`;
    if (candidate.length <= maxChars - reserve) {
      current = candidate;
      placed += 1;
      continue;
    }
    if (sections.length + 1 >= maxSections) break;
    sections.push(current);
    current = line;
    placed += 1;
  }
  const left = lines.length - placed;
  if (left > 0) current = current === "" ? more(left) : `${current}\n${more(left)}`;
  if (current !== "") sections.push(current);
  return sections;
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}
