/**
 * The page's endpoints. Commands, clicks and submissions go to the app as
 * Slack sends them: signed, through `POST /slack/events` (SlackClientSim).
 */
import type { Deps } from "../deps.ts";
import { forgetSlackLocale } from "../i18n/store.ts";
import type { RunningGreenlight } from "../runtime.ts";
import { JOB_NAMES, type JobName } from "../scheduler/job.ts";
import { findJob } from "../scheduler/registry.ts";
import type { RouteHandler } from "../server.ts";
import { SANDBOX_COMMANDS, slackifyCommandText } from "./command-text.ts";
import type { FakeSlack, FakeView } from "./fake-slack.ts";
import { attachPicture, MAX_ATTACH_BODY_BYTES } from "./attach.ts";
import { readJson, sendJson, servePageFile, stringField } from "./http.ts";
import { previewDigest, previewWebcareReminder, type Names } from "./previews.ts";
import { resetSandboxTeam } from "./reset.ts";
import type { ClickTarget, SlackClientSim } from "./slack-client.ts";
import { sandboxState, type LocalReplies } from "./state.ts";
import { isSandboxPerson } from "./workspace.ts";

export const SANDBOX_PATH = "/sandbox";

/** The Slack languages the page offers: English and French, what Greenlight speaks. */
export const SANDBOX_LOCALES: readonly string[] = ["en-US", "fr-FR"];

/** The banner's buttons that send a preview instead of running their job. */
const PREVIEWS: Partial<
  Record<string, (deps: Deps, teamId: string, now: Date, names: Names) => Promise<string[]>>
> = {
  "weekly-digest": previewDigest,
  "webcare-reminders": previewWebcareReminder,
};

/** The page's endpoints; `route` is the server's extra route. */
export class SandboxRoutes {
  /** Set once the port is known. */
  slack!: SlackClientSim;

  constructor(
    private readonly fake: FakeSlack,
    private readonly local: LocalReplies,
    private readonly app: () => RunningGreenlight,
  ) {}

  readonly route: RouteHandler = async (req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    if (url.pathname !== SANDBOX_PATH && !url.pathname.startsWith(`${SANDBOX_PATH}/`)) return false;
    const sub = url.pathname.slice(SANDBOX_PATH.length);

    // The fake Slack Web API, response_urls, file uploads and the files' bytes (images).
    if (
      sub.startsWith("/api/") ||
      sub.startsWith("/response/") ||
      sub.startsWith("/upload/") ||
      sub.startsWith("/files/")
    ) {
      req.url = `${sub}${url.search}`;
      return this.fake.handle(req, res);
    }

    if (req.method === "GET" && (await servePageFile(sub, res))) return true;

    if (sub === "/state" && req.method === "GET") {
      sendJson(res, 200, sandboxState(this.fake, this.local, url.searchParams.get("as") ?? ""));
      return true;
    }
    if (req.method !== "POST") return false;
    let body: Record<string, unknown>;
    try {
      body = await readJson(req, sub === "/attach" ? MAX_ATTACH_BODY_BYTES : undefined);
    } catch {
      sendJson(res, 400, { ok: false, error: "invalid_json" });
      return true;
    }
    const as = stringField(body, "as");
    if (!sub.startsWith("/jobs/") && sub !== "/reset" && !isSandboxPerson(as)) {
      sendJson(res, 400, { ok: false, error: `unknown person "${as}"` });
      return true;
    }
    try {
      switch (sub) {
        case "/command":
          sendJson(res, 200, await this.command(as, body));
          return true;
        case "/click":
          sendJson(res, 200, await this.click(as, body));
          return true;
        case "/submit":
          sendJson(res, 200, await this.submit(as, body));
          return true;
        case "/close":
          sendJson(res, 200, await this.close(as, body));
          return true;
        case "/attach": {
          // A picture from the person's computer, for a modal's file input. Only
          // as JSON: another site's page cannot send that without a preflight
          // the sandbox never answers.
          if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
            sendJson(res, 415, { ok: false, error: "application/json only" });
            return true;
          }
          const attached = attachPicture(this.fake, as, body);
          if (!attached.ok) sendJson(res, 400, attached);
          else {
            const { id, filename } = attached.file;
            sendJson(res, 200, { ok: true, file: { id, name: filename } });
          }
          return true;
        }
        case "/home":
          sendJson(res, 200, await this.openHome(as));
          return true;
        case "/locale":
          sendJson(res, 200, await this.setLocale(body));
          return true;
        case "/reset":
          sendJson(res, 200, await this.reset());
          return true;
        default:
          if (sub.startsWith("/jobs/")) {
            sendJson(res, 200, await this.runJob(sub.slice("/jobs/".length)));
            return true;
          }
          return false;
      }
    } catch (error) {
      // Something a person could not do in Slack (an empty required field, a
      // button that is gone): the page shows the reason.
      sendJson(res, 400, {
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
      return true;
    }
  };

  private async command(as: string, body: Record<string, unknown>): Promise<unknown> {
    const channel = stringField(body, "channel") || "C_GENERAL";
    const typed = stringField(body, "text").trim();
    const match = /^(\/[\w-]+)\s*([\s\S]*)$/.exec(typed);
    if (!match) return { ok: false, error: "Type a slash command, e.g. /greenlight help" };
    const [, command = "", rest = ""] = match;
    if (!(SANDBOX_COMMANDS as readonly string[]).includes(command)) {
      this.local.add(
        as,
        channel,
        `${command} is not a valid command. In Slack, all messages that start with "/" are interpreted as commands.`,
      );
      return { ok: true };
    }
    const sent = slackifyCommandText(
      rest,
      this.fake.users,
      this.fake.channels,
      this.fake.usergroups,
    );
    const response = await this.slack.command(as, command, sent, { channelId: channel });
    if (response.status !== 200) {
      this.local.add(
        as,
        channel,
        `${command} failed with the error "dispatch_failed" (HTTP ${response.status})`,
      );
    } else if (response.body.trim() !== "" && response.json === undefined) {
      // A plain-text ack body: Slack shows it to the caller only. (A JSON
      // reply is shown by the fake Slack itself, see SlackClientSim.command.)
      this.local.add(as, channel, response.body);
    }
    return { ok: true, status: response.status, sent: `${command} ${sent}`.trim() };
  }

  private async click(as: string, body: Record<string, unknown>): Promise<unknown> {
    const actionId = stringField(body, "actionId");
    const viewId = stringField(body, "viewId");
    const channel = stringField(body, "channel");
    const ts = stringField(body, "ts");
    let target: ClickTarget | undefined;
    if (viewId) target = this.fake.view(viewId);
    else if (body.ephemeral === true)
      target = this.fake.ephemeralsTo(as).find((e) => e.channel === channel && e.ts === ts);
    else target = this.fake.messagesIn(channel).find((m) => m.ts === ts);
    if (!target) throw new Error("That message or view is gone.");
    const blockId = stringField(body, "blockId");
    const response = await this.slack.clickButton(as, target, actionId, blockId ? { blockId } : {});
    return { ok: response.status === 200, status: response.status };
  }

  private async submit(as: string, body: Record<string, unknown>): Promise<unknown> {
    const view = this.ownView(as, stringField(body, "viewId"));
    const values =
      typeof body.values === "object" && body.values !== null
        ? (body.values as Record<string, unknown>)
        : {};
    const response = await this.slack.submitView(as, view, values);
    const answer = (response.json ?? {}) as { response_action?: unknown; errors?: unknown };
    return {
      ok: response.status === 200 && !response.viewError,
      status: response.status,
      viewError: response.viewError ?? null,
      errors: answer.response_action === "errors" ? (answer.errors ?? {}) : null,
    };
  }

  /** The Close button: the view leaves the stack; the app hears of it only if it asked. */
  private async close(as: string, body: Record<string, unknown>): Promise<unknown> {
    const view = this.ownView(as, stringField(body, "viewId"));
    if (view.notify_on_close === true) {
      const payload = {
        type: "view_closed",
        team: { id: this.fake.teamId, domain: this.fake.teamDomain },
        user: { id: as, name: this.fake.user(as)?.name ?? as, team_id: this.fake.teamId },
        api_app_id: this.fake.appId,
        token: "verification-token-unused",
        view,
        is_cleared: false,
      };
      await this.slack.post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        "application/x-www-form-urlencoded",
      );
    }
    // An empty answer closes exactly this view, as Slack's client does on Close.
    this.fake.applyViewSubmissionResponse(view.id, 200, undefined);
    return { ok: true };
  }

  /**
   * A pretend person's Slack language, as they would change it in Slack's
   * preferences. The app keeps what users.info said for a day (one call per
   * person, not per request); the sandbox makes it read the new one at the
   * person's next interaction instead of a day later. A language chosen with
   * `/greenlight language` still wins, as in Slack: the state says so.
   */
  private async setLocale(body: Record<string, unknown>): Promise<unknown> {
    const person = stringField(body, "person");
    const locale = stringField(body, "locale");
    if (!isSandboxPerson(person)) throw new Error(`unknown person "${person}"`);
    if (!SANDBOX_LOCALES.includes(locale)) throw new Error(`unknown language "${locale}"`);
    this.fake.setLocale(person, locale);
    const { deps } = this.app().built;
    await forgetSlackLocale(deps.db, this.fake.teamId, person);
    deps.recentLanguages?.forget(this.fake.teamId, person);
    return { ok: true, person, locale };
  }

  /** The person opens the app's Home tab: Slack sends app_home_opened. */
  private async openHome(as: string): Promise<unknown> {
    const home = this.fake.homeView(as);
    const response = await this.slack.event({
      type: "app_home_opened",
      user: as,
      channel: this.fake.dmIdFor(as),
      tab: "home",
      ...(home ? { view: home } : {}),
    });
    return { ok: response.status === 200, status: response.status };
  }

  private ownView(as: string, viewId: string): FakeView {
    const view = this.fake.openViews(as).find((v) => v.id === viewId);
    if (!view) throw new Error("This view is no longer open.");
    return view;
  }

  /**
   * The banner's buttons. The digest and the webcare reminder are sent now as
   * previews (src/sandbox/previews.ts): the scheduled jobs would mostly have
   * nothing due. Other jobs run as the scheduler runs them. Either way the
   * toast's lines name people and channels, not ids.
   */
  private async runJob(name: string): Promise<unknown> {
    const job = (JOB_NAMES as readonly string[]).includes(name)
      ? findJob(name as JobName)
      : undefined;
    if (!job) throw new Error(`unknown job "${name}"`);
    const deps = this.app().built.deps;
    const names = this.names();
    const preview = PREVIEWS[name];
    const lines = preview
      ? await preview(deps, this.fake.teamId, deps.clock(), names)
      : await job.run(deps, deps.clock());
    return {
      ok: true,
      job: name,
      preview: Boolean(preview),
      sent: lines.map((l) => names.text(l)),
    };
  }

  /** People as `@name`, channels as `#name`, in ids, mentions and links alike. */
  private names(): Names & { text(line: string): string } {
    const person = (id: string) => {
      const user = this.fake.user(id);
      return user ? `@${user.real_name || user.name}` : id;
    };
    const channel = (id: string) => {
      const found = this.fake.channel(id);
      return found ? `#${found.name}` : id;
    };
    const text = (line: string) =>
      line
        .replace(/<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>/g, (_, id: string) => person(id))
        .replace(/<#([CG][A-Z0-9_]+)(?:\|[^>]*)?>/g, (_, id: string) => channel(id))
        .replace(/\b[UW][A-Z0-9_]{2,}\b/g, (id) => (this.fake.user(id) ? person(id) : id))
        .replace(/\b[CG][A-Z0-9_]{2,}\b/g, (id) => (this.fake.channel(id) ? channel(id) : id))
        .replaceAll(this.fake.teamId, this.fake.teamName);
    return { person, channel, text };
  }

  private async reset(): Promise<unknown> {
    const deleted = await resetSandboxTeam(this.app().database, this.fake);
    this.local.clear();
    return { ok: true, deleted };
  }
}
