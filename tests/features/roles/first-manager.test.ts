import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";

// The first-manager rule: anyone may name the first manager only while the
// team has never had one; the last manager cannot be removed; simultaneous
// first assignments make exactly one manager.
const ALICE = "U_ALICE";
const BOB = "U_BOB";
const CAROL = "U_CAROL";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function role(userId: string, text: string): Promise<string> {
  const response = await h.slack.command(userId, "/role", text);
  expect(response.status).toBe(200);
  return String(h.fake.ephemeralsTo(userId).at(-1)?.text);
}

async function managers(): Promise<string[]> {
  const rows = await h.database.db.roleAssignment.findMany({
    where: { teamId: h.fake.teamId, role: "manager" },
    select: { userId: true },
  });
  return rows.map((row) => row.userId).sort();
}

describe("the first manager", () => {
  it("the only manager cannot remove herself, and is told why", async () => {
    await role(ALICE, `assign <@${ALICE}> manager`);
    const answer = await role(ALICE, `unassign <@${ALICE}> manager`);
    expect(answer).toContain("only manager");
    expect(await managers()).toEqual([ALICE]);
    // So nobody else can take over through the first-manager rule.
    expect(await role(CAROL, `assign <@${CAROL}> manager`)).toMatch(/Only a manager/);
    expect(await managers()).toEqual([ALICE]);
  });

  it("with two managers one may go; the rule stays closed for good", async () => {
    await role(ALICE, `assign <@${ALICE}> manager`);
    await role(ALICE, `assign <@${BOB}> manager`);
    expect(await role(ALICE, `unassign <@${ALICE}> manager`)).toContain("no longer");
    expect(await managers()).toEqual([BOB]);
    expect(await role(BOB, `unassign <@${BOB}> manager`)).toContain("only manager");
    expect(await role(CAROL, `assign <@${CAROL}> manager`)).toMatch(/Only a manager/);
  });

  it("a team whose managers were all removed before this rule (zero managers) stays closed", async () => {
    await role(ALICE, `assign <@${ALICE}> manager`);
    // As the data of an older version could be: the manager row gone.
    await h.database.db.roleAssignment.deleteMany({ where: { role: "manager" } });
    expect(await role(CAROL, `assign <@${CAROL}> manager`)).toMatch(/Only a manager/);
    expect(await managers()).toEqual([]);
  });

  it("20 simultaneous first assignments make exactly one manager", async () => {
    // Not workspace admins: they may name managers anyway, first or not.
    const people = h.fake.users
      .filter((u) => !u.is_bot && !u.deleted && !u.is_admin && !u.is_owner)
      .map((u) => u.id);
    const askers = Array.from({ length: 20 }, (_, i) => people[i % people.length] as string);
    const answers = await Promise.all(
      askers.map((userId) => h.slack.command(userId, "/role", `assign <@${userId}> manager`)),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(await managers()).toHaveLength(1);
    const audit = await h.database.db.auditEntry.count({ where: { action: "role.assigned" } });
    expect(audit).toBe(1);
  });
});
