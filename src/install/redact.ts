import { format } from "node:util";
import { LogLevel, type Logger } from "@slack/bolt";

/**
 * Slack tokens (bot xoxb-, refresh xoxe-, user xoxp-, app xapp-, …) never
 * reach a log: every line goes through this filter, whatever wrote it (our
 * code, Bolt, the Web API client, the OAuth installer).
 */
const TOKEN = /\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g;

export function redactTokens(text: string): string {
  return text.replace(TOKEN, (_match, kind: string) => `${kind}-[redacted]`);
}

function redact(value: unknown): unknown {
  if (typeof value === "string") return redactTokens(value);
  if (value instanceof Error) {
    const copy = new Error(redactTokens(value.message));
    copy.name = value.name;
    copy.stack = value.stack ? redactTokens(value.stack) : undefined;
    return copy;
  }
  if (value !== null && typeof value === "object") {
    try {
      return redactTokens(JSON.stringify(value));
    } catch {
      return "[unprintable]";
    }
  }
  return value;
}

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/** A console logger, used when no other is given. */
function consoleLogger(initial: LogLevel): Logger {
  let level = initial;
  let name = "greenlight";
  const write =
    (at: LogLevel, out: NodeJS.WriteStream) =>
    (...messages: unknown[]) => {
      if (ORDER[at] >= ORDER[level]) {
        out.write(`${format(`[${at.toUpperCase()}] ${name}`, ...messages)}\n`);
      }
    };
  return {
    debug: write(LogLevel.DEBUG, process.stdout),
    info: write(LogLevel.INFO, process.stdout),
    warn: write(LogLevel.WARN, process.stderr),
    error: write(LogLevel.ERROR, process.stderr),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}

/** `inner` (or the console) with every token masked. */
export function withoutSecrets(inner: Logger | undefined, level: LogLevel): Logger {
  const target = inner ?? consoleLogger(level);
  const pass =
    (write: (...messages: unknown[]) => void) =>
    (...messages: unknown[]) =>
      write(...messages.map(redact));
  return {
    debug: pass((...m) => target.debug(...m)),
    info: pass((...m) => target.info(...m)),
    warn: pass((...m) => target.warn(...m)),
    error: pass((...m) => target.error(...m)),
    setLevel: (next) => target.setLevel(next),
    getLevel: () => target.getLevel(),
    setName: (next) => target.setName(next),
  };
}
