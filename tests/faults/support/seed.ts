import type { Db } from "../../../src/db/database.ts";
import { subscribeChannel } from "../../../src/features/metrics/store.ts";
import { createTeamIfMissing, saveSettings } from "../../../src/features/settings/store.ts";
import { saveRotation } from "../../../src/features/webcare/store.ts";
import type { FakeSlack } from "../../../src/sandbox/index.ts";

/**
 * Job data lives in 2030 so the app processes' own schedulers, ticking on the
 * real clock, never find it due: only the `jobs run --at` calls send it.
 */
export const JOB_TEAM = "T_FAULTS";
export const ROTATION_START = "2030-01-07"; // a Monday
export const MEMBERS = ["U_ALICE", "U_BOB", "U_CAROL"];
export const DUTY_CHANNEL = "C_GENERAL";

export async function seedTeam(db: Db): Promise<void> {
  await createTeamIfMissing(db, JOB_TEAM);
  await saveSettings(db, JOB_TEAM, "setup", {
    timezone: "UTC",
    digestDay: 1,
    digestTime: "09:00",
  });
}

export async function seedRotation(db: Db): Promise<void> {
  await saveRotation(db, {
    teamId: JOB_TEAM,
    startDate: ROTATION_START,
    members: MEMBERS,
    handoverTime: "09:00",
    channelId: DUTY_CHANNEL,
    actorId: "U_ALICE",
  });
}

/** `count` public channels the bot is in, each subscribed to the digest. */
export async function seedDigestChannels(
  db: Db,
  fake: FakeSlack,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `C_DIGEST${String(i).padStart(3, "0")}`;
    if (!fake.channel(id)) {
      fake.channels.push({ id, name: `digest-${i}`, is_private: false, members: [fake.botUserId] });
    }
    await subscribeChannel(db, {
      teamId: JOB_TEAM,
      channelId: id,
      actorId: "U_ALICE",
      at: new Date("2030-01-01T00:00:00Z"),
    });
    ids.push(id);
  }
  return ids;
}
