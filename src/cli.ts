import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { LogLevel, type Logger } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { z } from "zod";
import { ConfigError, parseConfig, type Config } from "./config.ts";
import { openDatabase, type Db } from "./db/database.ts";
import type { Deps } from "./deps.ts";
import { EventBus } from "./events.ts";
import { singleWorkspaceClients, type SlackFor } from "./install/clients.ts";
import { Installations } from "./install/installations.ts";
import { redactTokens } from "./install/redact.ts";
import { teamClients } from "./install/team-clients.ts";
import { JobFailure } from "./scheduler/failure.ts";
import { slackClientOptions } from "./slack/client.ts";
import { slackPacer } from "./slack/pacing.ts";
import { JOB_NAMES, type JobName } from "./scheduler/job.ts";
import { findJob } from "./scheduler/registry.ts";

/**
 * `npm run greenlight -- jobs run <job> [--at ISO-8601]`: runs one scheduled
 * job as if the clock were at `--at`, with the same ledger as the scheduler,
 * so a second run sends nothing. `runCli` is the whole command, testable in
 * process; the last lines only wire it to the real process.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = [
  "Usage: npm run greenlight -- <command>",
  "",
  "Commands:",
  `  jobs run <${JOB_NAMES.join("|")}> [--at ISO-8601]`,
  "      Runs one scheduled job now, as if the clock were at --at (default: now).",
  "      --at is an instant such as 2026-11-23T09:00:00+01:00; without an offset it is read as UTC.",
  "      Whatever is due by then and not yet sent is sent; running it twice sends nothing the second time.",
  "  help",
  "      This text.",
  "",
  "Environment: DATABASE_URL, SLACK_API_URL, and SLACK_BOT_TOKEN or the OAuth variables (as for the app; a .env file is read when present).",
].join("\n");

/** An instant: a date (midnight UTC) or a date-time, with or without an offset (UTC when absent). */
const Instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true, local: true })], {
    error: "must be an ISO-8601 date-time such as 2026-11-23T09:00:00Z",
  })
  .transform((value, ctx) => {
    const hasZone = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/.test(value) && value.includes("T");
    const text = !value.includes("T") ? `${value}T00:00:00Z` : hasZone ? value : `${value}Z`;
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: "custom", message: "is not a real instant" });
      return z.NEVER;
    }
    return at;
  });

const JobsRunArgs = z.object({
  name: z.enum(JOB_NAMES, {
    error: (issue) => `"${String(issue.input)}" is not a job. Valid jobs: ${JOB_NAMES.join(", ")}`,
  }),
  at: Instant.optional(),
});

type Parsed =
  | { kind: "help" }
  | { kind: "run"; name: JobName; at: Date | undefined }
  | { kind: "error"; message: string };

export function parseArgs(argv: readonly string[]): Parsed {
  const [first, second, ...rest] = argv;
  if (first === undefined || first === "help" || first === "--help" || first === "-h") {
    return argv.length <= 1
      ? { kind: "help" }
      : { kind: "error", message: "help takes no arguments" };
  }
  if (first !== "jobs" || second !== "run") {
    return { kind: "error", message: `Unknown command: ${argv.join(" ")}` };
  }
  const [name, ...options] = rest;
  if (name === undefined) {
    return { kind: "error", message: `Name a job: ${JOB_NAMES.join(", ")}` };
  }
  let at: string | undefined;
  for (let i = 0; i < options.length; i += 1) {
    const option = options[i] as string;
    if (option.startsWith("--at=") && at === undefined) at = option.slice("--at=".length);
    else if (option === "--at" && at === undefined && options[i + 1] !== undefined) {
      at = options[i + 1];
      i += 1;
    } else return { kind: "error", message: `Unexpected argument: ${option}` };
  }
  const parsed = JobsRunArgs.safeParse({ name, at });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message =
      issue?.path[0] === "at"
        ? `--at "${at ?? ""}" ${issue.message}`
        : (issue?.message ?? "bad arguments");
    return { kind: "error", message };
  }
  return { kind: "run", name: parsed.data.name, at: parsed.data.at };
}

export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === "help") {
    io.out(USAGE);
    return 0;
  }
  if (parsed.kind === "error") {
    io.err(parsed.message);
    io.err(USAGE);
    return 2;
  }
  const job = findJob(parsed.name);
  if (!job) {
    io.err(`The job ${parsed.name} is not available in this build yet.`);
    return 1;
  }

  let config;
  try {
    config = parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }

  const at = parsed.at ?? new Date();
  let database;
  try {
    database = await openDatabase(config.databaseUrl);
  } catch (error) {
    io.err(`Cannot open the database: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const logger = ioLogger(io);
  const deps: Deps = {
    db: database.db,
    clock: () => new Date(at.getTime()),
    logger,
    events: new EventBus(),
    slackFor: slackForCli(config, database.db, logger, at),
    pacer: slackPacer(config.postsPerSecond),
  };
  try {
    const sent = await job.run(deps, at);
    io.out(`${job.name} at ${at.toISOString()}:`);
    if (sent.length === 0) io.out("  nothing due");
    for (const line of sent) io.out(`  sent: ${line}`);
    return 0;
  } catch (error) {
    if (error instanceof JobFailure) {
      for (const line of error.sent) io.out(`  sent: ${line}`);
    }
    io.err(`${job.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** The team's client as the app would get it: the bot's, or the team's installation. */
function slackForCli(config: Config, db: Db, logger: Logger, at: Date): SlackFor {
  const clientOptions = {
    ...slackClientOptions(config.slackApiUrl, { retries: 2, maxTimeout: 2_000 }),
    logger,
  };
  if (!config.oauth) return singleWorkspaceClients(new WebClient(config.botToken, clientOptions));
  const installations = new Installations({
    db,
    encryptionKey: config.oauth.encryptionKey,
    clientId: config.oauth.clientId,
    clientSecret: config.oauth.clientSecret,
    clientOptions,
    logger,
    clock: () => new Date(at.getTime()),
  });
  return teamClients(installations, clientOptions);
}

/** Bolt's Logger interface, writing warnings and errors to the CLI's error stream. */
function ioLogger(io: CliIo): Logger {
  let level: LogLevel = LogLevel.WARN;
  const write =
    (prefix: string) =>
    (...messages: unknown[]) =>
      io.err(redactTokens(`${prefix} ${messages.map(String).join(" ")}`));
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: write("[warn]"),
    error: write("[error]"),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  if (existsSync(".env")) process.loadEnvFile(".env");
  runCli(process.argv.slice(2), process.env, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error("greenlight failed:", error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
