/**
 * What the page draws: the conversations the person sees (with the
 * ephemeral replies only they see), the open modal, their App Home.
 */
import { JOB_NAMES } from "../scheduler/job.ts";
import type { FakeSlack } from "./fake-slack.ts";
import { isSandboxPerson, SANDBOX_PEOPLE } from "./workspace.ts";

/** A reply Slack shows itself: the body of a command's ack, or its failure. */
export interface LocalEphemeral {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
}

/** The replies Slack's client shows without the app posting them. */
export class LocalReplies {
  private sequence = 0;
  readonly all: LocalEphemeral[] = [];

  add(user: string, channel: string, text: string, blocks?: unknown[]): void {
    this.sequence += 1;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(999000 + (this.sequence % 1000)).padStart(6, "0")}`;
    this.all.push({ user, channel, ts, text, ...(blocks ? { blocks } : {}) });
  }

  clear(): void {
    this.all.length = 0;
  }
}

export function sandboxState(
  fake: FakeSlack,
  local: LocalReplies,
  as: string,
): Record<string, unknown> {
  const me = isSandboxPerson(as) ? as : (SANDBOX_PEOPLE[0]?.id ?? "");
  const dmId = fake.dmIdFor(me);
  const mine = fake.ephemeralsTo(me);
  const messagesOf = (channel: string) =>
    [
      ...fake.messagesIn(channel).map((m) => ({
        ts: m.ts,
        user: m.user,
        text: m.text ?? "",
        blocks: m.blocks ?? null,
        edited: m.edited !== undefined,
        ephemeral: false,
      })),
      ...[...mine, ...local.all.filter((l) => l.user === me)]
        .filter((e) => e.channel === channel)
        .map((e) => ({
          ts: e.ts,
          user: fake.botUserId,
          text: e.text ?? "",
          blocks: e.blocks ?? null,
          edited: false,
          ephemeral: true,
        })),
    ].sort((a, b) => Number(a.ts) - Number(b.ts));
  const conversations = [
    ...fake.channels
      .filter((c) => c.members.includes(me))
      .map((c) => ({
        id: c.id,
        kind: "channel",
        name: c.name,
        isPrivate: c.is_private,
        botIsMember: c.members.includes(fake.botUserId),
        messages: messagesOf(c.id),
      })),
    {
      id: dmId,
      kind: "dm",
      name: fake.user(fake.botUserId)?.real_name ?? "Greenlight",
      isPrivate: true,
      botIsMember: true,
      messages: messagesOf(dmId),
    },
  ];
  const stack = fake.openViews(me);
  return {
    team: { id: fake.teamId, name: fake.teamName },
    botUserId: fake.botUserId,
    me,
    people: SANDBOX_PEOPLE.map((p) => {
      const user = fake.user(p.id);
      return {
        id: p.id,
        name: user?.name ?? p.id,
        realName: user?.real_name ?? p.id,
        tz: user?.tz ?? "UTC",
        hint: p.hint,
        locale: user?.locale ?? "en-US",
      };
    }),
    users: fake.users.map((u) => ({
      id: u.id,
      name: u.name,
      realName: u.real_name,
      isBot: u.is_bot,
      deleted: u.deleted,
      tz: u.tz,
    })),
    channels: fake.channels.map((c) => ({ id: c.id, name: c.name, isPrivate: c.is_private })),
    conversations,
    modal: stack.at(-1) ?? null,
    modalDepth: stack.length,
    home: fake.homeView(me) ?? null,
    jobs: JOB_NAMES,
  };
}
