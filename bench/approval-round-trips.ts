/**
 * Database round trips for one Approve click, counted on the database's
 * side, on SQLite and on PostgreSQL. The team (a manager, an approver) and
 * one pending proposal are set up through the app's own commands and modal;
 * then the approver clicks Approve once and every statement the database
 * receives until the click's work is done is counted:
 *
 * - PostgreSQL: the server's statement log. The bench database gets
 *   `log_statement = 'all'` (ALTER DATABASE: that database only), and the
 *   log lines of that database are read back from the server's log file
 *   (BENCH_POSTGRES_LOG, else the newest /var/log/postgresql/*.log). BEGIN,
 *   COMMIT and statements that fail are all there.
 * - SQLite (in-process): every statement better-sqlite3 is asked to prepare
 *   or execute, BEGIN and COMMIT included.
 *
 * A statement counts once however much it writes: the claim is one statement
 * that writes four tables (on PostgreSQL with data-modifying CTEs, on SQLite
 * through the trigger its INSERT fires, whose body runs inside it).
 *
 * Prisma's own query events are printed beside them: they leave out BEGIN
 * and failed statements, which is why they are not the figure. Target: ≤ 6.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { openDatabase } from "../src/db/database.ts";
import { startGreenlight } from "../src/runtime.ts";
import { FakeSlack, SlackClientSim, type FakeMessage } from "../src/sandbox/index.ts";
import {
  adminQuery,
  benchConfig,
  databaseName,
  isMain,
  runAlone,
  sleep,
  tempPostgres,
  tempSqlite,
  type Figure,
  type TempDatabase,
} from "./support.ts";

/** Statements the database received while `counting`. */
interface StatementCounter {
  start(): Promise<void>;
  stop(): Promise<string[]>;
}

/** Every statement better-sqlite3 runs in this process (prepare → run, exec). */
function sqliteCounter(): StatementCounter & { uninstall(): void } {
  const proto = BetterSqlite3.prototype as unknown as {
    prepare(this: unknown, sql: string): unknown;
    exec(this: unknown, sql: string): unknown;
  };
  const { prepare, exec } = proto;
  let statements: string[] | null = null;
  proto.prepare = function (sql: string) {
    statements?.push(sql);
    return prepare.call(this, sql);
  };
  proto.exec = function (sql: string) {
    statements?.push(sql);
    return exec.call(this, sql);
  };
  return {
    async start() {
      statements = [];
    },
    async stop() {
      const seen = statements ?? [];
      statements = null;
      return seen;
    },
    uninstall() {
      proto.prepare = prepare;
      proto.exec = exec;
    },
  };
}

/** The PostgreSQL server's log file, or null when it cannot be read here. */
function postgresLogFile(): string | null {
  if (process.env.BENCH_POSTGRES_LOG) return process.env.BENCH_POSTGRES_LOG;
  const dir = "/var/log/postgresql";
  try {
    const newest = readdirSync(dir)
      .filter((name) => name.endsWith(".log"))
      .map((name) => join(dir, name))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (!newest) return null;
    closeSync(openSync(newest, "r"));
    return newest;
  } catch {
    return null;
  }
}

/** The statements of one database, from the server's log (log_statement = 'all'). */
async function postgresCounter(temp: TempDatabase, logFile: string): Promise<StatementCounter> {
  const name = databaseName(temp.url);
  await adminQuery(`ALTER DATABASE "${name}" SET log_statement = 'all'`);
  let offset = 0;
  return {
    async start() {
      offset = statSync(logFile).size;
    },
    async stop() {
      await sleep(300); // the server writes its log asynchronously
      const size = statSync(logFile).size;
      const buffer = Buffer.alloc(size - offset);
      const fd = openSync(logFile, "r");
      try {
        readSync(fd, buffer, 0, buffer.length, offset);
      } finally {
        closeSync(fd);
      }
      // A log record starts with the line prefix; a multi-line statement
      // continues on lines that start with a tab.
      const marker = `@${name} LOG:  `;
      const records: string[] = [];
      let inOurs = false;
      for (const line of buffer.toString("utf8").split("\n")) {
        if (line.startsWith("\t")) {
          if (inOurs && records.length > 0) records[records.length - 1] += ` ${line.trim()}`;
          continue;
        }
        inOurs = line.includes(marker);
        if (inOurs) records.push(line.slice(line.indexOf(marker) + marker.length));
      }
      const statement = /^(statement|execute [^:]*): /;
      return records
        .filter((record) => statement.test(record))
        .map((record) => record.replace(statement, "").trim());
    },
  };
}

const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";
const TARGET = 6;
const ALICE = "U_ALICE"; // manager
const BOB = "U_BOB"; // approver
const CAROL = "U_CAROL"; // proposer

function expectOk(what: string, response: { status: number; body: string }): void {
  if (response.status !== 200) throw new Error(`${what}: HTTP ${response.status} ${response.body}`);
}

/** Statements (database side) and Prisma query events of one Approve click. */
export async function approvalStatements(
  temp: TempDatabase,
  counter: StatementCounter,
): Promise<{ statements: string[]; prismaQueries: string[] }> {
  const fake = new FakeSlack({ signingSecret: SIGNING_SECRET });
  await fake.start();
  let counting = false;
  const prismaQueries: string[] = [];
  const database = await openDatabase(temp.url, {
    onQuery: (sql) => {
      if (counting) prismaQueries.push(sql);
    },
  });
  const config = benchConfig(temp.url, fake.apiUrl, SIGNING_SECRET);
  // Held responses: every query of a click has run when its request returns.
  const app = await startGreenlight({
    config,
    database,
    processBeforeResponse: true,
    host: "127.0.0.1",
  });
  try {
    const slack = new SlackClientSim({
      appUrl: `http://127.0.0.1:${app.port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fake,
      // A submitted proposal is stored after its answer: wait for that work too.
      workAfterAnswers: (triggerId) => app.built.answeredWorkDone(triggerId),
    });
    expectOk("/role manager", await slack.command(ALICE, "/role", `assign <@${ALICE}> manager`));
    expectOk("/role approver", await slack.command(ALICE, "/role", `assign <@${BOB}> approver`));
    expectOk("/propose", await slack.command(CAROL, "/propose", ""));
    const view = fake.lastView(CAROL);
    if (!view) throw new Error("/propose opened no modal");
    const submitted = await slack.submitView(CAROL, view, {
      text: "Our spring collection is live!",
      platforms: ["x", "linkedin"],
      publishAt: Math.floor(Date.now() / 1000) + 48 * 3600,
      goal: "awareness",
      contentType: "text",
    });
    expectOk("propose modal", submitted);
    // Answered "Sending for approval…" (an update), stored after the answer; field errors refuse it.
    const answer = submitted.json as { response_action?: string } | undefined;
    if (answer?.response_action !== "update" || submitted.viewError)
      throw new Error(`propose modal refused: ${submitted.body} ${submitted.viewError ?? ""}`);
    const request = fake
      .dmsTo(BOB)
      .findLast((m: FakeMessage) => JSON.stringify(m.blocks ?? []).includes("proposal_approve"));
    if (!request) throw new Error("the approver got no approval request");

    await counter.start();
    counting = true;
    expectOk("Approve", await slack.clickButton(BOB, request, "proposal_approve"));
    await app.built.drain(10_000);
    counting = false;
    const statements = await counter.stop();

    const status = await database.db.proposal.findFirst({ select: { status: true } });
    if (status?.status !== "approved")
      throw new Error(`proposal is ${status?.status}, not approved`);
    return { statements, prismaQueries };
  } finally {
    await app.stop();
    await fake.stop();
  }
}

export async function approvalRoundTrips(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const logFile = postgresLogFile();
  for (const make of [async () => tempSqlite(), tempPostgres]) {
    const temp = await make();
    let counter: (StatementCounter & { uninstall?(): void }) | null = null;
    try {
      if (temp.kind === "SQLite") counter = sqliteCounter();
      else if (logFile) counter = await postgresCounter(temp, logFile);
      if (!counter) {
        figures.push({
          figure: `DB round trips for one Approve click, ${temp.kind} (statement log)`,
          value: "not measured: the server log is not readable (set BENCH_POSTGRES_LOG)",
          target: `≤ ${TARGET}`,
          met: false,
        });
        continue;
      }
      const { statements, prismaQueries } = await approvalStatements(temp, counter);
      const met = statements.length <= TARGET;
      const how =
        temp.kind === "SQLite" ? "every statement sent to SQLite" : "server statement log";
      figures.push({
        figure: `DB round trips for one Approve click, ${temp.kind} (${how})`,
        value: `${statements.length} (Prisma's query events: ${prismaQueries.length})`,
        target: `≤ ${TARGET}`,
        met,
      });
      if (!met || process.env.BENCH_VERBOSE) {
        console.log(`\nStatements of one Approve click on ${temp.kind} (${statements.length}):`);
        statements.forEach((sql, i) =>
          console.log(`  ${String(i + 1).padStart(2)}. ${sql.replace(/\s+/g, " ").slice(0, 220)}`),
        );
      }
    } finally {
      counter?.uninstall?.();
      await temp.drop();
    }
  }
  return figures;
}

if (isMain(import.meta.url)) runAlone("Approval round trips", approvalRoundTrips);
