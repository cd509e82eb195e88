import { expect } from "vitest";
import type { SectionBlock, TableBlock } from "@slack/types";
import type { Harness } from "../../support/harness.ts";
import type { AppResponse } from "../../../src/sandbox/index.ts";
import { logBlockId, logRoundOf } from "../../../src/features/metrics/views.ts";
import type { FormField } from "../../../src/features/metrics/input.ts";

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
  return logNext(h, userId, platform, week, figures);
}

/** Fills in and submits the log modal the person has open now (the next platform after a save). */
export async function logNext(
  h: Harness,
  userId: string,
  platform: string,
  week: string | undefined,
  figures: FormValues,
): Promise<AppResponse & { viewError?: string | null }> {
  const view = h.fake.openViews(userId).at(-1);
  if (!view) throw new Error("no modal open");
  const round = logRoundOf(view.private_metadata);
  const id = (field: string) => logBlockId(field as FormField, round);
  const values: Record<string, string> = { [id("platform")]: platform };
  if (week !== undefined) values[id("week")] = week;
  for (const [name, value] of Object.entries(figures)) {
    if (value !== undefined) values[id(name)] = value;
  }
  return h.slack.submitView(userId, view, values);
}

/** The errors a view submission answered with, by block id. */
export function fieldErrors(response: AppResponse): Record<string, string> {
  const json = response.json as { response_action?: string; errors?: Record<string, string> };
  expect(json?.response_action).toBe("errors");
  return json.errors ?? {};
}

/** A platform's row of the digest's table by column: { Reach: "1,200 ▲ 20.0%", … }. */
export function digestRow(blocks: unknown[] | undefined, label: string): Record<string, string> {
  const table = (blocks ?? []).find((block) => (block as TableBlock).type === "table") as
    TableBlock | undefined;
  if (!table) throw new Error("no table in the digest");
  const text = (cells: TableBlock["rows"][number]) =>
    cells.map((cell) => ("text" in cell ? String(cell.text) : ""));
  const [head = [], ...rows] = table.rows.map(text);
  const row = rows.find((cells) => cells[0] === label);
  if (!row) throw new Error(`no row ${label} in the digest`);
  return Object.fromEntries(head.map((column, i) => [column, row[i] ?? ""]));
}

/** The digest's section that starts with `start` ("*Workflow*", "*Goals*"…). */
export function digestLine(blocks: unknown[] | undefined, start: string): string {
  const found = (blocks ?? []).find(
    (block): block is SectionBlock =>
      (block as SectionBlock).type === "section" &&
      !!(block as SectionBlock).text?.text.startsWith(start),
  );
  if (!found?.text) throw new Error(`no section ${start} in the digest`);
  return found.text.text;
}

export function headerOf(blocks: unknown[] | undefined): string {
  const first = (blocks ?? [])[0] as { type?: string; text?: { text?: string } } | undefined;
  expect(first?.type).toBe("header");
  return String(first?.text?.text);
}
