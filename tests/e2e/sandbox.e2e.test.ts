import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/sandbox-server.ts";

/**
 * The sandbox page in a real headless Chromium: roles, a proposal through the
 * modal (with a field error first), Bob approves from his DM, Carol reads the
 * decision. Set E2E_SCREENSHOT_DIR to keep a screenshot of the page.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A 1×1 PNG, as a person's picture. */
const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let dir: string;
let sandbox: RunningSandbox;
let context: BrowserContext;
let page: Page;

/** YYYY-MM-DD `days` from now (far enough that every timezone agrees on past/future). */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function actAs(userId: string): Promise<void> {
  await page.click(`.person[data-user-id="${userId}"]`);
  // Generous: the page asks the server for that person's view, and CI machines are slow.
  await expect
    .poll(() => page.getAttribute(`.person[data-user-id="${userId}"]`, "aria-checked"), {
      timeout: 10_000,
    })
    .toBe("true");
}

async function open(conversationId: string): Promise<void> {
  await page.click(`[data-conversation="${conversationId}"]`);
  await expect
    .poll(() => page.getAttribute(`[data-conversation="${conversationId}"]`, "class"))
    .toContain("active");
}

async function send(command: string): Promise<void> {
  await page.fill("#composer-input", command);
  await page.press("#composer-input", "Enter");
}

/** The messages in the open conversation whose text contains `needle`. */
function messages(needle: string): Locator {
  return page.locator("#messages .message", { hasText: needle });
}

async function visibleText(locator: Locator): Promise<string> {
  return (await locator.count()) > 0 ? locator.last().innerText() : "";
}

describe("the sandbox page in Chromium", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "greenlight-e2e-"));
    sandbox = await startSandbox({
      port: 0,
      databaseUrl: `file:${join(dir, "sandbox.db")}`,
      logLevel: "error",
    });
    const profile = join(dir, "chromium-profile");
    mkdirSync(profile);
    // Playwright passes the fresh profile as --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 860 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(`http://127.0.0.1:${sandbox.port}/sandbox`);
    await page.waitForSelector('.person[data-user-id="U_ALICE"]');
  });

  afterAll(async () => {
    await context?.close();
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the sandbox banner, the people to act as and the channels", async () => {
    await expect.poll(() => page.textContent(".banner")).toContain("Sandbox");
    const people = await page.locator(".person .person-name").allInnerTexts();
    expect(people).toEqual(["Alice", "Bob", "Carol", "Dave"]);
    await expect.poll(() => page.innerText("#channel-list")).toContain("general");
    expect(await page.innerText("#dm-list")).toContain("Greenlight");
  });

  it("a person picked while the page still loads the previous one's view stays picked", async () => {
    await actAs("U_ALICE");
    // Hold the page's next request for Alice's view, pick Dave meanwhile, then let Alice's answer through.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const aliceState = /\/sandbox\/state\?as=U_ALICE/;
    let holding = false;
    const heldRequest = new Promise<void>((seen) =>
      page.route(aliceState, async (route) => {
        if (!holding) {
          holding = true;
          seen();
          await held;
        }
        await route.continue();
      }),
    );
    await heldRequest;
    const daveState = page.waitForResponse(/\/sandbox\/state\?as=U_DAVE/, { timeout: 10_000 });
    await page.click('.person[data-user-id="U_DAVE"]');
    release();
    // Dave's view is asked for only once Alice's late answer is in: the page must not have gone back to Alice.
    await daveState;
    await page.unroute(aliceState);
    await expect
      .poll(() => page.getAttribute('.person[aria-checked="true"]', "data-user-id"))
      .toBe("U_DAVE");
  });

  it("Alice makes herself manager and Bob approver; the replies are only visible to her", async () => {
    await actAs("U_ALICE");
    await open("C_GENERAL");
    await send("/role assign @Alice manager");
    await expect
      .poll(() => visibleText(messages("is now a manager")))
      .toContain("@Alice Archer is now a manager");
    await send("/role assign @Bob approver");
    const reply = messages("is now the approver");
    await expect.poll(() => visibleText(reply)).toContain("@Bob Baker is now the approver");
    expect(await reply.last().innerText()).toContain("Only visible to you");
    // The bold of *approver* is rendered, not shown as asterisks.
    expect(await reply.last().locator("strong").innerText()).toBe("approver");

    await actAs("U_BOB");
    await open("C_GENERAL");
    expect(await messages("is now the approver").count()).toBe(0);
  });

  it("Carol proposes through the modal; a past time is answered next to the field", async () => {
    await actAs("U_CAROL");
    await open("C_GENERAL");
    await send("/propose Hello world");
    const modal = page.locator(".modal");
    await modal.waitFor();
    expect(await modal.locator("h2").innerText()).toBe("Propose a post");
    expect(await modal.locator('[data-block-id="text"] textarea').inputValue()).toBe("Hello world");

    await modal.locator('[data-block-id="platforms"] input[value="linkedin"]').check();
    await modal.locator('[data-block-id="publishAt"] [data-role="date"]').fill(dayFromNow(-2));
    await modal.locator('[data-block-id="publishAt"] [data-role="time"]').fill("10:00");
    await modal.locator('[data-block-id="goal"] select').selectOption("awareness");
    await modal.locator('[data-block-id="contentType"] select').selectOption("text");
    await modal.locator('button[type="submit"]').click();

    const error = modal.locator('[data-error-for="publishAt"]');
    await expect.poll(() => error.innerText()).not.toBe("");
    expect(await modal.isVisible()).toBe(true);
    expect(await sandbox.greenlight.database.db.proposal.count()).toBe(0);

    await modal.locator('[data-block-id="publishAt"] [data-role="date"]').fill(dayFromNow(10));
    // A picture from "her computer": the page uploads it to the fake Slack's file store.
    await modal.locator('[data-block-id="visuals"] input[type="file"]').setInputFiles({
      name: "launch.png",
      mimeType: "image/png",
      buffer: ONE_PIXEL_PNG,
    });
    await expect
      .poll(() => modal.locator('[data-block-id="visuals"] .bk-files li').innerText())
      .toContain("launch.png");
    await modal.locator('button[type="submit"]').click();
    // Answered at once ("Sending for approval…"), then the same modal shows the result.
    await expect
      .poll(() => page.locator(".modal .modal-body").innerText())
      .toContain("Proposal #1 is saved");
    expect(await page.locator('.modal button[type="submit"]').count()).toBe(0);
    await page.locator(".modal .modal-footer button", { hasText: "Close" }).click();
    await expect.poll(() => page.locator(".modal").count()).toBe(0);

    await open("D_CAROL");
    await expect
      .poll(() => visibleText(messages("for a decision")))
      .toContain("is with @Bob Baker for a decision");
    expect(
      await messages("for a decision")
        .last()
        .locator('[data-action-id="proposal_withdraw"]')
        .count(),
    ).toBe(1);
  });

  it("Bob sees the request in his DM with Greenlight and approves it", async () => {
    await actAs("U_BOB");
    await expect
      .poll(() => page.innerText('[data-conversation="D_BOB"]'))
      .toMatch(/Greenlight\s*APP\s*1/);
    await open("D_BOB");
    const request = messages("Hello world");
    await expect.poll(() => request.count()).toBe(1);
    const text = await request.innerText();
    expect(text).toContain("@Carol Chen proposes this post");
    expect(text).toContain("LinkedIn");
    expect(await request.locator('[data-action-id="proposal_approve"]').innerText()).toBe(
      "Approve",
    );
    expect(await request.locator('[data-action-id="proposal_reject"]').count()).toBe(1);
    // Carol's picture is in the request, served from the fake Slack's file store.
    const picture = request.locator("img").first();
    await expect
      .poll(() =>
        picture.evaluate(
          // Runs in the page: a loaded <img> (no DOM types in this project's lib).
          (img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth,
        ),
      )
      .toBe(1);
    expect(await picture.getAttribute("src")).toMatch(/^\/sandbox\/files\/F/);

    await request.locator('[data-action-id="proposal_approve"]').click();
    await expect.poll(() => request.innerText()).toContain("Approved by @Bob Baker");
    expect(await request.locator("button").count()).toBe(0);
    expect(await request.innerText()).toContain("(edited)");
  });

  it("Carol reads the approval in her DM", async () => {
    await actAs("U_CAROL");
    await open("D_CAROL");
    await expect
      .poll(() => visibleText(messages("approved your proposal")))
      .toContain("@Bob Baker approved your proposal");
    // Her confirmation lost its Withdraw button once the proposal was decided.
    await expect
      .poll(() => page.locator('#messages [data-action-id="proposal_withdraw"]').count())
      .toBe(0);

    const shots = process.env.E2E_SCREENSHOT_DIR;
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, "sandbox-carol-approved.png") });
      await actAs("U_BOB");
      await open("D_BOB");
      await page.screenshot({ path: join(shots, "sandbox-bob-approved.png") });
    }
  });

  it("opens the app's Home tab (app_home_opened) and shows what Greenlight publishes", async () => {
    await actAs("U_DAVE");
    await page.click('[data-conversation="home"]');
    await expect.poll(() => page.innerText("#conversation-title")).toBe("Greenlight — Home");
    await expect.poll(() => sandbox.fake.callsTo("views.publish").length).toBeGreaterThan(0);
    await expect.poll(() => page.locator("#messages .blocks").count()).toBe(1);
    expect(await page.isHidden("#composer")).toBe(true);
    await open("C_GENERAL");
  });

  it("runs a job and resets the sandbox team", async () => {
    await page.click('button[data-job="approval-reminders"]');
    await expect.poll(() => page.innerText("#toast")).toContain("Approval reminders:");
    await page.click("#reset");
    await expect.poll(() => sandbox.greenlight.database.db.proposal.count()).toBe(0);
    expect(await sandbox.greenlight.database.db.roleAssignment.count()).toBe(0);
    await expect.poll(() => page.locator("#messages .message").count()).toBe(0);
  });
});
