/** The sandbox page's side of HTTP: JSON in and out, and the page's static files. */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// From the project root, so that the compiled dist/sandbox/ finds the page
// in src/ as well (tsc does not copy it).
const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../src/sandbox/page");
const STATIC: Record<string, { file: string; type: string }> = {
  "": { file: "index.html", type: "text/html; charset=utf-8" },
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

/** Serves one of the page's files if `subPath` names one; false otherwise. */
export async function servePageFile(subPath: string, res: ServerResponse): Promise<boolean> {
  const file = STATIC[subPath];
  if (!file) return false;
  const body = await readFile(join(PAGE_DIR, file.file));
  res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" }).end(body);
  return true;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    })
    .end(JSON.stringify(body));
}

/** The page's JSON bodies are small; an attached picture (base64) is the largest. */
export const MAX_PAGE_BODY_BYTES = 1024 * 1024;

/**
 * A JSON object body; `{}` when empty or not an object. Throws on malformed
 * JSON and on a body over `maxBytes` (read no further than that).
 */
export async function readJson(
  req: IncomingMessage,
  maxBytes = MAX_PAGE_BODY_BYTES,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`body over ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw.trim() === "") return {};
  const parsed: unknown = JSON.parse(raw);
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/** A string field of a JSON body, or "". */
export function stringField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === "string" ? value : "";
}
