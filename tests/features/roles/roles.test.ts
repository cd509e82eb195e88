import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";

// The fake Slack's people: see src/sandbox/fake-slack.ts.
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

function lastPrivateText(userId: string): string {
  const replies = h.fake.ephemeralsTo(userId);
  const last = replies[replies.length - 1];
  if (!last) throw new Error(`no private reply to ${userId}`);
  return String(last.text);
}

async function role(userId: string, text: string): Promise<string> {
  const response = await h.slack.command(userId, "/role", text);
  expect(response.status).toBe(200);
  return lastPrivateText(userId);
}

describe("/role", () => {
  it("anyone may name the first manager, and the reply says so", async () => {
    expect(await role(ALICE, `assign <@${ALICE}|alice> manager`)).toMatch(/had no manager yet/);
    const audit = await h.database.db.auditEntry.findMany({ where: { action: "role.assigned" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: ALICE, subjectId: ALICE });
  });

  it("after that, only managers change roles", async () => {
    await role(ALICE, `assign <@${ALICE}> manager`);
    expect(await role(BOB, `assign <@${BOB}> approver`)).toMatch(
      /Only a manager or a workspace admin/,
    );
    expect(await h.database.db.roleAssignment.count({ where: { role: "approver" } })).toBe(0);
    expect(await role(ALICE, `assign <@${BOB}|bob> approver`)).toMatch(/is now the \*approver\*/);
  });

  it("a Slack workspace admin may change roles without being a manager", async () => {
    await role(ALICE, `assign <@${ALICE}> manager`);
    const admin = h.fake.users.find((user) => user.is_admin && !user.is_bot && !user.deleted);
    if (!admin) throw new Error("the fake Slack has no admin user");
    expect(await role(admin.id, `assign <@${CAROL}> creator`)).toMatch(/is now a \*creator\*/);
  });

  it("lists who holds which role, the approver first, to the caller only", async () => {
    await role(ALICE, `assign <@${ALICE}> manager`);
    await role(ALICE, `assign <@${CAROL}> creator`);
    await role(ALICE, `assign <@${BOB}> approver`);
    await h.slack.command(CAROL, "/role", "list");
    const reply = h.fake.ephemeralsTo(CAROL).at(-1);
    const blocks = JSON.stringify(reply?.blocks);
    expect(blocks.indexOf("Approver")).toBeLessThan(blocks.indexOf("Manager"));
    expect(blocks).toContain(`<@${BOB}>`);
    expect(reply?.text).toContain(`<@${BOB}>`);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("one approver per workspace: assigning another replaces the first", async () => {
    await role(ALICE, `assign <@${ALICE}> manager`);
    await role(ALICE, `assign <@${BOB}> approver`);
    expect(await role(ALICE, `assign <@${CAROL}> approver`)).toMatch(/taking over from <@U_BOB>/);
    const approvers = await h.database.db.roleAssignment.findMany({ where: { role: "approver" } });
    expect(approvers.map((row) => row.userId)).toEqual([CAROL]);
  });

  it("the database itself refuses a second approver row", async () => {
    const db = h.database.db;
    const team = "T_DIRECT";
    await db.roleAssignment.create({
      data: {
        teamId: team,
        userId: "U1",
        role: "approver",
        exclusiveRole: "approver",
        assignedBy: "x",
      },
    });
    await expect(
      db.roleAssignment.create({
        data: {
          teamId: team,
          userId: "U2",
          role: "approver",
          exclusiveRole: "approver",
          assignedBy: "x",
        },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("concurrent approver assignments leave exactly one approver", async () => {
    await role(ALICE, `assign <@${ALICE}> manager`);
    const candidates = [BOB, CAROL, ALICE];
    await Promise.all(
      candidates.map((id) => h.slack.command(ALICE, "/role", `assign <@${id}> approver`)),
    );
    expect(await h.database.db.roleAssignment.count({ where: { role: "approver" } })).toBe(1);
  });

  it("refuses bots, deactivated and unknown users with a clear line", async () => {
    await role(ALICE, `assign <@${ALICE}> manager`);
    const bot = h.fake.users.find((user) => user.is_bot);
    const gone = h.fake.users.find((user) => user.deleted);
    if (!bot || !gone) throw new Error("the fake Slack needs a bot and a deleted user");
    expect(await role(ALICE, `assign <@${bot.id}> creator`)).toMatch(/is a bot/);
    expect(await role(ALICE, `assign <@${gone.id}> creator`)).toMatch(/has left this workspace/);
    expect(await role(ALICE, "assign <@U_NOBODY> creator")).toMatch(/cannot find/);
    expect(await h.database.db.roleAssignment.count({ where: { role: "creator" } })).toBe(0);
  });

  it("answers malformed calls with a private Usage line", async () => {
    expect(await role(ALICE, "assign bob approver")).toMatch(/^Usage: \/role/);
    expect(await role(ALICE, `assign <@${BOB}> overlord`)).toMatch(/^Usage: \/role.*not a role/);
    expect(await role(ALICE, "dance")).toMatch(/^Usage: \/role/);
    expect(await h.database.db.roleAssignment.count()).toBe(0);
  });

  it("unassigns, and says when there was nothing to take away", async () => {
    await role(ALICE, `assign <@${ALICE}> manager`);
    await role(ALICE, `assign <@${CAROL}> designer`);
    expect(await role(ALICE, `unassign <@${CAROL}> designer`)).toMatch(/no longer a \*designer\*/);
    expect(await role(ALICE, `unassign <@${CAROL}> designer`)).toMatch(/Nothing changed/);
    const actions = (await h.database.db.auditEntry.findMany({ orderBy: { id: "asc" } })).map(
      (row) => row.action,
    );
    expect(actions).toEqual(["role.assigned", "role.assigned", "role.unassigned"]);
  });
});
