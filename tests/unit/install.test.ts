import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.ts";
import {
  DecryptionError,
  decryptSecret,
  encryptSecret,
  parseEncryptionKey,
} from "../../src/install/crypto.ts";
import { redactTokens } from "../../src/install/redact.ts";
import { botScopesFromManifest } from "../../src/install/scopes.ts";
import { en as metricsEn } from "../../src/features/metrics/messages.en.ts";
import { en as rolesEn } from "../../src/features/roles/messages.en.ts";
import { en as settingsEn } from "../../src/features/settings/messages.en.ts";
import { en as webcareEn } from "../../src/features/webcare/messages.en.ts";

const KEY = randomBytes(32);

describe("token encryption (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV each time, and never shows the token", () => {
    const one = encryptSecret(KEY, "xoxb-1-secret", "T1/botToken");
    const two = encryptSecret(KEY, "xoxb-1-secret", "T1/botToken");
    expect(one).not.toBe(two);
    expect(one).not.toContain("xoxb");
    expect(decryptSecret(KEY, one, "T1/botToken")).toBe("xoxb-1-secret");
  });

  it("refuses another key, another row, and a tampered value", () => {
    const sealed = encryptSecret(KEY, "xoxb-1-secret", "T1/botToken");
    expect(() => decryptSecret(randomBytes(32), sealed, "T1/botToken")).toThrow(DecryptionError);
    expect(() => decryptSecret(KEY, sealed, "T2/botToken")).toThrow(DecryptionError);
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3] as string, "base64url");
    flipped[0] = (flipped[0] as number) ^ 1;
    parts[3] = flipped.toString("base64url");
    expect(() => decryptSecret(KEY, parts.join("."), "T1/botToken")).toThrow(DecryptionError);
    expect(() => decryptSecret(KEY, "xoxb-plain", "T1/botToken")).toThrow(/not an encrypted value/);
  });

  it("takes exactly 32 bytes of base64 as the key", () => {
    expect(parseEncryptionKey(KEY.toString("base64"))).toEqual(KEY);
    expect(parseEncryptionKey(KEY.toString("base64url"))).toEqual(KEY);
    expect(parseEncryptionKey(randomBytes(16).toString("base64"))).toBeNull();
    expect(parseEncryptionKey("not base64 at all!")).toBeNull();
  });
});

describe("many-workspace configuration", () => {
  const oauthEnv = {
    SLACK_CLIENT_ID: "123.456",
    SLACK_CLIENT_SECRET: "abcdef0123456789abcd",
    SLACK_STATE_SECRET: "a-long-random-state-secret",
    SLACK_SIGNING_SECRET: "0123456789abcdef0123",
    GREENLIGHT_ENCRYPTION_KEY: KEY.toString("base64"),
  };
  const problems = (env: Record<string, string>) => {
    try {
      parseConfig(env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it("is chosen by SLACK_CLIENT_ID, HTTP mode, no bot token", () => {
    const config = parseConfig(oauthEnv);
    expect(config.mode).toBe("http");
    expect(config.botToken).toBeUndefined();
    expect(config.oauth?.clientId).toBe("123.456");
    expect(config.oauth?.encryptionKey).toEqual(KEY);
  });

  it("a missing or wrong encryption key stops the start with one message naming it", () => {
    const { GREENLIGHT_ENCRYPTION_KEY: _key, ...withoutKey } = oauthEnv;
    expect(problems(withoutKey)).toEqual([
      expect.stringMatching(/^GREENLIGHT_ENCRYPTION_KEY is missing .*openssl rand -base64 32/),
    ]);
    expect(problems({ ...oauthEnv, GREENLIGHT_ENCRYPTION_KEY: "c2hvcnQ=" })).toEqual([
      expect.stringMatching(/^GREENLIGHT_ENCRYPTION_KEY must be 32 random bytes in base64/),
    ]);
  });

  it("names every missing OAuth variable, and refuses a bot token beside them", () => {
    const found = problems({ SLACK_CLIENT_ID: "123.456", SLACK_BOT_TOKEN: "xoxb-1" });
    expect(found.map((line) => line.split(" ")[0])).toEqual([
      "SLACK_CLIENT_SECRET",
      "SLACK_STATE_SECRET",
      "SLACK_SIGNING_SECRET",
      "GREENLIGHT_ENCRYPTION_KEY",
      "SLACK_BOT_TOKEN",
    ]);
  });
});

describe("secrets in logs", () => {
  it("masks bot, rotating, refresh, user and app tokens", () => {
    const line =
      "token xoxb-12-abc and xoxe.xoxb-1-def, refresh xoxe-1-ghi, user xoxp-9-x, app xapp-1-A-2";
    const masked = redactTokens(line);
    expect(masked).not.toMatch(/xox[bepa]-[A-Za-z0-9]/);
    expect(masked).not.toMatch(/xapp-[A-Za-z0-9]/);
    expect(masked).toContain("xoxb-[redacted]");
  });
});

describe("install scopes", () => {
  it("are the bot scopes of manifest.yml", () => {
    const scopes = botScopesFromManifest();
    expect(scopes).toContain("chat:write");
    expect(scopes).toContain("commands");
    const manifest = readFileSync("manifest.yml", "utf8");
    for (const scope of scopes) expect(manifest).toContain(`- ${scope}`);
    expect(
      botScopesFromManifest(
        "oauth_config:\n  redirect_urls:\n    - https://x\n  scopes:\n    bot:\n      # why\n      - a:b\n      - c\n    user:\n      - u\nsettings:\n  x: 1\n",
      ),
    ).toEqual(["a:b", "c"]);
  });
});

/** The `settings.event_subscriptions.bot_events` items of manifest.yml. */
function manifestBotEvents(): string[] {
  const events: string[] = [];
  let indent = -1;
  for (const line of readFileSync("manifest.yml", "utf8").split("\n")) {
    const content = line.replace(/#.*$/, "").trimEnd();
    if (content.trim() === "") continue;
    const depth = content.length - content.trimStart().length;
    if (content.trim() === "bot_events:") indent = depth;
    else if (indent >= 0 && depth > indent && content.trim().startsWith("- "))
      events.push(content.trim().slice(2).trim());
    else if (indent >= 0 && depth <= indent) indent = -1;
  }
  return events;
}

/** Every Events API event a listener of the app handles: `routes.event("…")` under src/. */
function eventsListenedTo(dir = "src"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : eventsListenedTo(path);
    if (!entry.name.endsWith(".ts")) return [];
    const source = readFileSync(path, "utf8");
    return [...source.matchAll(/routes\.event\("([a-z_]+)"/g)].map((m) => m[1] as string);
  });
}

describe("manifest.yml's event subscriptions", () => {
  it("include every event the app listens to (Slack sends only those subscribed)", () => {
    const listened = eventsListenedTo();
    expect(listened).toEqual(
      expect.arrayContaining(["app_home_opened", "app_uninstalled", "tokens_revoked"]),
    );
    expect(manifestBotEvents().sort()).toEqual([...new Set(listened)].sort());
  });
});

/** Each slash command's `usage_hint` in manifest.yml, keyed by command. */
function manifestUsageHints(): Map<string, string> {
  const hints = new Map<string, string>();
  let command: string | null = null;
  for (const line of readFileSync("manifest.yml", "utf8").split("\n")) {
    const named = /^\s*- command: (\/[a-z]+)\s*$/.exec(line);
    if (named) command = named[1] as string;
    const hint = /^\s*usage_hint: "(.*)"\s*$/.exec(line);
    if (hint && command) hints.set(command, hint[1] as string);
  }
  return hints;
}

/** The verbs a usage line names after its command: "/webcare who · /webcare away…" → who, away. */
function verbsOf(command: string, usage: string): string[] {
  const verbs = [...usage.matchAll(new RegExp(`${command} \\[?([a-z]+)`, "g"))].map(
    (m) => m[1] as string,
  );
  return [...new Set(verbs)];
}

describe("manifest.yml's usage hints", () => {
  // Slack shows the hint as the command is typed: a verb missing there is one
  // people never find. The usage lines the app answers with are the reference.
  const usages: Record<string, string> = {
    "/webcare": webcareEn.usage,
    "/metrics": metricsEn.usage,
    "/role": rolesEn.usage,
    "/greenlight": settingsEn.usage,
  };

  it("name every verb of the command's usage line", () => {
    const hints = manifestUsageHints();
    expect([...hints.keys()].sort()).toEqual(
      ["/calendar", "/greenlight", "/metrics", "/propose", "/role", "/suggest", "/webcare"].sort(),
    );
    for (const [command, usage] of Object.entries(usages)) {
      const verbs = verbsOf(command, usage);
      expect(verbs.length, command).toBeGreaterThan(2);
      const hint = hints.get(command) as string;
      const missing = verbs.filter((verb) => !new RegExp(`(^|[[|] ?)${verb}\\b`).test(hint));
      expect(missing, `${command} usage_hint "${hint}"`).toEqual([]);
    }
    expect(verbsOf("/webcare", webcareEn.usage)).toEqual(
      expect.arrayContaining(["weekend", "away", "back", "ask", "group"]),
    );
  });
});
