import type { WebClient } from "@slack/web-api";

/**
 * Uploads a file with Slack's external upload, the only one Slack keeps
 * (`files.upload` is retired): `files.getUploadURLExternal` gives an upload
 * URL and a file id, the bytes go to that URL, and
 * `files.completeUploadExternal` finishes it. The Web API client's
 * `files.uploadV2` does the three steps.
 *
 * Without `channelId` the file is the app's own, shown only where the app
 * puts it (an image block's `slack_file`); with one, it is shared there.
 */
export interface FileUpload {
  bytes: Buffer;
  filename: string;
  title: string;
  /** What a screen reader says for an image. */
  altText?: string;
  channelId?: string;
  /** The message the shared file comes with (only with `channelId`). */
  initialComment?: string;
}

interface CompletedUpload {
  files?: Array<{ id?: string }>;
}

/** Returns the new file's id. */
export async function uploadFile(client: WebClient, upload: FileUpload): Promise<string> {
  const result = await client.files.uploadV2({
    file: upload.bytes,
    filename: upload.filename,
    title: upload.title,
    ...(upload.altText !== undefined ? { alt_text: upload.altText } : {}),
    ...(upload.channelId !== undefined ? { channel_id: upload.channelId } : {}),
    ...(upload.initialComment !== undefined ? { initial_comment: upload.initialComment } : {}),
  });
  // One completion per call to files.completeUploadExternal, each with its files.
  const completions = (result as { files?: CompletedUpload[] }).files ?? [];
  const id = completions[0]?.files?.[0]?.id;
  if (!id) throw new Error("files.completeUploadExternal gave no file id");
  return id;
}
