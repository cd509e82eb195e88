import type { FakeChannel, FakeUser, FakeUsergroup } from "./fake-slack.ts";

/** The slash commands the app declares in manifest.yml. */
export const SANDBOX_COMMANDS = [
  "/propose",
  "/suggest",
  "/role",
  "/calendar",
  "/webcare",
  "/metrics",
  "/greenlight",
] as const;

/**
 * What Slack sends for a command typed with `should_escape: true`: `&`, `<`
 * and `>` escaped, `@name` turned into `<@U…|name>`, `#name` into
 * `<#C…|name>`, `@channel`/`@here`/`@everyone` into `<!channel>` etc., and a
 * user group's `@handle` into `<!subteam^S…|@handle>`.
 * Names match a person's handle, display name or first name, case-insensitively.
 */
export function slackifyCommandText(
  text: string,
  users: readonly FakeUser[],
  channels: readonly FakeChannel[],
  usergroups: readonly FakeUsergroup[] = [],
): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const withPeople = escaped.replace(
    /(^|[\s(])@([\w.-]+)/g,
    (whole, before: string, name: string) => {
      const lower = name.toLowerCase();
      if (["channel", "here", "everyone"].includes(lower)) return `${before}<!${lower}>`;
      const user = users.find(
        (u) =>
          !u.deleted &&
          (u.name.toLowerCase() === lower ||
            (u.display_name ?? "").toLowerCase() === lower ||
            u.real_name.split(" ")[0]?.toLowerCase() === lower),
      );
      if (user) return `${before}<@${user.id}|${user.name}>`;
      const group = usergroups.find((g) => !g.disabled && g.handle.toLowerCase() === lower);
      return group ? `${before}<!subteam^${group.id}|@${group.handle}>` : whole;
    },
  );
  return withPeople.replace(/(^|[\s(])#([\w-]+)/g, (whole, before: string, name: string) => {
    const channel = channels.find((c) => c.name.toLowerCase() === name.toLowerCase());
    return channel ? `${before}<#${channel.id}|${channel.name}>` : whole;
  });
}
