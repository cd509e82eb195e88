/**
 * Start-to-healthy time and idle memory (RSS) of the production command
 * (`node dist/main.js`, after `npm run build`) on SQLite and on PostgreSQL.
 * Targets: healthy within 2 s, idle RSS at most 120 MB.
 */
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { FakeSlack } from "../src/sandbox/index.ts";

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function measure(label: string, databaseUrl: string, port: number, slackApiUrl: string) {
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

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "greenlight-bench-"));
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const name = `greenlight_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const pgUrl = new URL(ADMIN_URL);
  pgUrl.pathname = `/${name}`;
  const fake = new FakeSlack({ signingSecret: "benchsigningsecret0000" });
  await fake.start();
  const rows = [];
  try {
    // The first start creates and migrates; the second is a plain restart.
    rows.push(await measure("SQLite, first start (migrates)", `file:${join(dir, "b.db")}`, 3901, fake.apiUrl));
    rows.push(await measure("SQLite, restart", `file:${join(dir, "b.db")}`, 3902, fake.apiUrl));
    rows.push(await measure("PostgreSQL, first start (migrates)", pgUrl.toString(), 3903, fake.apiUrl));
    rows.push(await measure("PostgreSQL, restart", pgUrl.toString(), 3904, fake.apiUrl));
  } finally {
    await fake.stop();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log("\nStart-up and idle memory (targets: healthy ≤ 2000 ms, RSS ≤ 120 MB)");
  console.log("| run | start → healthy (ms) | idle RSS (MB) | exit on SIGTERM | targets met |");
  console.log("|---|---|---|---|---|");
  for (const row of rows) {
    const met = row.healthyMs <= 2000 && row.rss <= 120 && row.exitCode === 0;
    console.log(
      `| ${row.label} | ${row.healthyMs.toFixed(0)} | ${row.rss.toFixed(1)} | ${row.exitCode} | ${met ? "yes" : "NO"} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
