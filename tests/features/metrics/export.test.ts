import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, command, logFigures, withManager } from "./helpers.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-23T10:00:00Z" });
  await withManager(h);
});
afterEach(async () => {
  await h.close();
});

describe("/metrics export", () => {
  it("sends the caller a CSV of every figure, privately, in their DM with the app", async () => {
    await logFigures(h, ALICE, "linkedin", "2026-11-16", {
      reach: "1000",
      impressions: "2000",
      engagements: "90",
      clicks: "30",
      conversions: "3",
    });
    await logFigures(h, ALICE, "webcare", "2026-11-09", { responseMinutes: "45" });
    // More than 52 weeks ago: not in the default export.
    await h.database.db.metricsEntry.create({
      data: {
        teamId: h.fake.teamId,
        platform: "x",
        weekStart: "2025-11-17",
        reach: 5,
        loggedBy: ALICE,
      },
    });

    expect(await command(h, BOB, "/metrics", "export")).toBe(
      "Your CSV export is in your direct messages with Greenlight.",
    );
    const files = h.fake.allFiles();
    expect(files).toHaveLength(1);
    const [file] = files;
    expect(file?.filename).toBe("greenlight-figures-2025-12-01-to-2026-11-23.csv");
    expect(file?.completed).toBe(true);
    expect(file?.channels).toEqual([h.fake.dmIdFor(BOB)]);
    const csv = file?.bytes?.toString("utf8") ?? "";
    expect(csv.split("\r\n")).toEqual([
      "\uFEFFweek_start,platform,reach,impressions,engagements,clicks,conversions,followers_gained,engagement_rate_percent,ctr_percent,conversion_rate_percent,response_minutes,satisfaction",
      "2026-11-09,Webcare,,,,,,,,,,45,",
      "2026-11-16,LinkedIn,1000,2000,90,30,3,,4.5,1.5,10,,",
      "",
    ]);
    // The file came with a message in Bob's DM, and nowhere else.
    const dm = h.fake.dmsTo(BOB).at(-1);
    expect(dm?.files).toEqual([file?.id]);
    expect(dm?.text).toContain("2 rows");
    expect(h.fake.messagesIn("C_GENERAL")).toHaveLength(0);

    // Two years back finds the old X row too.
    await command(h, BOB, "/metrics", "export 104");
    expect(h.fake.allFiles().at(-1)?.bytes?.toString("utf8")).toContain("2025-11-17,X,5,");
  });

  it("nothing logged: says so and uploads nothing; a failed upload is told, not hidden", async () => {
    expect(await command(h, BOB, "/metrics", "export 4")).toBe(
      "No figures were logged in the last 4 weeks: there is nothing to export.",
    );
    expect(h.fake.allFiles()).toHaveLength(0);

    await logFigures(h, ALICE, "x", "2026-11-16", { reach: "10" });
    h.fake.failNext("files.getUploadURLExternal", { error: "file_uploads_disabled" });
    expect(await command(h, BOB, "/metrics", "export")).toBe(
      "The export could not be sent (Slack said `file_uploads_disabled`). Nothing was shared; try again in a moment.",
    );
    expect(h.fake.allFiles()).toHaveLength(0);
    expect(h.fake.dmsTo(BOB)).toHaveLength(0);
  });
});
