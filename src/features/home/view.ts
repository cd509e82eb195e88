/**
 * App Home as Block Kit — pure. Every list is capped and what does not fit is
 * counted ("and N more"), so the view stays within Slack's 100 blocks and
 * 3,000 characters per section whatever the team's size: at most
 * MAX_HOME_BLOCKS blocks (tests/unit/home-view.test.ts builds the worst case).
 */
import type { HomeView, KnownBlock } from "@slack/types";
import type { Format } from "../../i18n/format.ts";
import { localDateAt, type LocalDate } from "../../shared/local-date.ts";
import { plainText } from "../../slack/blocks.ts";
import { context, divider, header, section } from "../../slack/reply.ts";
import { escapeText, truncate } from "../../slack/text.ts";
import { excerpt, platformLabels, proposalsText } from "../proposals/messages.ts";
import type { Role } from "../roles/roles.ts";
import { rolesText } from "../roles/messages.ts";
import type { SuggestionRecord } from "../suggestions/store.ts";
import { homeText, type TodayDuty } from "./messages.ts";
import type { Capped, HomePost, OpenCoverRequest } from "./store.ts";

/** How many of each list Home loads and shows. */
export const HOME_LISTS = {
  calendar: 40,
  decide: 10,
  illustrate: 10,
  cover: 10,
  suggestions: 10,
} as const;

/** The most blocks homeView can return (Slack's limit is 100). */
export const MAX_HOME_BLOCKS = 60;

export const HOME_ACTIONS = {
  propose: "home_suggestion_propose",
  dismiss: "home_suggestion_dismiss",
} as const;

export interface HomeFacts {
  roles: Role[];
  approverId: string | null;
  today: LocalDate;
  /** Today's webcare duty: null before any rotation. */
  todayDuty: TodayDuty | null;
  /** The person's next day on duty (today included) in the coming 60 days. */
  nextDuty: LocalDate | null;
  calendar: Capped<HomePost>;
  /** null: the person is not the approver. */
  toDecide: Capped<HomePost> | null;
  /** null: the person is not a designer. */
  toIllustrate: Capped<HomePost> | null;
  toCover: Capped<OpenCoverRequest>;
  yourPending: number;
  /** null: the person neither creates nor manages (suggestions are theirs to handle). */
  suggestions: Capped<SuggestionRecord> | null;
  /** A one-line answer to the person's last click on Home. */
  notice?: string | null;
}

const SECTION_MAX = 3000;
/** Room kept in a section for the "and N more" line. */
const MORE_ROOM = 80;

/**
 * A titled list in one section: lines while they fit, then `more(n)` for the
 * lines left out plus `hidden` (those never loaded).
 */
function listSection(
  title: string,
  lines: readonly string[],
  hidden: number,
  more: (count: number) => string,
): KnownBlock {
  let text = title;
  let placed = 0;
  for (const line of lines) {
    const cut = truncate(line, 400);
    if (text.length + 1 + cut.length > SECTION_MAX - MORE_ROOM) break;
    text = text === "" ? cut : `${text}\n${cut}`;
    placed += 1;
  }
  const left = lines.length - placed + hidden;
  if (left > 0) text = text === "" ? more(left) : `${text}\n${more(left)}`;
  return section(text);
}

/** A suggestion's address as a link (or as text when too long to be one). */
function linkTo(url: string): string {
  const label = escapeText(truncate(url, 80));
  const target = escapeText(url).replace(/\|/g, "%7C");
  return target.length > 1500 ? label : `<${target}|${label}>`;
}

function calendarBlocks(facts: HomeFacts, f: Format): KnownBlock[] {
  const t = homeText(f.lang);
  const p = proposalsText(f.lang);
  const { items, total } = facts.calendar;
  if (items.length === 0) return [section(t.calendarEmpty)];
  const byDay = new Map<string, HomePost[]>();
  for (const post of items) {
    const day = localDateAt(post.publishAt, f.timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), post]);
  }
  // Seven days: seven sections at most.
  const blocks = [...byDay.values()].slice(0, 7).map((posts) =>
    listSection(
      `*${f.date(posts[0]!.publishAt)}*`,
      posts.map((post) =>
        p.calendarLine(
          f.time(post.publishAt),
          post.status,
          platformLabels(post.platforms),
          post.text,
          post.proposerId,
          post.id,
        ),
      ),
      0,
      t.calendarMoreOnDay,
    ),
  );
  if (total > items.length) blocks.push(context(t.calendarMore(total - items.length)));
  return blocks;
}

function waitingBlocks(facts: HomeFacts, f: Format): KnownBlock[] {
  const t = homeText(f.lang);
  const blocks: KnownBlock[] = [];
  const when = (at: Date) => f.dateTimeShort(at);
  if (facts.toDecide && facts.toDecide.total > 0) {
    const { items, total } = facts.toDecide;
    blocks.push(
      listSection(
        t.toDecide(total),
        items.map((post) =>
          t.decideLine(post.id, when(post.publishAt), post.proposerId, excerpt(post.text)),
        ),
        total - items.length,
        t.more,
      ),
    );
  }
  if (facts.toIllustrate && facts.toIllustrate.total > 0) {
    const { items, total } = facts.toIllustrate;
    blocks.push(
      listSection(
        t.toIllustrate(total),
        items.map((post) => t.illustrateLine(post.id, when(post.publishAt), excerpt(post.text))),
        total - items.length,
        t.more,
      ),
    );
  }
  if (facts.toCover.total > 0) {
    const { items, total } = facts.toCover;
    blocks.push(
      listSection(
        t.toCover(total),
        items.map((request) => t.coverLine(f.dayLong(request.date), request.askerId)),
        total - items.length,
        t.more,
      ),
    );
  }
  if (blocks.length === 0) blocks.push(section(t.nothingWaiting));
  blocks.push(section(t.yourPending(facts.yourPending)));
  return blocks;
}

function suggestionBlocks(suggestions: Capped<SuggestionRecord>, f: Format): KnownBlock[] {
  const t = homeText(f.lang);
  const { items, total } = suggestions;
  if (items.length === 0) return [section(t.noSuggestions)];
  const blocks: KnownBlock[] = [];
  for (const suggestion of items.slice(0, HOME_LISTS.suggestions)) {
    const line = t.suggestionLine(
      suggestion.id,
      linkTo(suggestion.url),
      suggestion.suggestedBy,
      f.date(suggestion.createdAt),
    );
    const why = suggestion.why ? `\n${t.suggestionWhy(truncate(suggestion.why, 200))}` : "";
    blocks.push(
      {
        type: "section",
        block_id: `suggestion_${suggestion.id}`,
        text: { type: "mrkdwn", text: `${line}${why}` },
      },
      {
        type: "actions",
        block_id: `suggestion_actions_${suggestion.id}`,
        elements: [
          {
            type: "button",
            text: plainText(t.proposeThis),
            action_id: HOME_ACTIONS.propose,
            value: String(suggestion.id),
            style: "primary",
          },
          {
            type: "button",
            text: plainText(t.dismiss),
            action_id: HOME_ACTIONS.dismiss,
            value: String(suggestion.id),
          },
        ],
      },
    );
  }
  const hidden = total - Math.min(items.length, HOME_LISTS.suggestions);
  if (hidden > 0) blocks.push(context(t.suggestionsMore(hidden)));
  return blocks;
}

/** The App Home tab of one person, in their language, times in the team's zone (`f`). */
export function homeView(facts: HomeFacts, f: Format): HomeView {
  const t = homeText(f.lang);
  const roleNames = rolesText(f.lang).roleNames;
  const nextDuty =
    facts.nextDuty === null
      ? t.noNextDuty
      : facts.nextDuty === facts.today
        ? t.nextDutyToday
        : t.nextDuty(f.dayLong(facts.nextDuty));
  const blocks: KnownBlock[] = [header(t.title)];
  if (facts.notice) blocks.push(section(facts.notice));
  blocks.push(
    section(
      [
        t.yourRoles(facts.roles.map((role) => roleNames[role])),
        t.approver(facts.approverId),
        t.onDuty(facts.todayDuty),
        nextDuty,
      ].join("\n"),
    ),
    context(t.intro),
    divider,
    header(t.calendarHeader),
    ...calendarBlocks(facts, f),
    divider,
    header(t.waitingHeader),
    ...waitingBlocks(facts, f),
  );
  if (facts.suggestions) {
    blocks.push(divider, header(t.suggestionsHeader), ...suggestionBlocks(facts.suggestions, f));
  }
  blocks.push(context(t.footer));
  return { type: "home", blocks };
}
