import type { UsersInfoArguments, UsersInfoResponse, WebClient } from "@slack/web-api";
import type { SlackFor } from "../install/clients.ts";

/**
 * `slackFor` for the jobs of one scheduler tick: each team's client is looked
 * up once (one installation read and decryption, not one per job and step),
 * and each person's `users.info` is asked once. At a hand-over the webcare
 * jobs need the person on duty (is it still a person?) and their language,
 * and tomorrow's person likewise: about five users.info calls per team, two
 * different answers. Within one tick (a minute at most) an answer is as good
 * as a new one; the next tick asks again.
 *
 * A failed lookup or call is not kept: the next step asks again.
 */
export function tickClients(slackFor: SlackFor): SlackFor {
  const clients = new Map<string, Promise<WebClient>>();
  return (teamId) => {
    const known = clients.get(teamId);
    if (known) return known;
    const client = slackFor(teamId).then(askingUsersInfoOnce);
    clients.set(teamId, client);
    client.catch(() => clients.delete(teamId));
    return client;
  };
}

/**
 * The same client (same token, queue, rate limits: every other call goes
 * through it unchanged), with users.info answered once per person and
 * arguments.
 */
function askingUsersInfoOnce(client: WebClient): WebClient {
  const answers = new Map<string, Promise<UsersInfoResponse>>();
  const info = (options: UsersInfoArguments): Promise<UsersInfoResponse> => {
    const key = JSON.stringify([options.user, options.include_locale ?? false]);
    const known = answers.get(key);
    if (known) return known;
    const answer = client.users.info(options);
    answers.set(key, answer);
    answer.catch(() => answers.delete(key));
    return answer;
  };
  const users = Object.assign(Object.create(client.users) as WebClient["users"], { info });
  return Object.assign(Object.create(client) as WebClient, { users });
}
