import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Db } from "./db/database.ts";
import type { EventBus } from "./events.ts";

/** What every feature is given: no globals, so tests build as many apps as they like. */
export interface Deps {
  db: Db;
  /** The clock; tests and `jobs run --at` pass another one. */
  clock: () => Date;
  logger: Logger;
  events: EventBus;
  /** The bot's Web API client, for work outside a request (scheduler, hand-overs). */
  slack: WebClient;
}
