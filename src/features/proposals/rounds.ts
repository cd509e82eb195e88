import { z } from "zod";
import { parseVisuals, Visual } from "./visuals.ts";

/**
 * What the approver needs to judge a later round: the round before it as it
 * was, and which fields changed. Pure: no Slack, no database.
 */

export const PreviousRound = z.object({
  round: z.number().int().positive(),
  text: z.string(),
  platforms: z.array(z.string()),
  publishAt: z.iso.datetime(),
  goal: z.string(),
  contentType: z.string(),
  linkUrl: z.string().nullable(),
  notes: z.string().nullable(),
  visuals: z.array(Visual),
});
export type PreviousRound = z.infer<typeof PreviousRound>;

/** The fields of a round, as stored on the proposal. */
export interface RoundFields {
  round: number;
  text: string;
  platforms: readonly string[];
  publishAt: Date;
  goal: string;
  contentType: string;
  linkUrl: string | null;
  notes: string | null;
  visuals: string | readonly Visual[];
}

/** The snapshot kept when a new round starts. */
export function snapshotRound(fields: RoundFields): PreviousRound {
  return {
    round: fields.round,
    text: fields.text,
    platforms: [...fields.platforms],
    publishAt: fields.publishAt.toISOString(),
    goal: fields.goal,
    contentType: fields.contentType,
    linkUrl: fields.linkUrl,
    notes: fields.notes,
    visuals:
      typeof fields.visuals === "string" ? parseVisuals(fields.visuals) : [...fields.visuals],
  };
}

export function parsePreviousRound(stored: string | null | undefined): PreviousRound | null {
  if (!stored) return null;
  try {
    const parsed = PreviousRound.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const CHANGEABLE = [
  "text",
  "platforms",
  "publishAt",
  "goal",
  "contentType",
  "linkUrl",
  "notes",
  "visuals",
] as const;
export type ChangeableField = (typeof CHANGEABLE)[number];

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/** The fields that differ between the previous round and this one, in the modal's order. */
export function changedFields(
  previous: PreviousRound,
  current: Omit<RoundFields, "round">,
): ChangeableField[] {
  const visuals =
    typeof current.visuals === "string" ? parseVisuals(current.visuals) : current.visuals;
  const differs: Record<ChangeableField, boolean> = {
    text: previous.text !== current.text,
    platforms: !sameList([...previous.platforms].sort(), [...current.platforms].sort()),
    publishAt: Date.parse(previous.publishAt) !== current.publishAt.getTime(),
    goal: previous.goal !== current.goal,
    contentType: previous.contentType !== current.contentType,
    linkUrl: (previous.linkUrl ?? null) !== (current.linkUrl ?? null),
    notes: (previous.notes ?? null) !== (current.notes ?? null),
    visuals: !sameList(
      previous.visuals.map((v) => v.id),
      visuals.map((v) => v.id),
    ),
  };
  return CHANGEABLE.filter((field) => differs[field]);
}
