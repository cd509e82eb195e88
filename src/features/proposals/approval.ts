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
  | { kind: "edited" }
  | { kind: "expired" }
  | { kind: "already_decided" };

/**
 * Who may decide, as one rule: only the team's current approver, only on a
 * message that is still the live request of the round, only while the
 * proposal is pending in that round and before its publish time. The rule
 * is a list of named conditions; `judgeClick` evaluates them on what was read
 * (to word a refusal) and `decide` in store.ts turns each name into a clause
 * of its conditional write (to enforce them atomically). store.ts maps every
 * name of DECIDE_CONDITIONS, so a condition added here fails typecheck until
 * the SQL has it too.
 */
export const DECIDE_CONDITIONS = [
  /** The clicker is the team's current approver. */
  "approver",
  /** The proposal is pending, in the round the button belongs to. */
  "pending_round",
  /** The clicked message is the live request of that round, sent to the clicker. */
  "live_request",
  /** The publish time is still ahead. */
  "before_publish",
] as const;
export type DecideCondition = (typeof DECIDE_CONDITIONS)[number];

/** The one state of an approval request that can still be decided on. */
export const LIVE_REQUEST_STATE = "active";

/** The parameters of the rule for one click. */
export interface DecideRule {
  approverId: string;
  round: number;
  /** The clicked message. */
  channel: string;
  ts: string;
  /** The instant the publish time must still be ahead of. */
  now: Date;
}

/** What the rule is evaluated on when a click is judged from what was read. */
export interface ClickState {
  clickerId: string;
  currentApproverId: string | null;
  proposal: { status: string; round: number; publishAt: Date };
  /** The round the clicked button belongs to. */
  buttonRound: number;
  /** The stored approval message clicked on, if it is one of ours. */
  message: { state: string; approverId: string; round: number } | null;
  now: Date;
}

const HOLDS: { [C in DecideCondition]: (s: ClickState) => boolean } = {
  approver: (s) => s.currentApproverId !== null && s.clickerId === s.currentApproverId,
  pending_round: (s) => s.proposal.status === "pending" && s.proposal.round === s.buttonRound,
  live_request: (s) =>
    s.message !== null &&
    s.message.state === LIVE_REQUEST_STATE &&
    s.message.approverId === s.clickerId &&
    s.message.round === s.buttonRound,
  before_publish: (s) => s.proposal.publishAt.getTime() > s.now.getTime(),
};

/** The conditions of the rule that do not hold, in DECIDE_CONDITIONS order. */
export function failedConditions(state: ClickState): DecideCondition[] {
  return DECIDE_CONDITIONS.filter((condition) => !HOLDS[condition](state));
}

/**
 * May this click decide, and if not, why (checked on every click against the
 * database, never the message): the rule above, and the refusal worded from
 * the first condition that fails.
 */
export function judgeClick(state: ClickState): ClickVerdict {
  const failed = new Set(failedConditions(state));
  if (failed.has("approver")) {
    return state.currentApproverId === null
      ? { kind: "no_approver" }
      : { kind: "not_approver", approverId: state.currentApproverId };
  }
  // The proposer edited the round this request asked about: a newer request exists.
  if (state.message?.state === "edited") return { kind: "edited" };
  if (failed.has("pending_round")) return { kind: "already_decided" };
  if (failed.has("live_request")) return { kind: "moved", approverId: state.currentApproverId };
  if (failed.has("before_publish")) return { kind: "expired" };
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

/**
 * The propose modal's private_metadata: empty for a new proposal (or the
 * suggestion it came from); the proposal, the round the proposer saw and the
 * mode for an edit or a resubmission; and, when Slack's input cut the
 * `/propose` text, its length and a fingerprint of the cut text.
 */
export const ProposeMetadata = z.object({
  proposalId: z.number().int().positive().optional(),
  round: z.number().int().positive().optional(),
  mode: z.enum(["edit", "resubmit"]).optional(),
  suggestionId: z.number().int().positive().optional(),
  cutFrom: z.number().int().positive().optional(),
  cutFingerprint: z.string().max(128).optional(),
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
    // No more code points than UTF-16 units: only a long line needs counting.
    const line =
      raw.length > maxChars - reserve && [...raw].length > maxChars - reserve
        ? cut(raw, maxChars - reserve)
        : raw;
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
