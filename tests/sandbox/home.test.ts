import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSandbox, type SandboxUnderTest } from "./support.ts";

/** The sandbox acks at once and works after; on a busy machine that takes a while. */
const SLOW = { timeout: 15_000 };

describe("App Home on the sandbox page", () => {
  let s: SandboxUnderTest;
  beforeAll(async () => {
    s = await startTestSandbox();
  });
  afterAll(() => s.stop());

  it("/suggest is a sandbox command, and a click on Home acts on the suggestion of its own block", async () => {
    const db = s.sandbox.greenlight.database.db;
    await s.page("command", { as: "U_ALICE", text: "/role assign @alice manager" });
    await expect.poll(() => db.roleAssignment.count(), SLOW).toBe(1);
    await s.page("command", { as: "U_DAVE", text: "/suggest https://example.com/first" });
    await expect.poll(() => db.suggestion.count(), SLOW).toBe(1);
    await s.page("command", { as: "U_DAVE", text: "/suggest https://example.com/second Why not" });
    await expect.poll(() => db.suggestion.count(), SLOW).toBe(2);
    const [first, second] = await db.suggestion.findMany({ orderBy: { id: "asc" } });

    await s.page("home", { as: "U_ALICE" });
    await expect.poll(() => s.sandbox.fake.homeView("U_ALICE") !== undefined, SLOW).toBe(true);
    const home = s.sandbox.fake.homeView("U_ALICE")!;
    const clicked = await s.page("click", {
      as: "U_ALICE",
      viewId: home.id,
      actionId: "home_suggestion_dismiss",
      blockId: `suggestion_actions_${second!.id}`,
    });
    expect(clicked.json.ok).toBe(true);
    await expect
      .poll(
        async () => (await db.suggestion.findUniqueOrThrow({ where: { id: second!.id } })).status,
        SLOW,
      )
      .toBe("dismissed");
    expect((await db.suggestion.findUniqueOrThrow({ where: { id: first!.id } })).status).toBe(
      "open",
    );
  });
});
