import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runWebcareReminders } from "../../../src/features/webcare/reminders.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, teamWithRotation } from "../webcare/support.ts";

/**
 * One workspace (`SLACK_BOT_TOKEN`): `tokens_revoked` marks the team
 * uninstalled (nothing more is sent); once the app starts again with a
 * token that works (reinstalled), the team is served again and not purged.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-23T08:00:00Z" });
  await teamWithRotation(h, {
    timezone: "UTC",
    startDate: "2026-11-23",
    channelId: "C_GENERAL",
    teamId: h.fake.teamId,
  });
});
afterEach(async () => {
  await h.close();
});

const uninstalledAt = async () =>
  (await h.database.db.team.findUnique({ where: { id: h.fake.teamId } }))?.uninstalledAt ?? null;

describe("one workspace: uninstalled, then its token works again", () => {
  it("a start with a working token serves the team again: the hand-over goes out", async () => {
    const revoked = await h.slack.event({
      type: "tokens_revoked",
      tokens: { oauth: [], bot: [h.fake.botUserId] },
    });
    expect(revoked.status).toBe(200);
    expect(await uninstalledAt()).not.toBeNull();
    // Marked uninstalled: the hand-over sends nothing.
    expect(await runWebcareReminders(h.app.built.deps, new Date("2026-11-23T09:01:00Z"))).toEqual(
      [],
    );
    expect(h.fake.dmsTo(ALICE)).toHaveLength(0);

    // Reinstalled: the app starts with a token that works (auth.test answers for this team).
    const restarted = await h.startReplica();
    expect(await uninstalledAt()).toBeNull();
    const sent = await runWebcareReminders(
      restarted.app.built.deps,
      new Date("2026-11-23T09:02:00Z"),
    );
    expect(sent.some((line) => line.includes("webcare reminder sent"))).toBe(true);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
  });
});
