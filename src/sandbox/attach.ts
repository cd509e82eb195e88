/**
 * A picture a person attaches from their computer on the sandbox page, for a
 * modal's file_input: it goes into the fake Slack's file store, as Slack
 * stores what a person attaches, so files.info and slack_file image blocks
 * find it. Only PNG, JPEG and GIF, recognised from their bytes (never from the
 * name or the browser's word), so the page only ever serves back an image.
 */
import { z } from "zod";
import type { FakeFile, FakeSlack } from "./fake-slack.ts";

/** A picture's own limit; its base64 in the page's JSON body stays under readJson's cap. */
export const MAX_ATTACH_BYTES = 5 * 1024 * 1024;
/** The JSON body of `POST /sandbox/attach`: base64 is 4/3 of the bytes, plus the name. */
export const MAX_ATTACH_BODY_BYTES = Math.ceil((MAX_ATTACH_BYTES * 4) / 3) + 4096;

const Attach = z.object({
  name: z.string().trim().min(1).max(200),
  data: z
    .string()
    .min(1)
    .max(MAX_ATTACH_BODY_BYTES)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/),
});

const IMAGE_KINDS = [
  { filetype: "png", mimetype: "image/png", test: (b: Buffer) => b.subarray(0, 8).equals(PNG) },
  {
    filetype: "jpg",
    mimetype: "image/jpeg",
    test: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  },
  {
    filetype: "gif",
    mimetype: "image/gif",
    test: (b: Buffer) => b.toString("latin1", 0, 4) === "GIF8",
  },
] as const;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type AttachResult = { ok: true; file: FakeFile } | { ok: false; error: string };

/** Stores the picture `body` describes as a file `userId` attached, or says why not. */
export function attachPicture(
  fake: FakeSlack,
  userId: string,
  body: Record<string, unknown>,
): AttachResult {
  const parsed = Attach.safeParse(body);
  if (!parsed.success) return { ok: false, error: "Choose a picture (PNG, JPEG or GIF)." };
  const bytes = Buffer.from(parsed.data.data, "base64");
  if (bytes.length === 0 || bytes.length > MAX_ATTACH_BYTES) {
    return { ok: false, error: "Pictures in the sandbox are at most 5 MB." };
  }
  const kind = IMAGE_KINDS.find((k) => k.test(bytes));
  if (!kind) return { ok: false, error: "Only PNG, JPEG and GIF pictures can be attached here." };
  // The name as the person's computer had it, without any folder, ending as the bytes are.
  const base = (parsed.data.name.split(/[\\/]/).pop() ?? "").replace(/\p{Cc}/gu, "");
  const stem = base.replace(/\.[^.]*$/, "") || "picture";
  const file = fake.addFile({
    name: `${stem.slice(0, 80)}.${kind.filetype}`,
    mimetype: kind.mimetype,
    filetype: kind.filetype,
    user: userId,
    bytes,
  });
  return { ok: true, file };
}
