import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import type { FakeMessage, FakeSlack } from "../../src/sandbox/index.ts";
import { addDaysToLocalDate, localDateAt } from "../../src/shared/local-date.ts";
import {
  startProcessPair,
  until,
  type AppProcess,
  type ProcessPair,
} from "../faults/support/processes.ts";

// Two real app processes (as src/main.ts starts them) on one PostgreSQL
// database and one fake Slack: 20 "I'll cover" clicks spread over both must
// give one cover, one update of the request and one DM each to the asker and
// the taker; the 19 others are told privately who took the day.
const ALICE = "U_ALICE";
const BOB = "U_BOB";
const CAROL = "U_CAROL";
const DAVE = "U_DAVE";
const TAKE = "webcare_take_cover";

let fake: FakeSlack;
let database: Database;
let a: AppProcess;
let b: AppProcess;
let pair: ProcessPair | undefined;

beforeAll(async () => {
  pair = await startProcessPair();
  ({ fake, database, a, b } = pair);
}, 90_000);

afterAll(async () => {
  // SIGTERM: finish in-flight work, close the database, exit 0.
  expect(await pair?.stop()).toEqual([0, 0]);
}, 60_000);

const hasTake = (m: FakeMessage) => JSON.stringify(m.blocks ?? []).includes(TAKE);

describe("an I'll cover race between two app processes", () => {
  it("20 clicks spread over both processes: one cover, one update, one DM each", async () => {
    await a.slack.command(ALICE, "/role", `assign <@${ALICE}> manager`);
    await until(() => fake.ephemeralsTo(ALICE).length === 1, "the manager reply");
    // Today Bob, tomorrow Alice, then Carol, Dave.
    await b.slack.command(
      ALICE,
      "/webcare",
      `rotation <@${BOB}> <@${ALICE}> <@${CAROL}> <@${DAVE}> in <#C_GENERAL|general>`,
    );
    await until(() => fake.ephemeralsTo(ALICE).length === 2, "the rotation reply");
    const team = await database.db.team.findFirstOrThrow({ select: { timezone: true } });
    const tomorrow = addDaysToLocalDate(localDateAt(new Date(), team.timezone), 1);

    await a.slack.command(ALICE, "/webcare", `ask ${tomorrow}`);
    await until(() => fake.messagesIn("C_GENERAL").some(hasTake), "the cover request");
    const request = structuredClone(fake.messagesIn("C_GENERAL").find(hasTake)!);

    const clickers = [BOB, CAROL, DAVE];
    const clicks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).slack.clickButton(clickers[i % 3] as string, request, TAKE),
      ),
    );
    expect(clicks.map((click) => click.status)).toEqual(Array(20).fill(200));

    const told = () =>
      clickers.flatMap((userId) =>
        fake.ephemeralsTo(userId).filter((e) => String(e.text).includes("already took")),
      );
    await until(() => told().length === 19, "the 19 private answers");
    await until(
      () => fake.dmsTo(ALICE).some((m) => String(m.text).includes("covers your webcare duty")),
      "the asker's DM",
    );
    const covers = await database.db.webcareCover.findMany();
    expect(covers).toHaveLength(1);
    const taker = covers[0]?.userId as string;
    await until(
      () => fake.dmsTo(taker).some((m) => String(m.text).includes("You cover webcare")),
      "the taker's DM",
    );
    await until(
      () => !hasTake(fake.messagesIn("C_GENERAL").find((m) => m.ts === request.ts)!),
      "the update",
    );

    expect(fake.callsTo("chat.update")).toHaveLength(1);
    expect(
      fake.dmsTo(ALICE).filter((m) => String(m.text).includes("covers your webcare")),
    ).toHaveLength(1);
    expect(
      fake.dmsTo(taker).filter((m) => String(m.text).includes("You cover webcare")),
    ).toHaveLength(1);
    expect(
      await database.db.webcareCoverRequest.findMany({ select: { status: true, takenBy: true } }),
    ).toEqual([{ status: "taken", takenBy: taker }]);
    expect(await database.db.auditEntry.count({ where: { action: "webcare.cover_taken" } })).toBe(
      1,
    );
  }, 120_000);
});
