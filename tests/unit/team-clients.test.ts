import { describe, expect, it } from "vitest";
import { teamClients } from "../../src/install/team-clients.ts";

/** Tokens by team, as the installation store would give them (one can be rotated). */
function tokens() {
  const byTeam = new Map<string, string>();
  return {
    rotate(teamId: string, token: string) {
      byTeam.set(teamId, token);
    },
    botTokenFor: (teamId: string) => Promise.resolve(byTeam.get(teamId) ?? `xoxb-${teamId}`),
  };
}

const options = { slackApiUrl: "http://127.0.0.1:9/api/" };

describe("team clients in many-workspace mode (src/install/team-clients.ts)", () => {
  it("gives a team the same client until its token changes", async () => {
    const store = tokens();
    const slackFor = teamClients(store, options);
    const first = await slackFor("T1");
    expect(await slackFor("T1")).toBe(first);
    expect(await slackFor("T2")).not.toBe(first);
    store.rotate("T1", "xoxb-refreshed");
    const refreshed = await slackFor("T1");
    expect(refreshed).not.toBe(first);
    expect(refreshed.token).toBe("xoxb-refreshed");
  });

  it("keeps at most `max` clients, dropping the least recently used", async () => {
    const slackFor = teamClients(tokens(), options, 3);
    const t1 = await slackFor("T1");
    const t2 = await slackFor("T2");
    await slackFor("T3");
    // T1 used again: T2 is now the least recently used.
    expect(await slackFor("T1")).toBe(t1);
    await slackFor("T4");
    expect(await slackFor("T1")).toBe(t1);
    const t2Again = await slackFor("T2");
    expect(t2Again).not.toBe(t2);
    expect(t2Again.token).toBe("xoxb-T2");
  });
});
