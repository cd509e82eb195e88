import { expect } from "vitest";
import { runCli } from "../../../src/cli.ts";
import type { Deps } from "../../../src/deps.ts";
import { assignRole } from "../../../src/features/roles/store.ts";
import { createTeamIfMissing, saveSettings } from "../../../src/features/settings/store.ts";
import { saveRotation } from "../../../src/features/webcare/store.ts";
import { SIGNING_SECRET, type Harness } from "../../support/harness.ts";

// The fake Slack's people: see src/sandbox/fake-slack.ts.
export const ALICE = "U_ALICE";
export const BOB = "U_BOB";
export const CAROL = "U_CAROL";
export const TEAM = "T_WEBCARE";

/** A team with a timezone, a manager and a rotation, set straight in the store. */
export async function teamWithRotation(
  h: Harness,
  input: {
    timezone: string;
    startDate: string;
    members?: string[];
    handoverTime?: string;
    channelId?: string | null;
    manager?: string;
    teamId?: string;
  },
): Promise<void> {
  const db = h.database.db;
  const teamId = input.teamId ?? TEAM;
  await createTeamIfMissing(db, teamId);
  await saveSettings(db, teamId, "setup", {
    timezone: input.timezone,
    digestDay: 1,
    digestTime: "09:00",
  });
  if (input.manager) {
    await assignRole(db, {
      teamId,
      userId: input.manager,
      role: "manager",
      actorId: "setup",
      bootstrap: true,
    });
  }
  await saveRotation(db, {
    teamId,
    startDate: input.startDate,
    members: input.members ?? [ALICE, BOB, CAROL],
    handoverTime: input.handoverTime ?? "09:00",
    channelId: input.channelId ?? null,
    actorId: input.manager ?? ALICE,
  });
}

export function depsOf(h: Harness): Deps {
  return h.app.built.deps;
}

/** The texts of the DMs a person got, oldest first. */
export function dmTexts(h: Harness, userId: string): string[] {
  return h.fake.dmsTo(userId).map((message: { text?: unknown }) => String(message.text));
}

/**
 * The fake workspace's team with `userId` as its manager and its timezone
 * pinned, set straight in the store: one HTTP round trip fewer before each
 * test, so a loaded machine cannot turn set-up into the failure.
 */
export async function teamWithManager(h: Harness, userId: string, timezone = "UTC"): Promise<void> {
  const db = h.database.db;
  const teamId = h.fake.teamId;
  await createTeamIfMissing(db, teamId);
  await saveSettings(db, teamId, "setup", { timezone, digestDay: 1, digestTime: "09:00" });
  await assignRole(db, { teamId, userId, role: "manager", actorId: "setup", bootstrap: true });
}

/**
 * `/webcare <text>` from `userId`, answered 200 with exactly one private
 * reply: its text (then its blocks as JSON, with `withBlocks`).
 */
export async function webcareReply(
  h: Harness,
  userId: string,
  text: string,
  options: { withBlocks?: boolean } = {},
): Promise<string> {
  const before = h.fake.ephemeralsTo(userId).length;
  const response = await h.slack.command(userId, "/webcare", text);
  expect(response.status).toBe(200);
  const replies = h.fake.ephemeralsTo(userId);
  expect(replies.length).toBe(before + 1);
  const last = replies.at(-1);
  return options.withBlocks
    ? `${String(last?.text)}\n${JSON.stringify(last?.blocks ?? [])}`
    : String(last?.text);
}

/**
 * `npm run greenlight -- <argv>`, in this process, on the harness's database
 * and fake Slack (`env` overrides its environment): exit code, out and err lines.
 */
export async function cliOn(
  h: Harness,
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    {
      DATABASE_URL: h.testDb.url,
      SLACK_API_URL: h.fake.apiUrl,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      ...env,
    },
    { out: (line) => out.push(line), err: (line) => err.push(line) },
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}
