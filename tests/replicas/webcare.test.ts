import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/harness.ts";

// Replicas in one process on PostgreSQL (see tests/replicas/proposals.test.ts).
const [ALICE, BOB, CAROL, DAVE] = ["U_ALICE", "U_BOB", "U_CAROL", "U_DAVE"];
const TAKE = "webcare_take_cover";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-23T10:00:00Z" });
});
afterEach(async () => {
  await h.close();
});

describe("two replicas on one PostgreSQL", () => {
  it("10 simultaneous I'll cover clicks spread over both take the day once", async () => {
    await h.slack.command(ALICE, "/role", `assign <@${ALICE}> manager`);
    await h.database.db.team.updateMany({ data: { timezone: "UTC" } });
    await h.slack.command(
      ALICE,
      "/webcare",
      `rotation <@${ALICE}> <@${BOB}> <@${CAROL}> <@${DAVE}> in <#C_GENERAL|general>`,
    );
    await h.slack.command(BOB, "/webcare", "ask 2026-11-24");
    const request = structuredClone(h.fake.messagesIn("C_GENERAL")[0]!);
    const replica = await h.startReplica();
    const clickers = [ALICE, CAROL, DAVE];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? h.slack : replica.slack).clickButton(
          clickers[i % 3] as string,
          request,
          TAKE,
        ),
      ),
    );
    expect(await h.database.db.webcareCover.count()).toBe(1);
    expect(h.fake.callsTo("chat.update")).toHaveLength(1);
    expect(
      h.fake.dmsTo(BOB).filter((m) => String(m.text).includes("covers your webcare duty")),
    ).toHaveLength(1);
  });
});
