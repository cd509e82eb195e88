import { describe, expect, it } from "vitest";
import {
  CONTENT_TYPES,
  GOALS,
  PLATFORM_RULES,
  PLATFORMS,
  countFor,
  validateProposal,
  validationMessages,
  type ProposalInput,
} from "../../src/features/proposals/validation.ts";

const now = new Date("2026-05-04T10:00:00Z");
const tomorrow = new Date("2026-05-05T10:00:00Z");

const valid: ProposalInput = {
  text: "Spring collection is out!",
  platforms: ["x"],
  publishAt: tomorrow,
  goal: "awareness",
  contentType: "image",
  linkUrl: null,
  notes: null,
};

const errorsOf = (patch: Partial<ProposalInput>) => {
  const result = validateProposal({ ...valid, ...patch }, now);
  return result.ok ? {} : result.errors;
};

describe("the lists the modal offers", () => {
  it("nine platforms, five goals, six content types, each with a label", () => {
    expect(PLATFORMS.map((p) => p.label)).toEqual([
      "X",
      "LinkedIn",
      "Instagram",
      "Facebook",
      "TikTok",
      "YouTube",
      "Threads",
      "Bluesky",
      "Mastodon",
    ]);
    expect(GOALS.map((g) => g.id)).toEqual([
      "awareness",
      "engagement",
      "leads",
      "customer_service",
      "traffic",
    ]);
    expect(GOALS.find((g) => g.id === "customer_service")?.label).toBe("Customer service");
    expect(CONTENT_TYPES.map((c) => c.id)).toEqual([
      "text",
      "image",
      "video",
      "link",
      "carousel",
      "story",
    ]);
    expect(Object.keys(PLATFORM_RULES).sort()).toEqual(PLATFORMS.map((p) => p.id).sort());
  });

  it.each([
    ["x", 280, false],
    ["linkedin", 3000, false],
    ["instagram", 2200, true],
    ["facebook", 63206, false],
    ["tiktok", 2200, true],
    ["youtube", 5000, true],
    ["threads", 500, false],
    ["bluesky", 300, false],
    ["mastodon", 500, false],
  ] as const)("%s: %i, media required: %s", (platform, max, media) => {
    expect(PLATFORM_RULES[platform].maxLength).toBe(max);
    expect(PLATFORM_RULES[platform].requiresMedia).toBe(media);
  });
});

describe("countFor", () => {
  const url100 = `https://example.com/${"a".repeat(80)}`;
  it.each([
    ["x", "a".repeat(280), 280],
    ["x", `${"a".repeat(250)} ${url100}`, 274], // 250 + space + 23
    ["x", "日本語", 6], // CJK weighs 2 on X
    ["x", "😀", 2],
    ["x", "👨‍👩‍👧", 2], // one emoji sequence
    ["x", "café", 4],
    ["bluesky", "👨‍👩‍👧", 1],
    ["bluesky", "🇫🇷é", 2],
    ["bluesky", "e\u0301", 1], // e + combining accent is one grapheme
    ["mastodon", `${"a".repeat(10)} ${url100}`, 34],
    ["mastodon", "see https://a.io and https://b.io/x", 55], // 4 + 23 + 5 + 23
    ["mastodon", "😀", 1],
    ["linkedin", "😀", 1], // code points
    ["linkedin", `a ${url100}`, 2 + url100.length], // URLs count in full
    ["tiktok", "😀", 2], // UTF-16 units, as the API counts
    ["youtube", "é", 2], // UTF-8 bytes
    ["youtube", "日", 3],
    ["youtube", "😀", 4],
    ["threads", "hello", 5],
    ["threads", "😀", 4], // emoji count their UTF-8 bytes
    ["threads", "é日", 2], // other characters count 1
  ] as const)("%s counts %j as %i", (platform, text, expected) => {
    expect(countFor(platform, text)).toBe(expected);
  });
});

describe("validateProposal", () => {
  it("accepts a valid proposal and returns it cleaned", () => {
    const result = validateProposal(
      {
        ...valid,
        text: "  Spring collection is out!\n",
        platforms: ["x", "instagram", "x"],
        linkUrl: " https://example.com/spring ",
        notes: "   ",
      },
      now,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        text: "Spring collection is out!",
        platforms: ["x", "instagram"],
        publishAt: tomorrow,
        goal: "awareness",
        contentType: "image",
        linkUrl: "https://example.com/spring",
        notes: null,
        visuals: null,
      },
    });
  });

  it.each([
    ["empty text", { text: "" }, "text", validationMessages.textRequired],
    ["blank text", { text: " \n\t " }, "text", validationMessages.textRequired],
    ["no platform", { platforms: [] }, "platforms", validationMessages.platformsRequired],
    [
      "unknown platform",
      { platforms: ["x", "myspace"] },
      "platforms",
      "Unknown platform: myspace.",
    ],
    ["no publish time", { publishAt: null }, "publishAt", validationMessages.publishAtRequired],
    [
      "invalid publish time",
      { publishAt: new Date(Number.NaN) },
      "publishAt",
      validationMessages.publishAtRequired,
    ],
    [
      "publish time in the past",
      { publishAt: new Date("2026-05-04T09:59:00Z") },
      "publishAt",
      "The publish time is in the past.",
    ],
    [
      "publish time exactly now",
      { publishAt: now },
      "publishAt",
      "The publish time is in the past.",
    ],
    ["no goal", { goal: null }, "goal", validationMessages.goalRequired],
    ["blank goal", { goal: "" }, "goal", validationMessages.goalRequired],
    ["unknown goal", { goal: "vanity" }, "goal", validationMessages.goalUnknown],
    [
      "no content type",
      { contentType: null },
      "contentType",
      validationMessages.contentTypeRequired,
    ],
    [
      "unknown content type",
      { contentType: "hologram" },
      "contentType",
      validationMessages.contentTypeUnknown,
    ],
    [
      "notes too long",
      { notes: "n".repeat(2001) },
      "notes",
      "The notes are too long: 2,001 of 2,000 characters.",
    ],
    [
      "text over Slack's 3,000",
      { text: "a".repeat(3001), platforms: ["facebook"] },
      "text",
      "The text is too long: 3,001 of 3,000 characters.",
    ],
  ] as const)("%s", (_, patch, field, message) => {
    expect(errorsOf(patch as Partial<ProposalInput>)).toEqual({ [field]: message });
  });

  it("a second later is the future", () => {
    expect(validateProposal({ ...valid, publishAt: new Date(now.getTime() + 1000) }, now).ok).toBe(
      true,
    );
  });

  it("notes of 2,000 characters and text of 3,000 are fine where the platform allows", () => {
    expect(
      validateProposal(
        { ...valid, platforms: ["facebook"], text: "a".repeat(3000), notes: "n".repeat(2000) },
        now,
      ).ok,
    ).toBe(true);
  });

  it("collects every error at once, one per field", () => {
    const result = validateProposal(
      {
        text: "",
        platforms: [],
        publishAt: null,
        goal: null,
        contentType: null,
        linkUrl: "notaurl",
        notes: "n".repeat(2001),
      },
      now,
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(
      ["contentType", "goal", "linkUrl", "notes", "platforms", "publishAt", "text"].sort(),
    );
  });

  describe("length per platform", () => {
    const url100 = `https://example.com/${"a".repeat(80)}`;
    it.each([
      ["280 characters on X", "x", "a".repeat(280), undefined],
      [
        "300 characters on X",
        "x",
        "a".repeat(300),
        "Too long for X: 300 of 280 characters (links count as 23, emoji and CJK characters as 2).",
      ],
      [
        "250 characters and a 100-character link on X (the link weighs 23)",
        "x",
        `${"a".repeat(250)} ${url100}`,
        undefined,
      ],
      [
        "150 CJK characters on X (each weighs 2)",
        "x",
        "字".repeat(150),
        "Too long for X: 300 of 280 characters (links count as 23, emoji and CJK characters as 2).",
      ],
      ["140 CJK characters on X", "x", "字".repeat(140), undefined],
      ["140 emoji on X", "x", "😀".repeat(140), undefined],
      [
        "141 emoji on X",
        "x",
        "😀".repeat(141),
        "Too long for X: 282 of 280 characters (links count as 23, emoji and CJK characters as 2).",
      ],
      ["300 family emoji on Bluesky (graphemes)", "bluesky", "👨‍👩‍👧".repeat(300), undefined],
      [
        "301 characters on Bluesky",
        "bluesky",
        "a".repeat(301),
        "Too long for Bluesky: 301 of 300 characters.",
      ],
      [
        "500 characters with a long link on Mastodon",
        "mastodon",
        `${"a".repeat(470)} ${url100}`,
        undefined,
      ],
      [
        "501 characters on Threads",
        "threads",
        "a".repeat(501),
        "Too long for Threads: 501 of 500 characters (an emoji counts as its size in bytes, usually 4).",
      ],
      [
        "126 emoji on Threads (4 bytes each)",
        "threads",
        "😀".repeat(126),
        "Too long for Threads: 504 of 500 characters (an emoji counts as its size in bytes, usually 4).",
      ],
      ["2,201 characters on LinkedIn", "linkedin", "a".repeat(2201), undefined],
    ] as const)("%s", (_, platform, text, message) => {
      const contentType = PLATFORM_RULES[platform].requiresMedia ? "video" : "text";
      expect(errorsOf({ text, platforms: [platform], contentType }).text).toBe(message);
    });

    it("each chosen platform reports what it is over by, in the order chosen", () => {
      const errors = errorsOf({
        text: "a".repeat(600),
        platforms: ["linkedin", "x", "bluesky", "threads", "mastodon"],
        contentType: "text",
      });
      expect(errors).toEqual({
        text:
          "Too long for X: 600 of 280 characters (links count as 23, emoji and CJK characters as 2). " +
          "Too long for Bluesky: 600 of 300 characters. " +
          "Too long for Threads: 600 of 500 characters (an emoji counts as its size in bytes, usually 4). " +
          "Too long for Mastodon: 600 of 500 characters (links count as 23).",
      });
    });

    it("YouTube counts bytes and refuses < and >", () => {
      expect(
        errorsOf({ text: "é".repeat(2501), platforms: ["youtube"], contentType: "video" }).text,
      ).toBe("Too long for YouTube: 5,002 of 5,000 bytes.");
      expect(errorsOf({ text: "a <b> c", platforms: ["youtube"], contentType: "video" }).text).toBe(
        "YouTube does not accept < or > in the text.",
      );
      expect(errorsOf({ text: "a <b> c", platforms: ["x"] }).text).toBeUndefined();
    });

    it("TikTok counts UTF-16 units: 1,100 emoji fit, 1,101 do not", () => {
      expect(
        errorsOf({ text: "😀".repeat(1100), platforms: ["tiktok"], contentType: "video" }),
      ).toEqual({});
      expect(
        errorsOf({ text: "😀".repeat(1101), platforms: ["tiktok"], contentType: "video" }).text,
      ).toBe("Too long for TikTok: 2,202 of 2,200 characters (emoji count as 2).");
    });
  });

  describe("content type per platform", () => {
    it.each([
      ["instagram", "image", true],
      ["instagram", "video", true],
      ["instagram", "carousel", true],
      ["instagram", "story", true],
      ["instagram", "text", false],
      ["instagram", "link", false],
      ["tiktok", "video", true],
      ["tiktok", "image", true],
      ["tiktok", "carousel", true],
      ["tiktok", "story", false],
      ["tiktok", "text", false],
      ["youtube", "video", true],
      ["youtube", "image", false],
      ["youtube", "text", false],
      ["facebook", "story", true],
      ["facebook", "text", true],
      ["x", "story", false],
      ["linkedin", "story", false],
      ["x", "text", true],
      ["bluesky", "link", true],
    ] as const)("%s with %s: %s", (platform, contentType, ok) => {
      expect(errorsOf({ platforms: [platform], contentType }).contentType === undefined).toBe(ok);
    });

    it.each([
      [
        "instagram",
        "text",
        "Instagram needs image or video content: choose image, video, carousel or story.",
      ],
      ["tiktok", "link", "TikTok needs image or video content: choose video, image or carousel."],
      ["youtube", "image", "YouTube needs image or video content: choose video."],
      ["x", "story", "X does not publish story posts."],
    ] as const)("%s with %s says so", (platform, contentType, message) => {
      expect(errorsOf({ platforms: [platform], contentType }).contentType).toBe(message);
    });

    it("several media platforms each report", () => {
      expect(errorsOf({ platforms: ["x", "instagram", "youtube"], contentType: "text" })).toEqual({
        contentType:
          "Instagram needs image or video content: choose image, video, carousel or story. " +
          "YouTube needs image or video content: choose video.",
      });
    });
  });

  describe("link URL", () => {
    it.each([
      "https://example.com",
      "http://example.com/path?q=1#top",
      "https://www.example.co.uk/a",
      "https://example.com:8443/x",
      "https://例子.测试/", // IDN, punycoded by URL
      "HTTPS://Example.COM/Spring",
    ])("%s is fine", (linkUrl) => {
      expect(errorsOf({ linkUrl })).toEqual({});
    });

    it.each([
      "javascript:alert(1)",
      "notaurl",
      "example.com",
      "http://localhost",
      "http://localhost:3000/x",
      "https://127.0.0.1/",
      "ftp://example.com/file",
      "mailto:hello@example.com",
      "data:text/html,<script>alert(1)</script>",
      "https://user:pass@example.com/",
      "https://exa mple.com",
      "//example.com",
    ])("%s is refused", (linkUrl) => {
      expect(errorsOf({ linkUrl })).toEqual({ linkUrl: validationMessages.linkUrlInvalid });
    });

    it("empty or missing is fine", () => {
      expect(errorsOf({ linkUrl: "" })).toEqual({});
      expect(errorsOf({ linkUrl: undefined })).toEqual({});
    });
  });
});

describe("visuals", () => {
  const base = {
    text: "Hello",
    platforms: ["instagram"],
    publishAt: new Date("2027-01-01T10:00:00Z"),
    goal: "awareness",
    contentType: "image",
  };
  const now = new Date("2026-11-23T10:00:00Z");
  it("keeps images and videos, by MIME type or file type", () => {
    const result = validateProposal(
      {
        ...base,
        files: [
          { id: "F1", name: "a.png", mimetype: "image/png" },
          { id: "F2", name: "b.MOV", filetype: "mov" },
        ],
      },
      now,
    );
    expect(result.ok && result.value.visuals?.map((v) => [v.id, v.kind])).toEqual([
      ["F1", "image"],
      ["F2", "video"],
    ]);
  });
  it("refuses other files and more than ten, on the visuals field", () => {
    const pdf = validateProposal(
      { ...base, files: [{ id: "F1", name: "brief.pdf", mimetype: "application/pdf" }] },
      now,
    );
    expect(!pdf.ok && pdf.errors.visuals).toMatch(/brief\.pdf is neither/);
    const many = validateProposal(
      {
        ...base,
        files: Array.from({ length: 11 }, (_, i) => ({ id: `F${i}`, mimetype: "image/png" })),
      },
      now,
    );
    expect(!many.ok && many.errors.visuals).toMatch(/At most 10 visuals per post \(11 attached\)/);
  });
});
