import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";

/**
 * Global middleware: removes NUL characters (U+0000) from every string of an
 * incoming payload, in place, before any listener reads it. PostgreSQL text
 * cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00"), so a
 * proposal, a reason or a rotation typed with one would fail to store; no
 * Slack text needs it.
 */
export function stripNulCharacters(): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    clean(body);
    await next();
  };
}

function clean(value: unknown): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (typeof item === "string") value[i] = item.replaceAll("\u0000", "");
      else clean(item);
    }
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === "string") record[key] = item.replaceAll("\u0000", "");
      else clean(item);
    }
  }
}
