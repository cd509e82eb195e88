import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppResponse, FakeView } from "../../src/sandbox/index.ts";
import { startHarness, type Harness } from "../support/harness.ts";

// Hostile and random input to every command and modal: the app never answers
// 500, never stores half a record, and never lets user text ping or link in
// Slack. One harness for the file; each property runs a bounded number of times.
const ALICE = "U_ALICE"; // manager
const BOB = "U_BOB"; // approver
const CAROL = "U_CAROL";
const RUNS = 30;
/** Bounded: a failure is reported after a short shrink, not after minutes of it. */
const PARAMS = {
  numRuns: RUNS,
  interruptAfterTimeLimit: 25_000,
  markInterruptAsFailure: true,
  endOnFailure: true,
};

/** Tokens that would ping, mention or link if they reached Slack unescaped. */
const EVIL_USER = "U0EVIL";
const LEAKS = [
  /<!channel>/,
  /<!here>/,
  /<!everyone>/,
  /<!subteam\^/,
  /<@U0EVIL/,
  /<https?:\/\/evil/,
];

const hostileToken = fc.constantFrom(
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<!subteam^S0EVIL|@team>",
  `<@${EVIL_USER}>`,
  `<@${EVIL_USER}|boss>`,
  "<https://evil.example|click here>",
  "<http://evil.example>",
  "&",
  "&amp;",
  "&lt;!channel&gt;",
  "<",
  ">",
  "<<",
  "*bold* _it_ ~s~ `code`",
  "\u0000",
  "\u0007",
  "\u202e",
  "\r\n",
  "\t",
  "😀👍🏽🏳️‍🌈",
  "#general",
  "<#C_GENERAL>",
  "@channel",
  "09:00",
  "2026-11-30",
);

/** Empty, 10 kB, any Unicode (control characters included), and mixes of the above. */
const hostileText = fc.oneof(
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.constant("x".repeat(10_000)) },
  { weight: 1, arbitrary: fc.constant(`<!channel> ${"é".repeat(5_000)}`) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  {
    weight: 6,
    arbitrary: fc
      .array(fc.oneof(hostileToken, fc.string({ maxLength: 8 })), { maxLength: 8 })
      .map((parts) => parts.join(" ")),
  },
);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.slack.command(ALICE, "/role", `assign <@${ALICE}> manager`);
  await h.slack.command(ALICE, "/role", `assign <@${BOB}> approver`);
}, 60_000);
afterAll(async () => {
  await h.close();
});

// ------------------------------------------------------------------ the oracle

/**
 * The strings Slack would render as mrkdwn: `text` of chat.* and response_url
 * posts (notifications render it), and every `mrkdwn` text object in blocks.
 * plain_text objects and input values (a modal's initial_value) are shown as
 * typed, so `<!channel>` there pings nobody and is not a leak.
 */
function renderedStrings(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) renderedStrings(item, out);
  } else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record.type === "mrkdwn" && typeof record.text === "string") out.push(record.text);
    for (const [key, inner] of Object.entries(record)) {
      if (key === "text" && record.type === "plain_text") continue;
      if (key === "initial_value" || key === "placeholder" || key === "state") continue;
      if (typeof inner === "object") renderedStrings(inner, out);
    }
  }
  return out;
}

function parseBlocks(blocks: unknown): unknown {
  if (typeof blocks !== "string") return blocks;
  try {
    return JSON.parse(blocks) as unknown;
  } catch {
    return blocks;
  }
}

/** Every rendered string Slack got since call number `from`, private replies included. */
function renderedSince(from: { calls: number; ephemerals: Map<string, number> }): string[] {
  const strings: string[] = [];
  for (const call of h.fake.calls.slice(from.calls)) {
    if (typeof call.args.text === "string" && call.method.startsWith("chat.")) {
      strings.push(call.args.text);
    }
    renderedStrings(parseBlocks(call.args.blocks), strings);
    renderedStrings(parseBlocks(call.args.view), strings);
  }
  for (const user of [ALICE, BOB, CAROL]) {
    for (const reply of h.fake.ephemeralsTo(user).slice(from.ephemerals.get(user) ?? 0)) {
      if (reply.via !== "response_url") continue; // chat.postEphemeral is a call, scanned above
      if (typeof reply.text === "string") strings.push(reply.text);
      renderedStrings(reply.blocks, strings);
    }
  }
  return strings;
}

function mark() {
  return {
    calls: h.fake.calls.length,
    ephemerals: new Map([ALICE, BOB, CAROL].map((u) => [u, h.fake.ephemeralsTo(u).length])),
  };
}

function expectNoLeak(since: ReturnType<typeof mark>, input: unknown): void {
  for (const text of renderedSince(since)) {
    for (const leak of LEAKS) {
      if (leak.test(text)) {
        throw new Error(
          `unescaped user text reached Slack (${String(leak)}) in ${JSON.stringify(text).slice(0, 300)} for input ${JSON.stringify(input).slice(0, 200)}`,
        );
      }
    }
  }
}

function expectNoServerError(response: AppResponse, input: unknown): void {
  if (response.status >= 500) {
    throw new Error(`HTTP ${response.status} for ${JSON.stringify(input).slice(0, 200)}`);
  }
  // A view_submission answer Slack would refuse (bad errors object, bad view).
  if (response.viewError) {
    throw new Error(
      `Slack refused the answer: ${response.viewError} for ${JSON.stringify(input).slice(0, 200)}`,
    );
  }
}

/** No half records: every stored row comes with what belongs to it. */
async function expectConsistent(): Promise<void> {
  const db = h.database.db;
  const proposals = await db.proposal.findMany({ select: { id: true, status: true } });
  const submitted = await db.auditEntry.findMany({
    where: { action: "proposal.submitted" },
    select: { subjectId: true },
  });
  expect(new Set(submitted.map((row) => row.subjectId))).toEqual(
    new Set(proposals.map((row) => String(row.id))),
  );
  const decisions = await db.decision.findMany({ select: { proposalId: true } });
  const decided = new Set(decisions.map((row) => row.proposalId));
  expect(decided.size).toBe(decisions.length); // at most one decision per proposal (per round)
  for (const proposal of proposals) {
    if (["approved", "rejected", "changes_requested"].includes(proposal.status)) {
      expect(decided.has(proposal.id)).toBe(true);
    }
  }
  expect(await db.roleAssignment.count({ where: { role: "approver" } })).toBeLessThanOrEqual(1);
  for (const row of await db.metricsEntry.findMany()) {
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === "number" && key !== "id") expect(Number.isFinite(value)).toBe(true);
    }
  }
}

// ------------------------------------------------------------------ a generic modal filler

type Gen = <T>(arb: () => fc.Arbitrary<T>) => T;

interface InputElement {
  type: string;
  action_id: string;
  max_length?: number;
  min_length?: number;
  optional?: boolean;
  options?: Array<{ value: string }>;
  option_groups?: Array<{ options: Array<{ value: string }> }>;
}

function inputsOf(view: FakeView): InputElement[] {
  return (view.blocks as Array<{ type?: string; element?: InputElement }>)
    .filter((block) => block.type === "input" && block.element)
    .map((block) => ({
      ...(block.element as InputElement),
      optional: (block as { optional?: boolean }).optional === true,
    }));
}

/**
 * Fills every input of a modal as Slack's client lets a person: text fields
 * with hostile text (cut to the field's max_length, not empty when required),
 * choices with real options (or none when optional).
 */
function fill(view: FakeView, g: Gen, overrides: Record<string, unknown> = {}) {
  const values: Record<string, unknown> = {};
  for (const element of inputsOf(view)) {
    const id = element.action_id;
    const required = !element.optional;
    const options = [
      ...(element.options ?? []),
      ...(element.option_groups ?? []).flatMap((group) => group.options),
    ].map((option) => option.value);
    switch (element.type) {
      case "static_select":
      case "radio_buttons":
        values[id] = g(() =>
          required
            ? fc.constantFrom(...options)
            : fc.option(fc.constantFrom(...options), { nil: "" }),
        );
        break;
      case "multi_static_select":
      case "checkboxes":
        values[id] = g(() => fc.subarray(options, { minLength: required ? 1 : 0 }));
        break;
      case "datetimepicker":
        values[id] = g(() =>
          fc.oneof(
            fc.constant(Math.floor(h.clock.now().getTime() / 1000) + 48 * 3600),
            fc.integer({ min: 0, max: 4_102_444_800 }),
          ),
        );
        break;
      case "file_input":
        // Slack's client submits only the ids of files it uploaded; none here.
        values[id] = [];
        break;
      case "url_text_input":
        // Slack's client only submits http(s) URLs without spaces; anything else after that.
        values[id] = g(() =>
          fc.oneof(
            fc.webUrl(),
            fc.constantFrom(
              "https://evil.example/<!channel>",
              "https://example.com/?a=<@U0EVIL>&b=<!here>",
              "http://localhost",
              "https://x",
              `https://example.com/${"a".repeat(2_900)}`,
            ),
          ),
        );
        if (element.optional && g(() => fc.boolean())) values[id] = "";
        break;
      case "number_input":
        // Slack's client only submits digits (and a decimal point when allowed).
        values[id] = g(() =>
          fc.oneof(
            fc.nat().map(String),
            fc.integer({ min: -1_000_000, max: -1 }).map(String),
            fc.constantFrom("0", "00012", "9007199254740993", "99999999999999999999999"),
            ...((element as { is_decimal_allowed?: boolean }).is_decimal_allowed
              ? [fc.constantFrom("4.5", "0.0001", "5.00000000000000000001")]
              : []),
          ),
        );
        {
          const { min_value: min, max_value: max } = element as {
            min_value?: string;
            max_value?: string;
          };
          const n = Number(values[id]);
          if ((min !== undefined && n < Number(min)) || (max !== undefined && n > Number(max))) {
            values[id] = min ?? max;
          }
        }
        if (element.optional && g(() => fc.boolean())) values[id] = "";
        break;
      case "timepicker":
        values[id] = g(() => fc.constantFrom("09:00", "23:59", "00:00", "12:30"));
        break;
      case "datepicker":
        // Slack's date picker only gives YYYY-MM-DD, but any date.
        values[id] = g(() =>
          fc.oneof(
            fc.constantFrom("2026-11-23", "2026-11-16", "2026-11-18"),
            fc
              .date({
                min: new Date("1970-01-01"),
                max: new Date("2100-12-31"),
                noInvalidDate: true,
              })
              .map((d) => d.toISOString().slice(0, 10)),
          ),
        );
        break;
      default: {
        let text = g(() => hostileText);
        if (element.max_length !== undefined) text = text.slice(0, element.max_length);
        if (required && text === "") text = "<!here>";
        const min = element.min_length ?? 0;
        if (text.length < min) text = text.padEnd(min, "&");
        values[id] = text;
      }
    }
  }
  return { ...values, ...overrides };
}

async function openModal(userId: string, command: string, text: string): Promise<FakeView> {
  const before = h.fake.callsTo("views.open").length;
  const response = await h.slack.command(userId, command, text);
  expect(response.status).toBe(200);
  expect(h.fake.callsTo("views.open").length).toBe(before + 1);
  const view = h.fake.lastView(userId);
  if (!view) throw new Error(`${command} ${text} opened no modal`);
  return view;
}

// ------------------------------------------------------------------ the properties

const COMMANDS: Record<string, string[]> = {
  "/role": ["", "list ", "assign ", `assign <@${CAROL}> `, `unassign <@${CAROL}> `, "assign "],
  "/webcare": [
    "",
    "who ",
    "schedule ",
    "cover ",
    `cover <@${BOB}> `,
    "rotation ",
    `rotation <@${ALICE}> <@${BOB}> at `,
    `rotation <@${ALICE}> <@${BOB}> in `,
  ],
  "/metrics": ["", "digest ", "subscribe ", "unsubscribe ", "frobnicate "],
  "/calendar": ["", "week ", "month "],
  "/greenlight": ["", "help ", "bogus "],
  "/propose": [""],
};

describe("hostile input never breaks the app or reaches Slack unescaped", () => {
  it("the oracle itself: flags user text in mrkdwn and fallback text, not in plain_text", async () => {
    const slack = await h.app.built.deps.slackFor("T0GREEN");
    const plain = mark();
    await slack.chat.postMessage({
      channel: "C_GENERAL",
      text: "fallback",
      blocks: [{ type: "header", text: { type: "plain_text", text: "<!channel> is fine here" } }],
    });
    expect(() => expectNoLeak(plain, "plain")).not.toThrow();
    for (const leak of ["<!here>", `<@${EVIL_USER}>`, "<https://evil.example|x>"]) {
      const since = mark();
      await slack.chat.postMessage({
        channel: "C_GENERAL",
        text: "fallback",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: `hi ${leak}` } }],
      });
      expect(() => expectNoLeak(since, leak)).toThrow(/unescaped/);
      const inText = mark();
      await slack.chat.postMessage({ channel: "C_GENERAL", text: `hi ${leak}` });
      expect(() => expectNoLeak(inText, leak)).toThrow(/unescaped/);
    }
  });

  it("slash commands: /role, /webcare, /metrics, /calendar, /greenlight, /propose", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...Object.keys(COMMANDS))
          .chain((command) =>
            fc.tuple(fc.constant(command), fc.constantFrom(...COMMANDS[command]!), hostileText),
          ),
        fc.constantFrom(ALICE, CAROL),
        async ([command, prefix, text], user) => {
          const since = mark();
          const input = { command, text: prefix + text, user };
          const response = await h.slack.command(user, command, prefix + text);
          expectNoServerError(response, input);
          expectNoLeak(since, input);
          await expectConsistent();
          // Close whatever modal it opened, as the person would.
          closeModals(user);
        },
      ),
      { ...PARAMS, numRuns: 50 },
    );
  });

  it("the Propose modal, then a reason for Request changes / Reject", async () => {
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), fc.boolean(), async (g, reject) => {
        const view = await openModal(CAROL, "/propose", "");
        const values = fill(view, g);
        const since = mark();
        const before = await h.database.db.proposal.count();
        const response = await h.slack.submitView(CAROL, view, values);
        expectNoServerError(response, values);
        const after = await h.database.db.proposal.count();
        const errors = (response.json as { response_action?: string } | undefined)?.response_action;
        // Either the modal answered with field errors and stored nothing, or it stored one.
        expect(after - before).toBe(errors === "errors" ? 0 : 1);
        closeModals(CAROL);
        if (after > before) {
          stored += 1;
          const proposal = await h.database.db.proposal.findFirstOrThrow({
            orderBy: { id: "desc" },
          });
          const request = h.fake
            .dmsTo(BOB)
            .filter((m) => JSON.stringify(m.blocks ?? []).includes(`#${proposal.id}`))
            .find((m) => JSON.stringify(m.blocks ?? []).includes("proposal_reject"));
          expect(request, "the approver got the request").toBeDefined();
          const click = await h.slack.clickButton(
            BOB,
            structuredClone(request!),
            reject ? "proposal_reject" : "proposal_request_changes",
          );
          expectNoServerError(click, { reject });
          const reasonView = h.fake.lastView(BOB);
          expect(reasonView?.callback_id).toBe("proposal_reason");
          const reason = fill(reasonView!, g);
          const answered = await h.slack.submitView(BOB, reasonView!, reason);
          expectNoServerError(answered, reason);
          closeModals(BOB);
        }
        expectNoLeak(since, values);
        await expectConsistent();
      }),
      PARAMS,
    );
    // The generator must reach the stored path too, not only field errors.
    expect(stored).toBeGreaterThan(0);
  });

  it("the metrics log modal", async () => {
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const view = await openModal(ALICE, "/metrics", "log");
        const values = fill(view, g);
        const since = mark();
        const before = await h.database.db.metricsEntry.count();
        const response = await h.slack.submitView(ALICE, view, values);
        expectNoServerError(response, values);
        const after = await h.database.db.metricsEntry.count();
        expect(after - before).toBeLessThanOrEqual(1);
        closeModals(ALICE);
        expectNoLeak(since, values);
        await expectConsistent();
      }),
      PARAMS,
    );
  });

  it("the settings modal", async () => {
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const view = await openModal(ALICE, "/greenlight", "settings");
        const values = fill(view, g);
        const since = mark();
        const response = await h.slack.submitView(ALICE, view, values);
        expectNoServerError(response, values);
        closeModals(ALICE);
        expectNoLeak(since, values);
        const team = await h.database.db.team.findFirstOrThrow({ where: { id: h.fake.teamId } });
        // Whatever was typed, what is stored is a usable setting.
        expect(() => new Intl.DateTimeFormat("en", { timeZone: team.timezone })).not.toThrow();
        expect(team.digestTime).toMatch(/^\d{2}:\d{2}$/);
        expect(team.digestDay).toBeGreaterThanOrEqual(1);
        expect(team.digestDay).toBeLessThanOrEqual(7);
        await expectConsistent();
      }),
      PARAMS,
    );
  });
});

/** Closes a person's open modals (Slack closes them on a valid submission or a click on Close). */
function closeModals(userId: string): void {
  const fake = h.fake as unknown as { modalStacks: Map<string, string[]> };
  fake.modalStacks.delete(userId);
}
