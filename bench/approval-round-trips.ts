/**
 * Database round trips for one Approve click, counted from Prisma's query
 * events, on SQLite and on PostgreSQL. The team (a manager, an approver) and
 * one pending proposal are set up through the app's own commands and modal;
 * the counter is reset; the approver clicks Approve once. Target: ≤ 6.
 *
 * Counted: every query Prisma reports, transaction statements (BEGIN,
 * COMMIT) included — each is a round trip to the database.
 */
import { openDatabase } from "../src/db/database.ts";
import { startGreenlight } from "../src/runtime.ts";
import { FakeSlack, SlackClientSim, type FakeMessage } from "../src/sandbox/index.ts";
import {
  isMain,
  runAlone,
  tempPostgres,
  tempSqlite,
  type Figure,
  type TempDatabase,
  benchConfig,
} from "./support.ts";

const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";
const TARGET = 6;
const ALICE = "U_ALICE"; // manager
const BOB = "U_BOB"; // approver
const CAROL = "U_CAROL"; // proposer

function expectOk(what: string, response: { status: number; body: string }): void {
  if (response.status !== 200) throw new Error(`${what}: HTTP ${response.status} ${response.body}`);
}

/** Queries of one Approve click on a fresh database of this kind. */
export async function approvalQueries(temp: TempDatabase): Promise<string[]> {
  const fake = new FakeSlack({ signingSecret: SIGNING_SECRET });
  await fake.start();
  let counting = false;
  const queries: string[] = [];
  const database = await openDatabase(temp.url, {
    onQuery: (sql) => {
      if (counting) queries.push(sql);
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
    if (submitted.json !== undefined || submitted.viewError)
      throw new Error(`propose modal refused: ${submitted.body} ${submitted.viewError ?? ""}`);
    const request = fake
      .dmsTo(BOB)
      .findLast((m: FakeMessage) => JSON.stringify(m.blocks ?? []).includes("proposal_approve"));
    if (!request) throw new Error("the approver got no approval request");

    counting = true;
    expectOk("Approve", await slack.clickButton(BOB, request, "proposal_approve"));
    await app.built.drain(10_000);
    counting = false;

    const status = await database.db.proposal.findFirst({ select: { status: true } });
    if (status?.status !== "approved")
      throw new Error(`proposal is ${status?.status}, not approved`);
    return queries;
  } finally {
    await app.stop();
    await fake.stop();
  }
}

export async function approvalRoundTrips(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const make of [async () => tempSqlite(), tempPostgres]) {
    const temp = await make();
    try {
      const queries = await approvalQueries(temp);
      const met = queries.length <= TARGET;
      figures.push({
        figure: `DB round trips for one Approve click, ${temp.kind}`,
        value: String(queries.length),
        target: `≤ ${TARGET}`,
        met,
      });
      if (!met || process.env.BENCH_VERBOSE) {
        console.log(`\nQueries of one Approve click on ${temp.kind} (${queries.length}):`);
        queries.forEach((sql, i) =>
          console.log(`  ${String(i + 1).padStart(2)}. ${sql.slice(0, 220)}`),
        );
      }
    } finally {
      await temp.drop();
    }
  }
  return figures;
}

if (isMain(import.meta.url)) runAlone("Approval round trips", approvalRoundTrips);
