/**
 * The sandbox's one workspace: its team, the people one can act as, and its
 * channels. The fake Slack is built from these.
 */
import { defaultUsers, type FakeChannel, type FakeUser } from "./fake-slack.ts";

export const SANDBOX_TEAM_ID = "T_SANDBOX";
export const SANDBOX_TEAM_NAME = "Greenlight Sandbox";
export const SANDBOX_BOT_USER_ID = "U_GREENLIGHT";

/** The people one can act as, with what the walkthrough has them become. */
export const SANDBOX_PEOPLE: ReadonlyArray<{ id: string; hint: string }> = [
  { id: "U_ALICE", hint: "manager-to-be" },
  { id: "U_BOB", hint: "approver-to-be" },
  { id: "U_CAROL", hint: "creator" },
  { id: "U_DAVE", hint: "analyst" },
];

export function isSandboxPerson(userId: string): boolean {
  return SANDBOX_PEOPLE.some((p) => p.id === userId);
}

export function sandboxUsers(): FakeUser[] {
  const wanted = new Set([...SANDBOX_PEOPLE.map((p) => p.id), SANDBOX_BOT_USER_ID]);
  return defaultUsers(SANDBOX_BOT_USER_ID).filter((user) => wanted.has(user.id));
}

export function sandboxChannels(): FakeChannel[] {
  const everyone = SANDBOX_PEOPLE.map((p) => p.id);
  return [
    {
      id: "C_GENERAL",
      name: "general",
      is_private: false,
      members: [...everyone, SANDBOX_BOT_USER_ID],
    },
    { id: "C_SOCIAL", name: "social-media", is_private: false, members: everyone },
    { id: "G_LEADS", name: "leads", is_private: true, members: ["U_ALICE", "U_BOB"] },
  ];
}
