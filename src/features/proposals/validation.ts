import twitterText from "@ambassify/twitter-text";
import { z } from "zod";
import type { Lang } from "../../i18n/lang.ts";
// The catalogs themselves, not messages.ts (which imports this file): no import cycle.
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";
import { addYears } from "date-fns/addYears";
import { MAX_VISUALS, toVisuals, type SlackFile, type Visual } from "./visuals.ts";

/**
 * What a proposal must satisfy before it is stored — pure, no Slack.
 *
 * The modal's listener maps each `ProposalField` to its block id and shows
 * the message next to that field; nothing is stored until `validateProposal`
 * returns ok. Every user-facing sentence lives in the catalogs (messages.en.ts, messages.fr.ts).
 */

export const PLATFORMS = [
  { id: "x", label: "X" },
  { id: "linkedin", label: "LinkedIn" },
  { id: "instagram", label: "Instagram" },
  { id: "facebook", label: "Facebook" },
  { id: "tiktok", label: "TikTok" },
  { id: "youtube", label: "YouTube" },
  { id: "threads", label: "Threads" },
  { id: "bluesky", label: "Bluesky" },
  { id: "mastodon", label: "Mastodon" },
] as const;
export type PlatformId = (typeof PLATFORMS)[number]["id"];

export const GOALS = [
  { id: "awareness", label: "Awareness" },
  { id: "engagement", label: "Engagement" },
  { id: "leads", label: "Leads" },
  { id: "customer_service", label: "Customer service" },
  { id: "traffic", label: "Traffic" },
] as const;
export type GoalId = (typeof GOALS)[number]["id"];

export const CONTENT_TYPES = [
  { id: "text", label: "Text" },
  { id: "image", label: "Image" },
  { id: "video", label: "Video" },
  { id: "link", label: "Link" },
  { id: "carousel", label: "Carousel" },
  { id: "story", label: "Story" },
] as const;
export type ContentTypeId = (typeof CONTENT_TYPES)[number]["id"];

/**
 * How a platform measures a post's length.
 * - `x-weighted`: twitter-text's weighted length (URLs 23, CJK and emoji 2).
 * - `code-points`: Unicode code points (what people call characters).
 * - `utf16`: UTF-16 code units (emoji and other astral characters count 2).
 * - `utf8-bytes`: UTF-8 bytes (accented letters 2, CJK 3, emoji 4).
 * - `graphemes`: user-perceived characters (a family emoji counts 1).
 * - `urls-23`: code points, but every URL counts 23 whatever its length.
 * - `emoji-bytes`: code points, but each emoji counts its UTF-8 bytes.
 */
export type Counting =
  "x-weighted" | "code-points" | "utf16" | "utf8-bytes" | "graphemes" | "urls-23" | "emoji-bytes";

export interface PlatformRule {
  /** Longest text the platform takes, in `counting` units. */
  maxLength: number;
  counting: Counting;
  /** True when the platform publishes nothing without an image or a video. */
  requiresMedia: boolean;
  /** The content types the platform can publish. */
  contentTypes: readonly ContentTypeId[];
  /** Characters the platform refuses in the text. */
  forbiddenCharacters?: readonly string[];
}

/**
 * Each platform's text limit and media needs. Content types: "story" exists
 * only on Instagram and Facebook (X Fleets ended 2021, LinkedIn Stories ended
 * 2021, YouTube Stories ended 2023); "carousel" means several images/videos in
 * one post, which every platform but YouTube accepts in some form.
 */
export const PLATFORM_RULES: Readonly<Record<PlatformId, PlatformRule>> = {
  // X: 280, weighted as twitter-text v3 counts it (https://docs.x.com/resources/fundamentals/counting-characters):
  // URLs count 23, CJK and emoji 2. The free tier's limit; paid accounts may post more.
  x: {
    maxLength: 280,
    counting: "x-weighted",
    requiresMedia: false,
    contentTypes: ["text", "image", "video", "link", "carousel"],
  },
  // LinkedIn: post commentary up to 3,000 characters (LinkedIn Help, "Share a post").
  linkedin: {
    maxLength: 3000,
    counting: "code-points",
    requiresMedia: false,
    contentTypes: ["text", "image", "video", "link", "carousel"],
  },
  // Instagram: caption up to 2,200 characters; the Graph API publishes only
  // images, videos/reels, carousels and stories (Instagram Graph API, IG Media: "caption").
  instagram: {
    maxLength: 2200,
    counting: "code-points",
    requiresMedia: true,
    contentTypes: ["image", "video", "carousel", "story"],
  },
  // Facebook: 63,206 characters per post (Facebook's long-standing documented post limit).
  facebook: {
    maxLength: 63206,
    counting: "code-points",
    requiresMedia: false,
    contentTypes: ["text", "image", "video", "link", "carousel", "story"],
  },
  // TikTok: 2,200 UTF-16 code units, the video caption limit of the Content
  // Posting API (Direct Post, `post_info.title`: "max 2200 UTF-16 runes"). Photo
  // posts allow a longer description (4,000), but 2,200 fits every post type.
  // Video, or images in photo mode (one image or a carousel of up to 35).
  tiktok: {
    maxLength: 2200,
    counting: "utf16",
    requiresMedia: true,
    contentTypes: ["video", "image", "carousel"],
  },
  // YouTube: a video's description, at most 5,000 bytes, with no < or >
  // (YouTube Data API, videos resource, `snippet.description`). Only videos
  // can be published through the API, so only "video" is accepted.
  youtube: {
    maxLength: 5000,
    counting: "utf8-bytes",
    requiresMedia: true,
    contentTypes: ["video"],
    forbiddenCharacters: ["<", ">"],
  },
  // Threads: 500 characters, emoji counted as their UTF-8 bytes (Threads API, "Posts": Limitations).
  threads: {
    maxLength: 500,
    counting: "emoji-bytes",
    requiresMedia: false,
    contentTypes: ["text", "image", "video", "link", "carousel"],
  },
  // Bluesky: 300 graphemes (AT Protocol lexicon app.bsky.feed.post: text maxGraphemes 300).
  bluesky: {
    maxLength: 300,
    counting: "graphemes",
    requiresMedia: false,
    contentTypes: ["text", "image", "video", "link", "carousel"],
  },
  // Mastodon: 500 characters by default (servers may raise it), every URL
  // counting 23 (Mastodon docs, "Publishing a status"; StatusLengthValidator).
  mastodon: {
    maxLength: 500,
    counting: "urls-23",
    requiresMedia: false,
    contentTypes: ["text", "image", "video", "link", "carousel"],
  },
};

/** Slack's plain-text input holds at most 3,000 characters. */
export const MAX_TEXT_LENGTH = 3000;
export const MAX_NOTES_LENGTH = 2000;
/** Posts are planned weeks ahead, not centuries: a far date is a slip (or a forged request). */
export const MAX_PUBLISH_YEARS_AHEAD = 2;
/** What X and Mastodon count for any URL, whatever its length. */
const URL_WEIGHT = 23;

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const utf8 = new TextEncoder();

function codePoints(text: string): number {
  return [...text].length;
}

/** The length of `text` as `platformId` counts it, in the unit of its limit. */
export function countFor(platformId: PlatformId, text: string): number {
  switch (PLATFORM_RULES[platformId].counting) {
    case "x-weighted":
      return twitterText.parseTweet(text).weightedLength;
    case "graphemes":
      return [...graphemes.segment(text)].length;
    case "utf16":
      return text.length;
    case "utf8-bytes":
      return utf8.encode(text).length;
    case "urls-23": {
      const urls = twitterText.extractUrls(text);
      const urlLength = urls.reduce((sum, url) => sum + codePoints(url), 0);
      return codePoints(text) - urlLength + urls.length * URL_WEIGHT;
    }
    case "emoji-bytes":
      // A cluster with a pictographic or flag code point is an emoji; © and ®
      // are pictographic too, which over-counts them by one: safer than under.
      return [...graphemes.segment(text)].reduce(
        (sum, { segment }) =>
          sum + (EMOJI.test(segment) ? utf8.encode(segment).length : codePoints(segment)),
        0,
      );
    case "code-points":
      return codePoints(text);
  }
}

const labelOf = (id: PlatformId): string => PLATFORMS.find((p) => p.id === id)?.label ?? id;

/** The English field errors (tests and the link schema's own message); a modal uses its reader's. */
export const validationMessages = en.validation;
const VALIDATION_MESSAGES = { en: en.validation, fr: fr.validation };

export type ProposalField =
  "text" | "platforms" | "publishAt" | "goal" | "contentType" | "linkUrl" | "notes" | "visuals";

/** What the modal hands over, already read from its blocks but not yet trusted. */
export interface ProposalInput {
  text: string;
  platforms: string[];
  publishAt: Date | null;
  goal: string | null;
  contentType: string | null;
  linkUrl?: string | null;
  notes?: string | null;
  /** Files attached in the Visuals input; absent or empty when none were. */
  files?: readonly SlackFile[];
}

export interface ValidProposal {
  /** Trimmed: leading and trailing blanks are not part of the post. */
  text: string;
  /** Without duplicates, in the order chosen. */
  platforms: PlatformId[];
  publishAt: Date;
  goal: GoalId;
  contentType: ContentTypeId;
  /** Trimmed; null when left empty. */
  linkUrl: string | null;
  /** Trimmed; null when left empty. */
  notes: string | null;
  /** The attached images and videos; null when none were attached (an edit keeps the earlier ones). */
  visuals: Visual[] | null;
}

export type ValidationResult =
  | { ok: true; value: ValidProposal }
  | { ok: false; errors: Partial<Record<ProposalField, string>> };

const PLATFORM_IDS = PLATFORMS.map((p) => p.id);
const GOAL_IDS = GOALS.map((g) => g.id);
const CONTENT_TYPE_IDS = CONTENT_TYPES.map((c) => c.id);
const isOneOf = <T extends string>(ids: readonly T[], value: string): value is T =>
  (ids as readonly string[]).includes(value);

/**
 * A host name with at least one dot and a real top-level domain (letters, or
 * an IDN's `xn--` form). Rules out `localhost`, bare words and IP addresses:
 * a published post links to a public site.
 */
const PUBLIC_HOST =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i;

/** Optional link: absolute http(s), public host, no `user:password@` (a phishing disguise). */
export const linkUrlSchema = z
  .url({ protocol: /^https?$/, hostname: PUBLIC_HOST, message: validationMessages.linkUrlInvalid })
  .refine((value) => {
    // Zod runs refinements after a failed check too; that failure is already reported.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.username === "" && url.password === "";
  }, validationMessages.linkUrlInvalid);

/** Trimmed text or null when blank: an empty optional field is "not given". */
function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

/**
 * Checks every field and returns either the clean proposal or one message per
 * field that is wrong — all of them at once, so the modal shows every problem
 * in one round trip. Cross-field rules (length per platform, media per
 * platform) are reported on the text and content-type fields respectively.
 */
export function validateProposal(
  input: ProposalInput,
  now: Date,
  lang: Lang = "en",
): ValidationResult {
  const m = VALIDATION_MESSAGES[lang];
  const errors: Partial<Record<ProposalField, string>> = {};

  // Platforms first: the text and content-type rules depend on them.
  const platforms = [...new Set(input.platforms)];
  const unknown = platforms.filter((id) => !isOneOf(PLATFORM_IDS, id));
  const known = platforms.filter((id): id is PlatformId => isOneOf(PLATFORM_IDS, id));
  if (platforms.length === 0) errors.platforms = m.platformsRequired;
  else if (unknown.length > 0) errors.platforms = m.platformsUnknown(unknown);

  const text = input.text.trim();
  if (text === "") {
    errors.text = m.textRequired;
  } else {
    const problems: string[] = [];
    const length = codePoints(text);
    if (length > MAX_TEXT_LENGTH) {
      problems.push(m.textTooLongOverall(length, MAX_TEXT_LENGTH));
    }
    for (const platform of known) {
      const rule = PLATFORM_RULES[platform];
      const count = countFor(platform, text);
      if (count > rule.maxLength) {
        problems.push(m.textTooLongFor(labelOf(platform), count, rule.maxLength, rule.counting));
      }
      const forbidden = (rule.forbiddenCharacters ?? []).filter((c) => text.includes(c));
      if (forbidden.length > 0) {
        problems.push(m.textForbiddenCharacters(labelOf(platform), forbidden));
      }
    }
    if (problems.length > 0) errors.text = problems.join(" ");
  }

  const publishAt = input.publishAt;
  if (publishAt === null || Number.isNaN(publishAt.getTime())) {
    errors.publishAt = m.publishAtRequired;
  } else if (publishAt.getTime() <= now.getTime()) {
    errors.publishAt = m.publishAtInPast;
  } else if (publishAt.getTime() > addYears(now, MAX_PUBLISH_YEARS_AHEAD).getTime()) {
    errors.publishAt = m.publishAtTooFar(MAX_PUBLISH_YEARS_AHEAD);
  }

  const goal = input.goal?.trim() ?? "";
  if (goal === "") errors.goal = m.goalRequired;
  else if (!isOneOf(GOAL_IDS, goal)) errors.goal = m.goalUnknown;

  const contentType = input.contentType?.trim() ?? "";
  if (contentType === "") {
    errors.contentType = m.contentTypeRequired;
  } else if (!isOneOf(CONTENT_TYPE_IDS, contentType)) {
    errors.contentType = m.contentTypeUnknown;
  } else {
    const problems = known.flatMap((platform) => {
      const rule = PLATFORM_RULES[platform];
      if (rule.contentTypes.includes(contentType)) return [];
      return rule.requiresMedia
        ? [m.contentTypeNeedsMedia(labelOf(platform), rule.contentTypes)]
        : [m.contentTypeNotOn(labelOf(platform), contentType)];
    });
    if (problems.length > 0) errors.contentType = problems.join(" ");
  }

  const linkUrl = optionalText(input.linkUrl);
  if (linkUrl !== null && !linkUrlSchema.safeParse(linkUrl).success) {
    errors.linkUrl = m.linkUrlInvalid;
  }

  const notes = optionalText(input.notes);
  if (notes !== null && codePoints(notes) > MAX_NOTES_LENGTH) {
    errors.notes = m.notesTooLong(codePoints(notes), MAX_NOTES_LENGTH);
  }

  let visuals: Visual[] | null = null;
  if (input.files && input.files.length > 0) {
    const result = toVisuals(input.files);
    if (result.ok) visuals = result.visuals;
    else if (result.error === "too_many") {
      errors.visuals = m.visualsTooMany(MAX_VISUALS, result.count);
    } else errors.visuals = m.visualsNotMedia(result.names);
  }

  // Re-checking the narrowed values lets TypeScript see what the checks above proved.
  if (
    Object.keys(errors).length > 0 ||
    publishAt === null ||
    !isOneOf(GOAL_IDS, goal) ||
    !isOneOf(CONTENT_TYPE_IDS, contentType)
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: { text, platforms: known, publishAt, goal, contentType, linkUrl, notes, visuals },
  };
}
