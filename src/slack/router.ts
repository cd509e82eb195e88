import type { App } from "@slack/bolt";

/**
 * Where features register their listeners: the same methods, arguments and
 * types as Bolt's `app.command`, `app.action`, `app.view`, `app.shortcut`,
 * `app.options` and `app.event`.
 */
export type SlackRoutes = Pick<
  App,
  "command" | "action" | "view" | "shortcut" | "options" | "event"
>;

type Kind = keyof SlackRoutes;
/** What Bolt gives a listener, as far as routing reads it (Bolt's own types are too deep to spread). */
interface Args {
  body: unknown;
  payload?: unknown;
  context: Record<string, unknown>;
  [name: string]: unknown;
}
/** A route's middleware or listener: called with Bolt's arguments and a `next`. */
type Listener = (args: Args & { next: () => Promise<void> }) => unknown;

/** What a registration names: Bolt's constraints, a string or regex standing for the id. */
interface Constraints {
  action_id?: string | RegExp;
  block_id?: string | RegExp;
  callback_id?: string | RegExp;
  type?: string;
}

interface Route {
  /** Registration order: several matching routes run in it, as Bolt's listeners do. */
  order: number;
  /** The id this route takes as a plain string, for the table; undefined: tried on every request. */
  key: string | undefined;
  matches(args: Args): boolean;
  chain: Listener[];
}

interface Table {
  byKey: Map<string, Route[]>;
  /** Routes named by a regex or by constraints with no plain id. */
  others: Route[];
}

/**
 * Bolt runs every incoming request through every registered listener's
 * middleware chain (its matchers are middleware, and each listener's chain
 * is copied and run with its own argument objects), so each of Greenlight's
 * 29 listeners cost every request some CPU and garbage, the ack included.
 * Here each kind of request that has routes gets one Bolt listener, which
 * looks the request's id up in a table (command name, action_id,
 * callback_id, event type) and runs only the matching routes' middleware
 * and listener. Regex ids and Bolt's constraint objects are still matched,
 * as Bolt matches them, for every request of their kind. A request no route
 * matches is left unacknowledged, as before: answerEveryRequest answers it.
 */
export function routeRequests(app: App): SlackRoutes {
  const tables = new Map<Kind, Table>();
  let order = 0;

  const tableFor = (kind: Kind): Table => {
    let table = tables.get(kind);
    if (table) return table;
    const created: Table = { byKey: new Map(), others: [] };
    tables.set(kind, created);
    listenFor(app, kind, (args) => dispatch(created, keyOf(kind, args), args));
    table = created;
    return table;
  };

  const add = (kind: Kind, route: Omit<Route, "order">): void => {
    const table = tableFor(kind);
    const entry: Route = { ...route, order: order++ };
    if (entry.key === undefined) table.others.push(entry);
    else table.byKey.set(entry.key, [...(table.byKey.get(entry.key) ?? []), entry]);
  };

  const byConstraints = (kind: Kind, constraints: Constraints, chain: Listener[]): void => {
    const id =
      kind === "view" || kind === "shortcut" ? constraints.callback_id : constraints.action_id;
    add(kind, {
      key: typeof id === "string" ? id : undefined,
      matches: (args) => constraintsMatch(constraints, args),
      chain,
    });
  };

  const routes = {
    command(name: string | RegExp, ...chain: Listener[]) {
      add("command", {
        key: typeof name === "string" ? name : undefined,
        matches: (args) => {
          const command = (args as { command?: { command?: unknown } }).command?.command;
          if (typeof command !== "string") return false;
          return typeof name === "string" ? command === name : name.test(command);
        },
        chain,
      });
    },
    action(idOrConstraints: string | RegExp | Constraints, ...chain: Listener[]) {
      byConstraints("action", asConstraints("action_id", idOrConstraints), chain);
    },
    options(idOrConstraints: string | RegExp | Constraints, ...chain: Listener[]) {
      byConstraints("options", asConstraints("action_id", idOrConstraints), chain);
    },
    shortcut(idOrConstraints: string | RegExp | Constraints, ...chain: Listener[]) {
      byConstraints("shortcut", asConstraints("callback_id", idOrConstraints), chain);
    },
    view(idOrConstraints: string | RegExp | Constraints, ...chain: Listener[]) {
      // As Bolt: a bare callback_id means a submission.
      const constraints =
        typeof idOrConstraints === "string" || idOrConstraints instanceof RegExp
          ? { callback_id: idOrConstraints, type: "view_submission" }
          : idOrConstraints;
      byConstraints("view", constraints, chain);
    },
    event(type: string | RegExp, ...chain: Listener[]) {
      add("event", {
        key: typeof type === "string" ? type : undefined,
        matches: (args) => {
          const eventType = (args as { event?: { type?: unknown } }).event?.type;
          if (typeof eventType !== "string") return false;
          if (typeof type === "string") return eventType === type;
          const found = eventType.match(type);
          if (found) args.context.matches = found;
          return found !== null;
        },
        chain,
      });
    },
  };
  return routes as unknown as SlackRoutes;
}

function asConstraints(
  idName: "action_id" | "callback_id",
  idOrConstraints: string | RegExp | Constraints,
): Constraints {
  return typeof idOrConstraints === "string" || idOrConstraints instanceof RegExp
    ? { [idName]: idOrConstraints }
    : idOrConstraints;
}

/** One Bolt listener for every request of `kind` (Bolt's own filter for the kind, no other). */
function listenFor(app: App, kind: Kind, dispatch: (args: Args) => Promise<void>): void {
  const listener = (args: unknown) => dispatch(args as Args);
  if (kind === "command") app.command(/^/, listener);
  else if (kind === "action") app.action({}, listener);
  else if (kind === "options") app.options({}, listener);
  else if (kind === "shortcut") app.shortcut({}, listener);
  else if (kind === "view") app.view({}, listener);
  else app.event(/^/, listener);
}

/** The id a request is looked up by in its kind's table. */
function keyOf(kind: Kind, args: Args): string | undefined {
  const found =
    kind === "command"
      ? (args as { command?: { command?: unknown } }).command?.command
      : kind === "event"
        ? (args as { event?: { type?: unknown } }).event?.type
        : kind === "view"
          ? (args.body as { view?: { callback_id?: unknown } }).view?.callback_id
          : kind === "shortcut"
            ? (args.body as { callback_id?: unknown }).callback_id
            : (args.payload as { action_id?: unknown } | undefined)?.action_id;
  return typeof found === "string" ? found : undefined;
}

async function dispatch(table: Table, key: string | undefined, args: Args): Promise<void> {
  const named = key === undefined ? undefined : table.byKey.get(key);
  // The usual case: one route, named by its plain id.
  if (named?.length === 1 && table.others.length === 0) {
    const only = named[0] as Route;
    if (only.matches(args)) await runChain(only.chain, args);
    return;
  }
  const matching = [...(named ?? []), ...table.others]
    .filter((route) => route.matches(args))
    .sort((a, b) => a.order - b.order);
  if (matching.length === 0) return;
  if (matching.length === 1) return runChain((matching[0] as Route).chain, args);
  // As Bolt: every matching listener runs; their failures are reported together.
  const settled = await Promise.allSettled(matching.map((route) => runChain(route.chain, args)));
  const failures = settled.flatMap((result) =>
    result.status === "rejected" ? [result.reason] : [],
  );
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, "several listeners failed");
}

/** A route's middleware then its listener, each given `next` as Bolt gives it. */
function runChain(chain: Listener[], args: Args): Promise<void> {
  let last = -1;
  const invoke = async (index: number): Promise<void> => {
    if (index <= last) throw new Error("next() called multiple times");
    last = index;
    const step = chain[index];
    if (!step) return;
    const isListener = index === chain.length - 1;
    await step({ ...args, next: isListener ? noop : () => invoke(index + 1) });
  };
  return invoke(0);
}

const noop = async (): Promise<void> => {};

/** Bolt's matchConstraints, as a test (regex matches go to the context as Bolt puts them). */
function constraintsMatch(constraints: Constraints, args: Args): boolean {
  const { payload, body, context } = args;
  if ("block_id" in constraints || "action_id" in constraints) {
    const block = payload as { action_id?: unknown; block_id?: unknown } | null;
    if (!block || typeof block.action_id !== "string") return false;
    if (constraints.block_id !== undefined) {
      const found = idMatch(constraints.block_id, block.block_id);
      if (!found) return false;
      if (Array.isArray(found)) context.blockIdMatches = found;
    }
    if (constraints.action_id !== undefined) {
      const found = idMatch(constraints.action_id, block.action_id);
      if (!found) return false;
      if (Array.isArray(found)) context.actionIdMatches = found;
    }
  }
  if (constraints.callback_id !== undefined) {
    const b = body as { view?: { callback_id?: unknown }; callback_id?: unknown };
    const callbackId = b.view ? b.view.callback_id : b.callback_id;
    if (typeof callbackId !== "string") return false;
    const found = idMatch(constraints.callback_id, callbackId);
    if (!found) return false;
    if (Array.isArray(found)) context.callbackIdMatches = found;
  }
  if ("type" in constraints && (body as { type?: unknown }).type !== constraints.type) return false;
  return true;
}

/** true for an equal string, the match for a regex, false otherwise. */
function idMatch(wanted: string | RegExp, actual: unknown): boolean | RegExpMatchArray {
  if (typeof actual !== "string") return false;
  if (typeof wanted === "string") return actual === wanted;
  return actual.match(wanted) ?? false;
}
