/**
 * Start-to-healthy time and idle memory (RSS) of the production command
 * (`node dist/main.js`, after `npm run build`) on SQLite and on PostgreSQL.
 * Targets: healthy within 2 s, idle RSS at most 120 MB.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { FakeSlack } from "../src/sandbox/index.ts";
import { freePort, isMain, runAlone, tempPostgres, tempSqlite, type Figure } from "./support.ts";

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function measure(label: string, databaseUrl: string, slackApiUrl: string) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["dist/main.js"], {
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_SIGNING_SECRET: "benchsigningsecret0000",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      SLACK_API_URL: slackApiUrl,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let healthyMs = NaN;
  for (let i = 0; i < 200; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) {
        healthyMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000)); // let start-up garbage settle
  const rss = child.pid ? rssMb(child.pid) : NaN;
  child.kill("SIGTERM");
  const exitCode = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { label, healthyMs, rss, exitCode };
}

export async function startup(): Promise<Figure[]> {
  const sqlite = tempSqlite();
  const postgres = await tempPostgres();
  const fake = new FakeSlack({ signingSecret: "benchsigningsecret0000" });
  await fake.start();
  const rows = [];
  try {
    // The first start creates and migrates; the second is a plain restart.
    rows.push(await measure("SQLite, first start (migrates)", sqlite.url, fake.apiUrl));
    rows.push(await measure("SQLite, restart", sqlite.url, fake.apiUrl));
    rows.push(await measure("PostgreSQL, first start (migrates)", postgres.url, fake.apiUrl));
    rows.push(await measure("PostgreSQL, restart", postgres.url, fake.apiUrl));
  } finally {
    await fake.stop();
    await postgres.drop();
    await sqlite.drop();
  }
  return rows.flatMap((row) => [
    {
      figure: `start → healthy, node dist/main.js, ${row.label}`,
      value: `${row.healthyMs.toFixed(0)} ms`,
      target: "≤ 2000 ms",
      met: row.healthyMs <= 2000,
    },
    {
      figure: `idle RSS, ${row.label}`,
      value: `${row.rss.toFixed(1)} MB`,
      target: "≤ 120 MB",
      met: row.rss <= 120,
    },
    {
      figure: `exit code on SIGTERM, ${row.label}`,
      value: String(row.exitCode),
      target: "0",
      met: row.exitCode === 0,
    },
  ]);
}

if (isMain(import.meta.url)) runAlone("Start-up and idle memory", startup);
