import type { App } from "@slack/bolt";
import type { HomeView, KnownBlock } from "@slack/types";
import type { Deps } from "../../deps.ts";
import { localDateAt } from "../../shared/local-date.ts";
import { context, divider, header, section } from "../../slack/reply.ts";
import { pendingProposals } from "../proposals/store.ts";
import { findApprover, listAssignments } from "../roles/store.ts";
import { getTeam } from "../settings/store.ts";
import { loadDuty } from "../webcare/duty.ts";
import type { DutyDay } from "../webcare/rotation.ts";
import { homeText } from "./messages.ts";

export interface HomeFacts {
  roles: string[];
  approverId: string | null;
  /** Today's webcare duty: null before any rotation. */
  duty: Pick<DutyDay, "status" | "onDuty" | "standIn" | "scheduled" | "coveredBy"> | null;
  waitingForYou: number;
  yourPending: number;
}

export function homeView(facts: HomeFacts): HomeView {
  const blocks: KnownBlock[] = [
    header(homeText.title),
    section(homeText.intro),
    divider,
    section(
      [
        homeText.yourRoles(facts.roles),
        homeText.approver(facts.approverId),
        homeText.onDuty(facts.duty),
      ].join("\n"),
    ),
    section(
      [homeText.waitingForYou(facts.waitingForYou), homeText.yourPending(facts.yourPending)].join(
        "\n",
      ),
    ),
    context(homeText.footer),
  ];
  return { type: "home", blocks };
}

/** The App Home tab: a person's roles, today's duty and what waits for them. */
export function registerHome(app: App, deps: Deps): void {
  app.event("app_home_opened", async ({ event, context: ctx, client }) => {
    if (event.tab !== "home" || !ctx.teamId) return;
    const teamId = ctx.teamId;
    const userId = event.user;
    const team = await getTeam(deps.db, teamId);
    const today = localDateAt(deps.clock(), team.timezone);
    const [assignments, approverId, duty, pending] = await Promise.all([
      listAssignments(deps.db, teamId),
      findApprover(deps.db, teamId),
      loadDuty(deps.db, teamId, today, 1),
      pendingProposals(deps.db, teamId),
    ]);
    const facts: HomeFacts = {
      roles: assignments.filter((row) => row.userId === userId).map((row) => row.role),
      approverId,
      duty: duty.rotations.length > 0 ? (duty.days[0] ?? null) : null,
      waitingForYou: approverId === userId ? pending.length : 0,
      yourPending: pending.filter((proposal) => proposal.proposerId === userId).length,
    };
    await client.views.publish({ user_id: userId, view: homeView(facts) });
  });
}
