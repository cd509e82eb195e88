import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSandbox, type SandboxUnderTest } from "./support.ts";

// The smallest valid PNG (1×1, transparent).
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

/** The sandbox acks at once and works after; on a busy machine that takes a while. */
const SLOW = { timeout: 15_000 };

describe("attaching a picture on the sandbox page", () => {
  let s: SandboxUnderTest;
  beforeAll(async () => {
    s = await startTestSandbox();
  });
  afterAll(() => s.stop());

  const attach = (body: Record<string, unknown>, contentType = "application/json") =>
    fetch(`${s.base}/attach`, {
      method: "POST",
      headers: { "content-type": contentType },
      body: JSON.stringify(body),
    });

  it("stores the picture in the fake Slack, the propose modal takes it and the approver sees it", async () => {
    // The sandbox acks at once and works after, as in production.
    const db = s.sandbox.greenlight.database.db;
    await s.page("command", { as: "U_ALICE", text: "/role assign @alice manager" });
    await expect.poll(() => db.roleAssignment.count(), SLOW).toBe(1);
    await s.page("command", { as: "U_ALICE", text: "/role assign @bob approver" });
    await expect.poll(() => db.roleAssignment.count({ where: { role: "approver" } }), SLOW).toBe(1);
    const attached = await attach({
      as: "U_CAROL",
      name: "C:\\fakepath\\spring launch.png",
      data: PNG.toString("base64"),
    });
    expect(attached.status).toBe(200);
    const { file } = (await attached.json()) as { file: { id: string; name: string } };
    expect(file.name).toBe("spring launch.png");
    // Served back as the image it is (the page shows it from there).
    const served = await fetch(`${s.base}/files/${file.id}`);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    await s.page("command", { as: "U_CAROL", text: "/propose Spring is here" });
    await expect.poll(() => s.sandbox.fake.openViews("U_CAROL").length, SLOW).toBe(1);
    const view = s.sandbox.fake.openViews("U_CAROL")[0]!;
    const tomorrow = Math.floor(Date.now() / 1000) + 86_400;
    const submitted = await s.page("submit", {
      as: "U_CAROL",
      viewId: view.id,
      values: {
        text: "Spring is here",
        platforms: ["instagram"],
        publishAt: tomorrow,
        goal: "awareness",
        contentType: "image",
        visuals: [file.id],
      },
    });
    expect(submitted.json).toMatchObject({ ok: true, errors: null });
    await expect.poll(() => db.proposal.count(), SLOW).toBe(1);
    const proposal = await db.proposal.findFirstOrThrow();
    expect(proposal.visuals).toContain(file.id);
    const bobDm = s.sandbox.fake.dmIdFor("U_BOB");
    await expect
      .poll(
        () =>
          JSON.stringify(s.sandbox.fake.messagesIn(bobDm).map((m) => m.blocks)).includes(
            `"slack_file":{"id":"${file.id}"}`,
          ),
        SLOW,
      )
      .toBe(true);
  });

  it("refuses what is not a PNG, JPEG or GIF, whatever its name says", async () => {
    const before = s.sandbox.fake.allFiles().length;
    const html = await attach({
      as: "U_CAROL",
      name: "cat.png",
      data: Buffer.from("<script>alert(1)</script>").toString("base64"),
    });
    expect(html.status).toBe(400);
    expect(((await html.json()) as { error: string }).error).toMatch(/PNG, JPEG and GIF/);
    expect(s.sandbox.fake.allFiles()).toHaveLength(before);
  });

  it("refuses a form post from another page (not JSON) and someone not in the sandbox", async () => {
    const form = await attach(
      { as: "U_CAROL", name: "a.png", data: PNG.toString("base64") },
      "text/plain",
    );
    expect(form.status).toBe(415);
    const stranger = await attach({ as: "U_MALLORY", name: "a.png", data: PNG.toString("base64") });
    expect(stranger.status).toBe(400);
  });

  it("refuses a picture over 5 MB without reading it all", async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 0x41);
    PNG.copy(big);
    const response = await attach({ as: "U_CAROL", name: "big.png", data: big.toString("base64") });
    expect(response.status).toBe(400);
  });
});
