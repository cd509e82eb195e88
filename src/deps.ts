import type { Logger } from "@slack/bolt";
import type { Db } from "./db/database.ts";
import type { EventBus } from "./events.ts";
import type { RecentLanguages } from "./i18n/recent.ts";
import type { SlackFor, SlackTokenFor } from "./install/clients.ts";
import type { SlackPacer } from "./slack/pacing.ts";
import type { TickProbe } from "./scheduler/probe.ts";
import type { QuietMemo } from "./scheduler/quiet.ts";
import type { TickMemo } from "./scheduler/tick-memo.ts";

/** What every feature is given: no globals, so tests build as many apps as they like. */
export interface Deps {
  db: Db;
  /** The clock; tests and `jobs run --at` pass another one. */
  clock: () => Date;
  logger: Logger;
  events: EventBus;
  /**
   * A team's Web API client, for work outside a request (scheduler,
   * hand-overs, `jobs run`): the bot's client in one-workspace mode, the
   * team's installation otherwise. Rejects with NotInstalledError for a team
   * that has none. Inside a listener, use the `client` Bolt passes.
   */
  slackFor: SlackFor;
  /**
   * A team's bot token and Slack API URL, for a fan-out over many teams that
   * posts through one client (the weekly digest): no WebClient is built per
   * team. Absent (tests, the CLI): taken from `slackFor`'s client.
   */
  slackTokenFor?: SlackTokenFor;
  /**
   * The languages this process looked up lately (src/i18n/recent.ts), for
   * answers given without touching the database, such as "busy".
   */
  recentLanguages?: RecentLanguages;
  /**
   * The pace of Slack calls per workspace and method (src/slack/pacing.ts),
   * taken before each call of a fan-out; none: no pacing (the CLI).
   */
  pacer?: SlackPacer;
  /**
   * Set in the local sandbox only: the one team it serves. Scheduled jobs
   * then work for that team alone, whatever else the database holds.
   */
  onlyTeamId?: string;
  /** Set by the scheduler for the jobs of one tick: reads they share (src/scheduler/tick-memo.ts). */
  tickMemo?: TickMemo;
  /** Set by the scheduler for the jobs of one tick: its one look at what can be due (src/scheduler/probe.ts). */
  tickProbe?: TickProbe;
  /** Set by the scheduler, kept from tick to tick: jobs that owe nothing until later (src/scheduler/quiet.ts). */
  quiet?: QuietMemo;
}

/** The teams scheduled work may touch: all of them, or the sandbox's own. */
export function servedTeams(deps: Pick<Deps, "onlyTeamId">, teamIds: readonly string[]): string[] {
  return deps.onlyTeamId === undefined
    ? [...teamIds]
    : teamIds.filter((teamId) => teamId === deps.onlyTeamId);
}
