import { existsSync } from "node:fs";
import { ConfigError, parseConfig } from "./config.ts";
import { describeDatabaseUrl } from "./db/describe.ts";
import { releaseMemoryWhenIdle } from "./memory-release.ts";
import { guardProcess } from "./process-guard.ts";
import { startGreenlight, type RunningGreenlight } from "./runtime.ts";
import { schedulerService } from "./scheduler/scheduler.ts";

/**
 * What the entry point (src/main.ts) runs: `node dist/main.js` (or
 * `node --import tsx src/main.ts`) receives SIGTERM directly (npm 11 does not
 * forward it to its child).
 */
async function main(): Promise<void> {
  guardProcess(console);
  if (existsSync(".env")) process.loadEnvFile(".env");
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  let running: RunningGreenlight;
  if (config.mode === "sandbox") {
    // No Slack tokens: Greenlight plus a local Slack-like page on the same port.
    // Loaded only in this mode: HTTP and Socket Mode never load the fake Slack.
    const { startSandbox } = await import("./sandbox/sandbox-server.ts");
    const sandbox = await startSandbox({
      port: config.port,
      databaseUrl: config.databaseUrl,
      logLevel: config.logLevel,
    });
    running = sandbox.greenlight;
    console.log(
      [
        "",
        "  No Slack tokens set: Greenlight runs with its local sandbox.",
        `  Open ${sandbox.url} to try it (database ${describeDatabaseUrl(config.databaseUrl)}).`,
        "  It listens on this machine only and serves its own team, T_SANDBOX.",
        "  Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to use a real workspace.",
        "",
      ].join("\n"),
    );
  } else {
    running = await startGreenlight({ config, services: [schedulerService] });
    const where =
      config.mode === "socket"
        ? `Socket Mode (health on http://localhost:${running.port}/healthz)`
        : `http://localhost:${running.port}/slack/events`;
    running.built.deps.logger.info(
      `Greenlight is running: ${where}, database ${describeDatabaseUrl(config.databaseUrl)}`,
    );
  }

  // After a burst (a tick with many teams due), the heap goes back once idle.
  const stopReleasing = releaseMemoryWhenIdle();

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    running.built.deps.logger.info(`${signal}: finishing in-flight work, then stopping`);
    stopReleasing();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

/** A start-up error can quote the connection string (drivers do): never its password. */
function withoutCredentials(message: string): string {
  const url = process.env.DATABASE_URL ?? "";
  let password = "";
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // Not a URL with a password: nothing to hide.
  }
  let clean = url === "" ? message : message.replaceAll(url, describeDatabaseUrl(url));
  if (password !== "") clean = clean.replaceAll(password, "***");
  return clean;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error("Greenlight failed to start:", withoutCredentials(message));
  process.exit(1);
});
