import { expect } from "vitest";
import type { SectionBlock } from "@slack/types";
import type { Harness } from "../../support/harness.ts";
import type { AppResponse } from "../../../src/sandbox/index.ts";
import { LOG_BLOCKS } from "../../../src/features/metrics/views.ts";

/** Action ids of the "Log weekly figures" modal, by the names people know. */
const ACTIONS: Record<string, string> = LOG_BLOCKS;

// The fake Slack's people and channels: see src/sandbox/fake-slack.ts.
export const ALICE = "U_ALICE"; // Europe/Amsterdam: the first user, so the team's timezone
export const BOB = "U_BOB";
export const CAROL = "U_CAROL";
export const ADMIN = "U_ADMIN";

export function lastPrivateText(h: Harness, userId: string): string {
  const last = h.fake.ephemeralsTo(userId).at(-1);
  if (!last) throw new Error(`no private reply to ${userId}`);
  return String(last.text);
}

export async function command(
  h: Harness,
  userId: string,
  name: string,
  text: string,
): Promise<string> {
  const before = h.fake.ephemeralsTo(userId).length;
  const response = await h.slack.command(userId, name, text);
  expect(response.status).toBe(200);
  expect(h.fake.ephemeralsTo(userId).length).toBe(before + 1);
  return lastPrivateText(h, userId);
}

/** Alice becomes the manager (and, being first, sets the team's timezone). */
export async function withManager(h: Harness): Promise<void> {
  expect(await command(h, ALICE, "/role", `assign <@${ALICE}> manager`)).toMatch(/manager/);
}

export type FormValues = Record<string, string | undefined>;

/** `/metrics log`, then the modal filled in and submitted as the person would. */
export async function logFigures(
  h: Harness,
  userId: string,
  platform: string,
  week: string,
  figures: FormValues,
): Promise<AppResponse & { viewError?: string | null }> {
  const opened = h.fake.callsTo("views.open").length;
  const response = await h.slack.command(userId, "/metrics", "log");
  expect(response.status).toBe(200);
  expect(h.fake.callsTo("views.open")).toHaveLength(opened + 1);
  const view = h.fake.lastView(userId);
  if (!view) throw new Error("no modal opened");
  const values: Record<string, string> = {
    [LOG_BLOCKS.platform]: platform,
    [LOG_BLOCKS.week]: week,
  };
  for (const [name, value] of Object.entries(figures)) {
    if (value !== undefined) values[ACTIONS[name] ?? name] = value;
  }
  return h.slack.submitView(userId, view, values);
}

/** The errors a view submission answered with, by block id. */
export function fieldErrors(response: AppResponse): Record<string, string> {
  const json = response.json as { response_action?: string; errors?: Record<string, string> };
  expect(json?.response_action).toBe("errors");
  return json.errors ?? {};
}

/** A section's field value by its bold label ("*Reach*\n1,200 (+20.0%)" → "1,200 (+20.0%)"). */
export function digestField(blocks: unknown[] | undefined, title: string, label: string): string {
  const section = (blocks ?? []).find(
    (block): block is SectionBlock =>
      (block as SectionBlock).type === "section" && (block as SectionBlock).text?.text === title,
  );
  if (!section) throw new Error(`no section ${title} in the digest`);
  const field = section.fields?.find((f) => f.text.startsWith(`*${label}*\n`));
  if (!field) throw new Error(`no field ${label} in ${title}`);
  return field.text.slice(label.length + 3);
}

export function headerOf(blocks: unknown[] | undefined): string {
  const first = (blocks ?? [])[0] as { type?: string; text?: { text?: string } } | undefined;
  expect(first?.type).toBe("header");
  return String(first?.text?.text);
}
