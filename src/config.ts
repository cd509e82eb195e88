import { randomBytes } from "node:crypto";
import { z } from "zod";
import { parseEncryptionKey } from "./install/crypto.ts";

/**
 * The environment, parsed once at start. Every problem is reported together,
 * each naming its variable, so a misconfigured app never starts half-way.
 */
const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().startsWith("xoxb-", "must be a bot token starting with xoxb-").optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{16,}$/, "must be the app's signing secret (letters and digits)")
      .optional(),
  ),
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().startsWith("xapp-", "must be an app-level token starting with xapp-").optional(),
  ),
  SLACK_CLIENT_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d+\.\d+$/, "must be the app's Client ID (digits.digits, from Basic Information)")
      .optional(),
  ),
  SLACK_CLIENT_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{16,}$/, "must be the app's Client Secret")
      .optional(),
  ),
  SLACK_STATE_SECRET: optionalString.pipe(
    z.string().min(16, "must be at least 16 characters (a long random string)").optional(),
  ),
  GREENLIGHT_ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .refine((value) => parseEncryptionKey(value) !== null, {
        message: "must be 32 random bytes in base64 (e.g. the output of: openssl rand -base64 32)",
      })
      .optional(),
  ),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(
        /^(file:.+|postgres(ql)?:\/\/.+)$/,
        "must be file:<path> (SQLite) or postgres://… / postgresql://…",
      )
      .default("file:./data/greenlight.db"),
  ),
  PORT: optionalString
    .transform((value) => (value === undefined ? 3000 : Number(value)))
    .pipe(
      z
        .number({ error: "must be a port number" })
        .int("must be a whole number")
        .min(1, "must be between 1 and 65535")
        .max(65535, "must be between 1 and 65535"),
    ),
  SLACK_API_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .default("https://slack.com/api/")
      .transform((url) => (url.endsWith("/") ? url : `${url}/`)),
  ),
  LOG_LEVEL: optionalString.pipe(
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  ),
  SLACK_POSTS_PER_SECOND: optionalString
    .transform((value) => (value === undefined ? undefined : Number(value)))
    .pipe(
      z
        .number({ error: "must be a number of messages per second" })
        .positive("must be more than 0")
        .max(1000, "must be at most 1000")
        .optional(),
    ),
});

export type LogLevelName = (typeof LOG_LEVELS)[number];
export type SlackMode = "http" | "socket" | "sandbox";

/** Installs through Slack's OAuth (many workspaces), instead of one SLACK_BOT_TOKEN. */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** 32 bytes: AES-256-GCM key for the tokens stored in the database. */
  encryptionKey: Buffer;
}

export interface Config {
  mode: SlackMode;
  /** One-workspace mode's bot token; undefined when `oauth` is set. */
  botToken: string | undefined;
  signingSecret: string;
  appToken: string | undefined;
  databaseUrl: string;
  port: number;
  slackApiUrl: string;
  logLevel: LogLevelName;
  /**
   * chat.postMessage's pace per workspace (SLACK_POSTS_PER_SECOND; a second's
   * worth may go at once); unset: src/slack/pacing.ts's default.
   */
  postsPerSecond?: number;
  /** Set in many-workspace mode (HTTP only). */
  oauth?: OAuthConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Greenlight cannot start, its configuration is wrong:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

const OAUTH_VARIABLES = [
  "SLACK_CLIENT_ID",
  "SLACK_CLIENT_SECRET",
  "SLACK_STATE_SECRET",
  "SLACK_SIGNING_SECRET",
  "GREENLIGHT_ENCRYPTION_KEY",
] as const;

/** What each many-workspace variable is, for the message when it is missing. */
const OAUTH_HINTS: Record<(typeof OAUTH_VARIABLES)[number], string> = {
  SLACK_CLIENT_ID: "the app's Client ID, from Basic Information",
  SLACK_CLIENT_SECRET: "the app's Client Secret, from Basic Information",
  SLACK_STATE_SECRET: "a long random string that signs the OAuth state",
  SLACK_SIGNING_SECRET: "the app's Signing Secret, from Basic Information",
  GREENLIGHT_ENCRYPTION_KEY: "32 random bytes in base64: openssl rand -base64 32",
};

/**
 * Why the local sandbox may not run here, or null: it is for one's own
 * machine, so never with NODE_ENV=production nor on PostgreSQL.
 */
export function sandboxRefusal(databaseUrl: string, nodeEnv: string | undefined): string | null {
  const postgres = /^postgres(ql)?:\/\//.test(databaseUrl);
  if (!postgres && nodeEnv !== "production") return null;
  const where = postgres ? "on a PostgreSQL DATABASE_URL" : "with NODE_ENV=production";
  return `No Slack variables are set, and the local sandbox does not run ${where}. Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode).`;
}

/**
 * Many workspaces (OAuth) when SLACK_CLIENT_ID is set; else one workspace:
 * Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode with the signing
 * secret. With no Slack credentials at all the app runs its local sandbox.
 */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
  const has = (name: string) => (env[name] ?? "").trim() !== "";
  const oauth =
    has("SLACK_CLIENT_ID") ||
    has("SLACK_CLIENT_SECRET") ||
    has("SLACK_STATE_SECRET") ||
    has("GREENLIGHT_ENCRYPTION_KEY");
  if (oauth) return parseOAuthConfig(env, parsed, problems, has);
  const hasSlack = has("SLACK_BOT_TOKEN") || has("SLACK_SIGNING_SECRET") || has("SLACK_APP_TOKEN");
  if (hasSlack && !has("SLACK_BOT_TOKEN")) {
    problems.push("SLACK_BOT_TOKEN is missing (xoxb-…, from OAuth & Permissions)");
  }
  if (hasSlack && !has("SLACK_APP_TOKEN") && !has("SLACK_SIGNING_SECRET")) {
    problems.push(
      "SLACK_SIGNING_SECRET is missing: set it for HTTP mode, or SLACK_APP_TOKEN (xapp-…) for Socket Mode",
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const common = {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    slackApiUrl: e.SLACK_API_URL,
    logLevel: e.LOG_LEVEL,
    ...(e.SLACK_POSTS_PER_SECOND !== undefined ? { postsPerSecond: e.SLACK_POSTS_PER_SECOND } : {}),
  };
  if (!hasSlack) {
    // No Slack app yet: run the local sandbox, which plays Slack on this port.
    // Never where a real deployment runs: a failed secret mount in production
    // must stop the app, not open a sandbox on its database.
    const refusal = sandboxRefusal(e.DATABASE_URL, env.NODE_ENV);
    if (refusal) throw new ConfigError([refusal]);
    return {
      mode: "sandbox",
      botToken: "xoxb-sandbox",
      // Made at each start; the sandbox signs its own requests with it.
      signingSecret: randomBytes(24).toString("hex"),
      appToken: undefined,
      ...common,
    };
  }
  return {
    mode: e.SLACK_APP_TOKEN ? "socket" : "http",
    botToken: e.SLACK_BOT_TOKEN as string,
    // Socket Mode does not verify signatures; Bolt still wants a string.
    signingSecret: e.SLACK_SIGNING_SECRET ?? "unused-in-socket-mode",
    appToken: e.SLACK_APP_TOKEN,
    ...common,
  };
}

type Parsed = ReturnType<typeof EnvSchema.safeParse>;

function parseOAuthConfig(
  env: NodeJS.ProcessEnv,
  parsed: Parsed,
  problems: string[],
  has: (name: string) => boolean,
): Config {
  for (const name of OAUTH_VARIABLES) {
    if (!has(name)) problems.push(`${name} is missing (${OAUTH_HINTS[name]})`);
  }
  if (has("SLACK_BOT_TOKEN")) {
    problems.push(
      "SLACK_BOT_TOKEN must not be set with SLACK_CLIENT_ID: set SLACK_BOT_TOKEN for one workspace, or the OAuth variables for many",
    );
  }
  if (has("SLACK_APP_TOKEN")) {
    problems.push(
      "SLACK_APP_TOKEN must not be set with SLACK_CLIENT_ID: installing in many workspaces needs HTTP mode",
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    mode: "http",
    botToken: undefined,
    signingSecret: e.SLACK_SIGNING_SECRET as string,
    appToken: undefined,
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    slackApiUrl: e.SLACK_API_URL,
    logLevel: e.LOG_LEVEL,
    oauth: {
      clientId: e.SLACK_CLIENT_ID as string,
      clientSecret: e.SLACK_CLIENT_SECRET as string,
      stateSecret: e.SLACK_STATE_SECRET as string,
      encryptionKey: parseEncryptionKey(e.GREENLIGHT_ENCRYPTION_KEY as string) as Buffer,
    },
  };
}
