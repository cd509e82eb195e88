/**
 * A large team (20,000 proposals, 100 weeks of metrics) on SQLite and on
 * PostgreSQL: how long `/calendar month` (command to private answer), App
 * Home (app_home_opened to views.publish) and the digest computation (its
 * queries and figures, without Slack) take. Each is run REPEATS times after
 * one warm-up; printed as median (min–max). No target: the issue asks for
 * the figures.
 */
import { openDatabase } from "../src/db/database.ts";
import { digestFor, weekJustEnded } from "../src/features/metrics/digest-week.ts";
import { startGreenlight } from "../src/runtime.ts";
import { FakeSlack, SlackClientSim } from "../src/sandbox/index.ts";
import { dropSeedTemplates, LARGE_TEAM, SEED_PEOPLE, SEED_TEAM, seededDatabase } from "./seed.ts";
import { benchConfig, isMain, runAlone, spread, type Figure } from "./support.ts";

const SIGNING_SECRET = "benchsigningsecret0123456789abcdef";
const REPEATS = 7;

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

export async function largeTeam(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const now = new Date();
  for (const kind of ["SQLite", "PostgreSQL"] as const) {
    const temp = await seededDatabase(kind, LARGE_TEAM, now);
    const fake = new FakeSlack({ signingSecret: SIGNING_SECRET, teamId: SEED_TEAM });
    await fake.start();
    const database = await openDatabase(temp.url);
    try {
      // Held responses: each request returns once its answer has reached Slack.
      const app = await startGreenlight({
        config: benchConfig(temp.url, fake.apiUrl, SIGNING_SECRET),
        database,
        processBeforeResponse: true,
        host: "127.0.0.1",
      });
      try {
        const slack = new SlackClientSim({
          appUrl: `http://127.0.0.1:${app.port}/slack/events`,
          signingSecret: SIGNING_SECRET,
          fake,
          // The work a command leaves to run after its ack (/calendar's) is
          // part of "command to answer".
          workAfterAnswers: (triggerId) => app.built.answeredWorkDone(triggerId),
        });
        const user = SEED_PEOPLE.approver;
        const calendar = await timed(async () => {
          const before = fake.ephemeralsTo(user).length;
          const response = await slack.command(user, "/calendar", "month");
          if (response.status !== 200 || fake.ephemeralsTo(user).length !== before + 1)
            throw new Error(`/calendar month gave no answer (${response.status})`);
        });
        const home = await timed(async () => {
          const before = fake.callsTo("views.publish").length;
          const response = await slack.event({ type: "app_home_opened", user, tab: "home" });
          if (response.status !== 200 || fake.callsTo("views.publish").length !== before + 1)
            throw new Error(`App Home was not published (${response.status})`);
        });
        const team = { id: fake.teamId, timezone: "Europe/Amsterdam" };
        const digest = await timed(() =>
          digestFor(database.db, team, weekJustEnded(now, team.timezone)),
        );
        fake.calls.length = 0;
        const tag = `large team (${LARGE_TEAM.proposals.toLocaleString("en")} proposals, ${LARGE_TEAM.weeksOfMetrics} weeks of metrics), ${temp.kind}`;
        for (const [what, times] of [
          ["/calendar month, command to answer", calendar],
          ["App Home, app_home_opened to views.publish", home],
          ["digest computation (queries and figures)", digest],
        ] as const) {
          figures.push({
            figure: `${what}, ${tag}`,
            value: `${spread(times)} ms`,
            target: "–",
            met: null,
          });
        }
      } finally {
        await app.stop();
      }
    } finally {
      await fake.stop();
      await temp.drop();
    }
  }
  return figures;
}

if (isMain(import.meta.url)) runAlone("Large team", () => largeTeam().finally(dropSeedTemplates));
