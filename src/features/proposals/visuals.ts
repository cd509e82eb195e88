import { z } from "zod";

/**
 * Visuals are Slack files people attach (Block Kit's `file_input`): the app
 * keeps their ids and what it needs to show them (name, kind, link), never
 * their bytes. Pure: no Slack, no database.
 */

/** Slack's own cap on a file_input, and ours on a proposal. */
export const MAX_VISUALS = 10;

/** The file extensions the file inputs offer (Slack checks them in its client only). */
export const VISUAL_FILETYPES = [
  "jpg",
  "jpeg",
  "png",
  "gif",
  "webp",
  "heic",
  "mp4",
  "mov",
  "webm",
  "m4v",
] as const;

/** The content types that are nothing without a picture or a video. */
const NEEDS_VISUAL = new Set(["image", "video", "carousel", "story"]);

export function needsVisual(contentType: string): boolean {
  return NEEDS_VISUAL.has(contentType);
}

export const Visual = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: z.enum(["image", "video"]),
  mimetype: z.string(),
  /** The file's page in Slack, to name a video with a link. */
  permalink: z.string().nullable(),
});
export type Visual = z.infer<typeof Visual>;

const VisualList = z.array(Visual);

/** Reads the stored JSON; an unreadable value is treated as "no visuals" rather than crashing a screen. */
export function parseVisuals(stored: string | null | undefined): Visual[] {
  if (!stored) return [];
  try {
    const parsed = VisualList.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export function serializeVisuals(visuals: readonly Visual[]): string {
  return JSON.stringify(visuals);
}

/** A file as Slack describes it in a file_input submission or `files.info`. */
export const SlackFile = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  title: z.string().optional(),
  mimetype: z.string().optional(),
  filetype: z.string().optional(),
  permalink: z.string().optional(),
});
export type SlackFile = z.infer<typeof SlackFile>;

/** Reads the files of a file_input state entry (untrusted). */
export function filesOf(state: unknown): SlackFile[] {
  const files = (state as { files?: unknown } | null | undefined)?.files;
  if (!Array.isArray(files)) return [];
  return files.flatMap((file) => {
    const parsed = SlackFile.safeParse(file);
    return parsed.success ? [parsed.data] : [];
  });
}

const IMAGE_TYPES = new Set(["jpg", "jpeg", "png", "gif", "webp", "heic", "bmp"]);
const VIDEO_TYPES = new Set(["mp4", "mov", "webm", "m4v", "avi", "mkv", "mpg", "mpeg"]);

/** An image or a video, by MIME type first, then Slack's filetype; null for anything else. */
export function kindOf(file: SlackFile): Visual["kind"] | null {
  const mime = file.mimetype ?? "";
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("video/")) return "video";
  const type = (file.filetype ?? "").toLowerCase();
  if (IMAGE_TYPES.has(type)) return "image";
  if (VIDEO_TYPES.has(type)) return "video";
  return null;
}

export type VisualsResult =
  | { ok: true; visuals: Visual[] }
  | { ok: false; error: "not_media"; names: string[] }
  | { ok: false; error: "too_many"; count: number };

/** Turns submitted files into visuals: images and videos only, at most ten. */
export function toVisuals(files: readonly SlackFile[]): VisualsResult {
  if (files.length > MAX_VISUALS) return { ok: false, error: "too_many", count: files.length };
  const refused = files.filter((file) => kindOf(file) === null);
  if (refused.length > 0) {
    return { ok: false, error: "not_media", names: refused.map((f) => f.name ?? f.id) };
  }
  return {
    ok: true,
    visuals: files.map((file) => ({
      id: file.id,
      name: file.name ?? file.title ?? file.id,
      kind: kindOf(file) as Visual["kind"],
      mimetype: file.mimetype ?? "",
      permalink: file.permalink ?? null,
    })),
  };
}

/** Adds visuals to a list, without repeating a file and within the cap. */
export function mergeVisuals(current: readonly Visual[], added: readonly Visual[]): Visual[] {
  const seen = new Set(current.map((visual) => visual.id));
  const merged = [...current];
  for (const visual of added) {
    if (seen.has(visual.id) || merged.length >= MAX_VISUALS) continue;
    seen.add(visual.id);
    merged.push(visual);
  }
  return merged;
}
