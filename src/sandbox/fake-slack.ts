/**
 * A strict fake of the Slack Web API and of response_url endpoints, over
 * real HTTP so the app's real @slack/web-api client talks to it.
 *
 * "Strict" means it refuses what Slack refuses (and a little more, on
 * purpose, where Slack only warns): bad Block Kit, blocks without a text
 * fallback, posting where the bot is not a member, stale or reused
 * trigger_ids, over-used response_urls. Every call is recorded so tests can
 * assert on what the app sent and on the resulting state of each channel.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LIMITS, validateMessageBlocks, validateView, type BlockKitError } from "./blockkit.ts";

// ---------------------------------------------------------------- public types

export interface FakeUser {
  id: string;
  name: string;
  real_name: string;
  tz: string;
  /** Seconds east of UTC (winter offset for the defaults, as Slack reports "now"). */
  tz_offset: number;
  /** Slack's language setting, e.g. `en-US` or `fr-FR`; users.info tells it with include_locale only. */
  locale: string;
  is_bot: boolean;
  deleted: boolean;
  is_admin: boolean;
  is_owner: boolean;
  display_name?: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  is_private: boolean;
  /** User ids, the bot's included when it is a member. */
  members: string[];
  is_archived?: boolean;
}

/** A user group (`@handle`); user groups exist on paid plans only. */
export interface FakeUsergroup {
  id: string;
  name: string;
  handle: string;
  users: string[];
  disabled?: boolean;
}

export type FakePlan = "free" | "standard";

export interface FakeSlackOptions {
  signingSecret: string;
  teamId?: string;
  teamName?: string;
  users?: FakeUser[];
  channels?: FakeChannel[];
  botUserId?: string;
  /** When set, only this exact token is accepted; otherwise any `xoxb-` token. */
  botToken?: string;
  /**
   * When set, decides every token instead (a FakeSlackGrid serving many
   * teams): null accepts it, else Slack's error (`invalid_auth`, `token_revoked`…).
   */
  tokenCheck?: (token: string) => string | null;
  /** The Enterprise Grid organisation the workspace belongs to. */
  enterpriseId?: string;
  /** Epoch milliseconds; inject to expire triggers and response_urls without sleeping. */
  now?: () => number;
  usergroups?: FakeUsergroup[];
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  response: Record<string, unknown>;
  at: Date;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  user: string;
  bot_id: string;
  thread_ts?: string;
  edited?: { user: string; ts: string };
  /** Ids of files shared with the message (files.completeUploadExternal with a channel). */
  files?: string[];
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  via: "chat.postEphemeral" | "response_url" | "command_response";
  is_ephemeral: true;
}

/** A file uploaded with files.getUploadURLExternal / upload / files.completeUploadExternal. */
export interface FakeFile {
  id: string;
  filename: string;
  title: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  altText?: string;
  /** What was POSTed to the upload URL; null until then. */
  bytes: Buffer | null;
  /** What the bytes are, sniffed as Slack does: "png", "jpg", "gif", or "text"/"binary". */
  filetype: string | null;
  completed: boolean;
  /** Channels it was shared in; none: only the app that uploaded it can show it. */
  channels: string[];
  initialComment?: string;
  /** Files a person attached (a file_input): who, and the MIME type their client gave. */
  user?: string;
  mimetype?: string;
  /** The person deleted it: files.info and image blocks refuse it. */
  deleted?: boolean;
}

/** A view as the app sent it plus what Slack adds (id, hash, state, …). */
export type FakeView = Record<string, unknown> & {
  id: string;
  type: "modal" | "home";
  team_id: string;
  user_id: string;
  app_id: string;
  bot_id: string;
  blocks: unknown[];
  callback_id: string;
  private_metadata: string;
  external_id: string;
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  state: { values: Record<string, unknown> };
};

export interface FaultSpec {
  /** HTTP status to answer with (429 adds `Retry-After`). */
  status?: number;
  /** Seconds for `Retry-After` with a 429 (default 1). */
  retryAfter?: number;
  /** Answer HTTP 200 `{ok:false, error}`. */
  error?: string;
  /** Hold the response this long (alone: a slow but successful call). */
  delayMs?: number;
  /**
   * Hold the response until this settles (alone: a slow but successful
   * call whose end the test decides, for ordering without timing).
   */
  holdUntil?: Promise<unknown>;
  /** How many calls this fault applies to (default 1). */
  times?: number;
  /** Perform the call, then still answer with the failure: "Slack accepted it but the response was lost". */
  applyThenFail?: boolean;
  /**
   * Close the connection without answering (after performing the call when
   * `applyThenFail` is set): the client sees a connection lost after sending.
   */
  dropConnection?: boolean;
}

export interface RateLimitSpec {
  perChannelPerSecond?: number;
  burst?: number;
  /** Workspace-wide chat.postMessage limit across all channels (off when unset). */
  workspacePerSecond?: number;
  /** Workspace-wide burst (default: `workspacePerSecond`). */
  workspaceBurst?: number;
}

/** What a response_url is bound to when the client issues it. */
export interface ResponseUrlContext {
  userId: string;
  channelId: string;
  /** The message the interaction came from (for replace_original/delete_original). */
  message?: { channel: string; ts: string };
}

// ---------------------------------------------------------------- defaults

const DEFAULT_BOT_USER = "U_GREENLIGHT";

/** A person (or, with `{ is_bot: true }`, a bot user) as users.info describes them. */
export function fakeUser(
  id: string,
  name: string,
  realName: string,
  tz: string,
  tzOffset: number,
  extra: Partial<FakeUser> = {},
): FakeUser {
  return {
    id,
    name,
    real_name: realName,
    tz,
    tz_offset: tzOffset,
    locale: "en-US",
    is_bot: false,
    deleted: false,
    is_admin: false,
    is_owner: false,
    display_name: name,
    ...extra,
  };
}

export function defaultUsers(botUserId = DEFAULT_BOT_USER): FakeUser[] {
  return [
    fakeUser("U_ALICE", "alice", "Alice Archer", "Europe/Amsterdam", 3600),
    fakeUser("U_BOB", "bob", "Bob Baker", "Europe/London", 0),
    fakeUser("U_CAROL", "carol", "Carol Chen", "America/New_York", -18000),
    fakeUser("U_DAVE", "dave", "Dave Dubois", "Europe/Paris", 3600),
    fakeUser("U_ADMIN", "admin", "Ada Admin", "Europe/Amsterdam", 3600, {
      is_admin: true,
      is_owner: true,
    }),
    fakeUser(botUserId, "greenlight", "Greenlight", "America/Los_Angeles", -28800, {
      is_bot: true,
    }),
    fakeUser("U_OTHERBOT", "otherbot", "Other Bot", "America/Los_Angeles", -28800, {
      is_bot: true,
    }),
    fakeUser("U_GONE", "gone", "Gus Gone", "Europe/Berlin", 3600, { deleted: true }),
  ];
}

export function defaultUsergroups(): FakeUsergroup[] {
  return [{ id: "S_WEBCARE", name: "Webcare", handle: "webcare", users: [] }];
}

export function defaultChannels(botUserId = DEFAULT_BOT_USER): FakeChannel[] {
  const people = ["U_ALICE", "U_BOB", "U_CAROL", "U_DAVE", "U_ADMIN"];
  return [
    { id: "C_GENERAL", name: "general", is_private: false, members: [...people, botUserId] },
    { id: "C_SOCIAL", name: "social", is_private: false, members: ["U_ALICE", "U_BOB"] },
    { id: "G_PRIVATE", name: "private", is_private: true, members: ["U_ALICE", "U_CAROL"] },
  ];
}

// ---------------------------------------------------------------- small helpers

const TRIGGER_TTL_MS = 3_000;
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_MAX_USES = 5;
const MAX_VIEW_STACK = 3;
/** How long Slack waits for the app's answer to a view_submission. */
const SUBMISSION_ANSWER_MS = 3_000;

/** A Slack error answered as `{ok:false, error, ...extra}` with HTTP 200. */
class SlackError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

function blockKitFailure(error: BlockKitError): SlackError {
  return new SlackError(error.error, { response_metadata: { messages: error.messages } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Form fields are strings; Slack accepts numbers too, so read both. */
function str(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

function required(args: Record<string, unknown>, key: string, error: string): string {
  const value = str(args, key);
  if (value === undefined) throw new SlackError(error);
  return value;
}

function bool(args: Record<string, unknown>, key: string): boolean {
  const value = args[key];
  return value === true || value === "true" || value === "1" || value === 1;
}

/** @slack/web-api sends JSON-valued arguments as JSON strings inside form fields. */
const JSON_ARGS = ["blocks", "attachments", "view", "metadata", "files"];

function parseJsonArgs(args: Record<string, unknown>): Record<string, unknown> {
  const out = { ...args };
  for (const key of JSON_ARGS) {
    const value = out[key];
    if (typeof value !== "string") continue;
    try {
      out[key] = JSON.parse(value);
    } catch {
      // Left as a string: validation then answers invalid_blocks_format / invalid_arguments.
    }
  }
  return out;
}

function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString("utf8");
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * True for a whole PNG: the signature, an IHDR chunk first with a non-zero
 * width and height, and an IEND chunk last. Slack shows a truncated or
 * mislabelled image as a broken file; the fake refuses it outright.
 */
export function isPng(bytes: Buffer): boolean {
  if (bytes.length < 8 + 25 + 12 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  const ihdrLength = bytes.readUInt32BE(8);
  if (ihdrLength !== 13 || bytes.toString("latin1", 12, 16) !== "IHDR") return false;
  if (bytes.readUInt32BE(16) === 0 || bytes.readUInt32BE(20) === 0) return false;
  const end = bytes.subarray(bytes.length - 12);
  return end.readUInt32BE(0) === 0 && end.toString("latin1", 4, 8) === "IEND";
}

/** Slack's filetype from the bytes, not from the name. */
function sniffFiletype(bytes: Buffer): string {
  if (isPng(bytes)) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpg";
  if (bytes.toString("latin1", 0, 4) === "GIF8") return "gif";
  return bytes.includes(0) ? "binary" : "text";
}

const IMAGE_FILETYPES = new Set(["png", "jpg", "gif"]);

/** The part of a multipart/form-data body that holds a file, else the whole body. */
async function uploadedBytes(req: IncomingMessage, body: Buffer): Promise<Buffer> {
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data")) return body;
  const form = await new Response(body, { headers: { "content-type": type } }).formData();
  for (const value of form.values()) {
    if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  }
  throw new SlackError("invalid_form_data");
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers })
    .end(JSON.stringify(body));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

interface Trigger {
  userId: string;
  issuedAt: number;
  used: boolean;
}

interface ResponseUrl extends ResponseUrlContext {
  issuedAt: number;
  uses: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

// ---------------------------------------------------------------- the fake

export class FakeSlack {
  readonly signingSecret: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId = "B_GREENLIGHT";
  readonly appId = "A_GREENLIGHT";
  readonly users: FakeUser[];
  readonly channels: FakeChannel[];
  readonly usergroups: FakeUsergroup[];
  readonly calls: RecordedCall[] = [];
  /** The workspace's plan: user groups answer `paid_teams_only` on "free". */
  plan: FakePlan = "standard";
  /** When true, only admins may edit user groups (the bot gets `permission_denied`). */
  usergroupsRestricted = false;
  readonly enterpriseId: string | null;
  /** True once the app is installed org-wide (payloads then say is_enterprise_install). */
  orgWideInstall = false;

  private readonly now: () => number;
  private readonly botToken: string | undefined;
  private readonly tokenCheck: ((token: string) => string | null) | undefined;
  private readonly initialChannels: FakeChannel[];
  private readonly initialUsergroups: FakeUsergroup[];
  private server: Server | null = null;
  private baseUrl: string | null = null;

  private messages = new Map<string, FakeMessage[]>();
  private files = new Map<string, FakeFile>();
  private ephemerals: FakeEphemeral[] = [];
  /** DM channel id → the user it is with. */
  private dms = new Map<string, string>();
  private views = new Map<string, FakeView>();
  /** Per user, the ids of the open modals, bottom first. */
  private modalStacks = new Map<string, string[]>();
  private homeViews = new Map<string, string>();
  private viewHistory = new Map<string, string[]>();
  private triggers = new Map<string, Trigger>();
  private responseUrls = new Map<string, ResponseUrl>();
  /** Views whose submission Slack sent and whose answer it has not applied yet. */
  private submissions = new Map<string, Promise<void>>();
  private latencyMs = 0;
  private faults = new Map<string, Array<FaultSpec & { remaining: number }>>();
  private rateLimit: {
    perChannelPerSecond: number;
    burst: number;
    workspace: { perSecond: number; burst: number } | null;
  } | null = null;
  private buckets = new Map<string, Bucket>();
  private lastMicros = 0;
  private sequence = 0;

  constructor(options: FakeSlackOptions) {
    this.signingSecret = options.signingSecret;
    this.teamId = options.teamId ?? "T0GREEN";
    this.teamName = options.teamName ?? "Greenlight Test Team";
    this.teamDomain = this.teamName.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    this.botUserId = options.botUserId ?? DEFAULT_BOT_USER;
    this.users = options.users ?? defaultUsers(this.botUserId);
    this.channels = options.channels ?? defaultChannels(this.botUserId);
    this.initialChannels = structuredClone(this.channels);
    this.usergroups = options.usergroups ?? defaultUsergroups();
    this.initialUsergroups = structuredClone(this.usergroups);
    this.botToken = options.botToken;
    this.tokenCheck = options.tokenCheck;
    this.enterpriseId = options.enterpriseId ?? null;
    this.now = options.now ?? Date.now;
  }

  // -------------------------------------------------------------- lifecycle

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req, res).then((handled) => {
        if (!handled) sendJson(res, 404, { ok: false, error: "not_found" });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /**
   * Serve on someone else's HTTP server (the app's sandbox mode): call
   * `handle` from its router and tell the fake its public base URL.
   */
  mountAt(baseUrl: string): void {
    this.baseUrl = baseUrl.replace(/\/$/, "");
  }

  get url(): string {
    if (!this.baseUrl) throw new Error("FakeSlack is not started: call start() or mountAt()");
    return this.baseUrl;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /**
   * Handles `/api/*` and `/response/*`; answers false for any other path.
   * `body`: the request body when a router in front has read it already.
   */
  async handle(req: IncomingMessage, res: ServerResponse, body?: string): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://fake.local");
    try {
      if (url.pathname.startsWith("/api/")) {
        await this.handleApi(url, req, res, body);
        return true;
      }
      if (url.pathname.startsWith("/response/") && req.method === "POST") {
        await this.handleResponseUrl(url.pathname.slice("/response/".length), req, res);
        return true;
      }
      if (url.pathname.startsWith("/upload/") && req.method === "POST") {
        await this.handleUpload(url.pathname.slice("/upload/".length), req, res);
        return true;
      }
      if (url.pathname.startsWith("/files/") && req.method === "GET") {
        this.serveFile(url.pathname.slice("/files/".length).split("/")[0] ?? "", res);
        return true;
      }
      return false;
    } catch (error) {
      console.error(error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: "fatal_error" });
      return true;
    }
  }

  // -------------------------------------------------------------- test helpers

  /** A file by id, uploaded or not. */
  file(fileId: string): FakeFile | undefined {
    return this.files.get(fileId);
  }

  /**
   * A file as a person attaches it in a file_input (from their computer, in
   * the sandbox page): uploaded and complete at once. `filetype` defaults to
   * the name's extension.
   */
  addFile(input: {
    name: string;
    mimetype: string;
    user: string;
    filetype?: string;
    bytes?: Buffer;
  }): FakeFile {
    const id = `F${this.hex(`file-${this.nextSequence()}`, 10).toUpperCase()}`;
    const extension = (input.name.split(".").pop() ?? "").toLowerCase();
    const file: FakeFile = {
      id,
      filename: input.name,
      title: input.name,
      length: input.bytes?.length ?? 0,
      bytes: input.bytes ?? Buffer.alloc(0),
      filetype: input.filetype ?? (extension === "jpeg" ? "jpg" : extension),
      completed: true,
      channels: [],
      user: input.user,
      mimetype: input.mimetype,
    };
    this.files.set(id, file);
    return file;
  }

  /** The person deletes a file: files.info and image blocks then refuse it. */
  deleteFile(fileId: string): void {
    const file = this.files.get(fileId);
    if (file) file.deleted = true;
  }

  /** Every file uploaded so far, in upload order. */
  allFiles(): FakeFile[] {
    return [...this.files.values()];
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The current state of a channel (DMs included), after updates and deletions. */
  messagesIn(channelId: string): FakeMessage[] {
    return [...(this.messages.get(channelId) ?? [])];
  }

  dmsTo(userId: string): FakeMessage[] {
    return this.messagesIn(this.dmIdFor(userId));
  }

  ephemeralsTo(userId: string): FakeEphemeral[] {
    return this.ephemerals.filter((ephemeral) => ephemeral.user === userId);
  }

  /** The modals a user has open now, bottom of the stack first. */
  openViews(userId: string): FakeView[] {
    return (this.modalStacks.get(userId) ?? []).map((id) => this.viewOrThrow(id));
  }

  /** The modal on top of the user's stack, else the last one they were shown. */
  lastView(userId: string): FakeView | undefined {
    const open = this.openViews(userId).at(-1);
    if (open) return open;
    const last = this.viewHistory.get(userId)?.at(-1);
    return last ? this.views.get(last) : undefined;
  }

  homeView(userId: string): FakeView | undefined {
    const id = this.homeViews.get(userId);
    return id ? this.views.get(id) : undefined;
  }

  view(viewId: string): FakeView | undefined {
    return this.views.get(viewId);
  }

  user(userId: string): FakeUser | undefined {
    return this.users.find((user) => user.id === userId);
  }

  /** Changes a person's Slack language, as they would in Slack's preferences. */
  setLocale(userId: string, locale: string): void {
    const user = this.user(userId);
    if (!user) throw new Error(`no such user: ${userId}`);
    user.locale = locale;
  }

  channel(channelId: string): FakeChannel | undefined {
    return this.channels.find((channel) => channel.id === channelId);
  }

  /** The stable DM channel id with a user (U_ALICE → D_ALICE). */
  dmIdFor(userId: string): string {
    return `D${userId.replace(/^[UW]/, "")}`;
  }

  /** Clears everything recorded; users stay, channels return to their initial membership. */
  reset(): void {
    this.calls.length = 0;
    this.messages.clear();
    this.files.clear();
    this.ephemerals = [];
    this.dms.clear();
    this.views.clear();
    this.modalStacks.clear();
    this.homeViews.clear();
    this.viewHistory.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.submissions.clear();
    this.faults.clear();
    this.rateLimit = null;
    this.buckets.clear();
    this.channels.splice(0, this.channels.length, ...structuredClone(this.initialChannels));
    this.usergroups.splice(0, this.usergroups.length, ...structuredClone(this.initialUsergroups));
    this.plan = "standard";
    this.usergroupsRestricted = false;
  }

  /** A user group by id. */
  usergroup(id: string): FakeUsergroup | undefined {
    return this.usergroups.find((group) => group.id === id);
  }

  // -------------------------------------------------------------- fault injection

  failNext(method: string, fault: FaultSpec): void {
    const queue = this.faults.get(method) ?? [];
    queue.push({ ...fault, remaining: fault.times ?? 1 });
    this.faults.set(method, queue);
  }

  /**
   * Token buckets on chat.postMessage: per channel, and optionally one for the
   * whole workspace; `null` turns them off (the default). A post is taken only
   * when every bucket has a token; otherwise 429 with the longest wait.
   */
  /**
   * Every Web API call takes this long from request to answer (benchmarks
   * model Slack's own latency with it); 0 (the default) answers at once.
   */
  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  setRateLimit(spec: RateLimitSpec | null): void {
    const workspace =
      spec?.workspacePerSecond !== undefined
        ? {
            perSecond: spec.workspacePerSecond,
            burst: spec.workspaceBurst ?? spec.workspacePerSecond,
          }
        : null;
    this.rateLimit = spec
      ? { perChannelPerSecond: spec.perChannelPerSecond ?? 1, burst: spec.burst ?? 1, workspace }
      : null;
    this.buckets.clear();
  }

  // -------------------------------------------------------------- what the client sim needs

  /** A trigger_id as Slack puts in a command or interaction payload: 3 s, single use. */
  issueTrigger(userId: string): string {
    const id = `${Math.floor(this.now() / 1000)}.${this.nextSequence()}.${this.hex(userId, 16)}`;
    this.triggers.set(id, { userId, issuedAt: this.now(), used: false });
    return id;
  }

  /** A response_url bound to the user and channel of an interaction: 30 minutes, 5 uses. */
  issueResponseUrl(context: ResponseUrlContext): string {
    const id = `${this.teamId}/${this.nextSequence()}/${this.hex(context.userId, 24)}`;
    this.responseUrls.set(id, { ...context, issuedAt: this.now(), uses: 0 });
    return `${this.url}/response/${id}`;
  }

  /**
   * Applies the app's answer to a view_submission as Slack's client would:
   * nothing (close), `errors` (stay), `update`, `push`, `clear`. Returns
   * Slack's complaint when the answer is invalid, else null.
   */
  applyViewSubmissionResponse(viewId: string, status: number, body: unknown): string | null {
    const view = this.views.get(viewId);
    if (!view || status !== 200) return status === 200 ? null : `app answered HTTP ${status}`;
    const answer = isRecord(body) ? body : {};
    switch (answer.response_action) {
      case undefined:
        this.closeView(view);
        return null;
      case "errors":
        return this.checkFieldErrors(view, answer.errors);
      case "clear":
        this.modalStacks.delete(view.user_id);
        return null;
      case "update": {
        const invalid = validateView(answer.view, "modal");
        if (invalid) return invalid.detail;
        this.storeView(view.user_id, answer.view, { replace: view });
        return null;
      }
      case "push": {
        const invalid = validateView(answer.view, "modal");
        if (invalid) return invalid.detail;
        if ((this.modalStacks.get(view.user_id) ?? []).length >= MAX_VIEW_STACK) {
          return "push_limit_reached";
        }
        this.storeView(view.user_id, answer.view, { push: true });
        return null;
      }
      default:
        return `unknown response_action ${JSON.stringify(answer.response_action)}`;
    }
  }

  /**
   * Slack sent a submission of this view and waits for the app's answer:
   * until the returned function is called (the answer applied), a
   * views.update of this view waits, as in Slack, where the answer to a
   * submission lands before any call the app makes after it. Slack waits
   * 3 s for an answer at most, and so does the update.
   */
  submissionSent(viewId: string): () => void {
    let settle = () => undefined as void;
    const answered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, SUBMISSION_ANSWER_MS);
      settle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.submissions.set(viewId, answered);
    return () => {
      settle();
      if (this.submissions.get(viewId) === answered) this.submissions.delete(viewId);
    };
  }

  // -------------------------------------------------------------- HTTP: Web API

  private readonly methods: Record<string, Handler> = {
    "auth.test": () => this.authTest(),
    "chat.postMessage": (args) => this.postMessage(args),
    "chat.postEphemeral": (args) => this.postEphemeral(args),
    "chat.update": (args) => this.updateMessage(args),
    "chat.delete": (args) => this.deleteMessage(args),
    "chat.getPermalink": (args) => this.getPermalink(args),
    "conversations.open": (args) => this.openConversation(args),
    "conversations.join": (args) => this.joinConversation(args),
    "conversations.info": (args) => this.conversationInfo(args),
    "conversations.members": (args) => this.conversationMembers(args),
    "users.info": (args) => this.userInfo(args),
    "users.list": (args) => this.userList(args),
    "team.info": () => ({ team: this.teamObject() }),
    "views.open": (args) => this.viewsOpen(args),
    "views.push": (args) => this.viewsPush(args),
    "views.update": (args) => this.viewsUpdate(args),
    "views.publish": (args) => this.viewsPublish(args),
    "files.getUploadURLExternal": (args) => this.getUploadUrlExternal(args),
    "files.completeUploadExternal": (args) => this.completeUploadExternal(args),
    "files.info": (args) => this.filesInfo(args),
    "usergroups.list": (args) => this.usergroupsList(args),
    "usergroups.users.list": (args) => this.usergroupUsersList(args),
    "usergroups.users.update": (args) => this.usergroupUsersUpdate(args),
  };

  private async handleApi(
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
    body?: string,
  ): Promise<void> {
    const method = url.pathname.slice("/api/".length);
    const raw = await this.readArgs(url, req, body);
    const token = this.tokenOf(req, raw);
    const { token: _token, ...rest } = raw;
    const args = parseJsonArgs(rest);
    // A modelled network round trip (setLatency): half on the way in, half out.
    const halfTrip = this.latencyMs / 2;
    const respond = (status: number, response: Record<string, unknown>, headers = {}) => {
      this.calls.push({ method, args, response, at: new Date(this.now()) });
      if (halfTrip > 0) setTimeout(() => sendJson(res, status, response, headers), halfTrip);
      else sendJson(res, status, response, headers);
    };
    if (halfTrip > 0) await sleep(halfTrip);

    const handler = this.methods[method];
    if (!handler) return respond(200, { ok: false, error: "unknown_method" });
    const authError = this.checkAuth(token);
    if (authError) return respond(200, { ok: false, error: authError });

    if (method === "views.update") {
      const viewId = str(args, "view_id");
      const answered = viewId ? this.submissions.get(viewId) : undefined;
      if (answered) await answered;
    }

    const fault = this.takeFault(method);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.holdUntil) await fault.holdUntil.catch(() => undefined);
    if (fault?.dropConnection) {
      if (fault.applyThenFail) this.run(handler, args);
      this.calls.push({ method, args, response: { dropped: true }, at: new Date(this.now()) });
      req.socket.destroy();
      return;
    }
    const failing = fault && (fault.status !== undefined || fault.error !== undefined);
    if (failing && !fault.applyThenFail) return this.answerFault(fault, respond);

    const limited = method === "chat.postMessage" ? this.rateLimited(args) : null;
    if (limited !== null) {
      return respond(429, { ok: false, error: "ratelimited" }, { "retry-after": String(limited) });
    }

    const response = this.run(handler, args);
    if (failing) return this.answerFault(fault, respond);
    respond(200, response);
  }

  private run(handler: Handler, args: Record<string, unknown>): Record<string, unknown> {
    try {
      return { ok: true, ...handler(args) };
    } catch (error) {
      if (error instanceof SlackError) return { ok: false, error: error.code, ...error.extra };
      throw error;
    }
  }

  private answerFault(
    fault: FaultSpec,
    respond: (
      status: number,
      body: Record<string, unknown>,
      headers?: Record<string, string>,
    ) => void,
  ): void {
    if (fault.status === 429) {
      return respond(
        429,
        { ok: false, error: "ratelimited" },
        { "retry-after": String(fault.retryAfter ?? 1) },
      );
    }
    if (fault.status !== undefined && fault.status !== 200) {
      return respond(fault.status, { ok: false, error: fault.error ?? "internal_error" });
    }
    respond(200, { ok: false, error: fault.error ?? "internal_error" });
  }

  private takeFault(method: string): FaultSpec | undefined {
    const queue = this.faults.get(method);
    const fault = queue?.[0];
    if (!queue || !fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) queue.shift();
    return fault;
  }

  /** Query string, then the body: form-encoded (what @slack/web-api sends) or JSON. */
  private async readArgs(
    url: URL,
    req: IncomingMessage,
    preread?: string,
  ): Promise<Record<string, unknown>> {
    const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
    const body = preread ?? (await readBody(req));
    if (body === "") return args;
    const type = req.headers["content-type"] ?? "";
    if (type.includes("application/json")) {
      const parsed: unknown = JSON.parse(body);
      return isRecord(parsed) ? { ...args, ...parsed } : args;
    }
    return { ...args, ...Object.fromEntries(new URLSearchParams(body)) };
  }

  private tokenOf(req: IncomingMessage, args: Record<string, unknown>): string | undefined {
    const header = req.headers.authorization;
    if (header?.startsWith("Bearer ")) return header.slice("Bearer ".length).trim();
    return str(args, "token");
  }

  private checkAuth(token: string | undefined): string | null {
    if (!token) return "not_authed";
    if (this.tokenCheck) return this.tokenCheck(token);
    if (!token.startsWith("xoxb-")) return "invalid_auth";
    if (this.botToken !== undefined && token !== this.botToken) return "invalid_auth";
    return null;
  }

  /** Seconds to wait when a bucket (the channel's, the workspace's) is empty, else null (and a token is spent from each). */
  private rateLimited(args: Record<string, unknown>): number | null {
    if (!this.rateLimit) return null;
    const { perChannelPerSecond, burst, workspace } = this.rateLimit;
    const now = this.now();
    const buckets: Array<{ bucket: Bucket; perSecond: number }> = [
      {
        bucket: this.refill(
          `channel:${str(args, "channel") ?? ""}`,
          perChannelPerSecond,
          burst,
          now,
        ),
        perSecond: perChannelPerSecond,
      },
    ];
    if (workspace) {
      buckets.push({
        bucket: this.refill("workspace", workspace.perSecond, workspace.burst, now),
        perSecond: workspace.perSecond,
      });
    }
    const waits = buckets
      .filter(({ bucket }) => bucket.tokens < 1)
      .map(({ bucket, perSecond }) => Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)));
    if (waits.length > 0) return Math.max(...waits);
    for (const { bucket } of buckets) bucket.tokens -= 1;
    return null;
  }

  private refill(key: string, perSecond: number, burst: number, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    const refill = ((now - bucket.updatedAt) / 1000) * perSecond;
    bucket.tokens = Math.min(burst, bucket.tokens + refill);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  // -------------------------------------------------------------- methods: auth, team, users

  private authTest(): Record<string, unknown> {
    return {
      url: `https://${this.teamDomain}.slack.com/`,
      team: this.teamName,
      user: this.user(this.botUserId)?.name ?? "greenlight",
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      ...(this.enterpriseId ? { enterprise_id: this.enterpriseId } : {}),
      is_enterprise_install: this.orgWideInstall,
    };
  }

  private teamObject(): Record<string, unknown> {
    return {
      id: this.teamId,
      name: this.teamName,
      domain: this.teamDomain,
      email_domain: "",
      icon: { image_default: true },
    };
  }

  private userObject(user: FakeUser): Record<string, unknown> {
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      real_name: user.real_name,
      tz: user.tz,
      tz_label: user.tz,
      tz_offset: user.tz_offset,
      is_bot: user.is_bot,
      deleted: user.deleted,
      is_admin: user.is_admin,
      is_owner: user.is_owner,
      is_primary_owner: user.is_owner,
      is_restricted: false,
      is_ultra_restricted: false,
      is_app_user: false,
      profile: {
        display_name: user.display_name ?? user.name,
        real_name: user.real_name,
        team: this.teamId,
      },
    };
  }

  private userInfo(args: Record<string, unknown>): Record<string, unknown> {
    const user = this.user(required(args, "user", "user_not_found"));
    if (!user) throw new SlackError("user_not_found");
    // As Slack: the locale only when asked for with include_locale.
    const locale = bool(args, "include_locale") ? { locale: user.locale } : {};
    return { user: { ...this.userObject(user), ...locale } };
  }

  private userList(args: Record<string, unknown>): Record<string, unknown> {
    const page = this.paginate(this.users, args);
    return {
      members: page.items.map((user) => this.userObject(user)),
      cache_ts: Math.floor(this.now() / 1000),
      response_metadata: { next_cursor: page.nextCursor },
    };
  }

  /** Cursor pagination as Slack does it, so an app that forgets to page misses people. */
  private paginate<T>(
    items: T[],
    args: Record<string, unknown>,
  ): { items: T[]; nextCursor: string } {
    const limit = Math.min(Number(str(args, "limit") ?? 100) || 100, 1000);
    const cursor = str(args, "cursor");
    const offset = cursor
      ? Number(Buffer.from(cursor, "base64").toString().replace("offset:", ""))
      : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new SlackError("invalid_cursor");
    const end = offset + limit;
    const nextCursor = end < items.length ? Buffer.from(`offset:${end}`).toString("base64") : "";
    return { items: items.slice(offset, end), nextCursor };
  }

  // -------------------------------------------------------------- methods: conversations

  private liveUser(userId: string): FakeUser {
    const user = this.user(userId);
    if (!user) throw new SlackError("user_not_found");
    if (user.deleted) throw new SlackError("user_disabled");
    return user;
  }

  private openDm(userId: string): string {
    const user = this.liveUser(userId);
    if (user.is_bot) throw new SlackError("cannot_dm_bot");
    const id = this.dmIdFor(user.id);
    this.dms.set(id, user.id);
    return id;
  }

  /**
   * The channel a call addresses. `forPosting` applies the membership rules of
   * chat.post*: a public channel needs the bot in it; a private channel the
   * bot is not in does not exist for it at all.
   */
  private resolveChannel(channelId: string | undefined, forPosting: boolean): string {
    if (!channelId) throw new SlackError("channel_not_found");
    if (/^[UW]/.test(channelId)) {
      if (!forPosting) throw new SlackError("channel_not_found");
      return this.openDm(channelId);
    }
    if (channelId.startsWith("D")) {
      if (!this.dms.has(channelId)) throw new SlackError("channel_not_found");
      return channelId;
    }
    const channel = this.channel(channelId);
    if (!channel) throw new SlackError("channel_not_found");
    const isMember = channel.members.includes(this.botUserId);
    if (channel.is_private && !isMember) throw new SlackError("channel_not_found");
    if (forPosting && channel.is_archived) throw new SlackError("is_archived");
    if (forPosting && !isMember) throw new SlackError("not_in_channel");
    return channel.id;
  }

  private membersOf(channelId: string): string[] {
    const dmUser = this.dms.get(channelId);
    if (dmUser) return [dmUser, this.botUserId];
    return this.channel(channelId)?.members ?? [];
  }

  private channelObject(channelId: string): Record<string, unknown> {
    const dmUser = this.dms.get(channelId);
    if (dmUser) {
      return {
        id: channelId,
        is_im: true,
        is_channel: false,
        is_group: false,
        is_private: true,
        user: dmUser,
        is_open: true,
      };
    }
    const channel = this.channel(channelId);
    if (!channel) throw new SlackError("channel_not_found");
    return {
      id: channel.id,
      name: channel.name,
      is_channel: !channel.is_private,
      is_group: channel.is_private,
      is_im: false,
      is_mpim: false,
      is_private: channel.is_private,
      is_archived: channel.is_archived ?? false,
      is_general: channel.name === "general",
      is_member: channel.members.includes(this.botUserId),
      num_members: channel.members.length,
      context_team_id: this.teamId,
    };
  }

  private openConversation(args: Record<string, unknown>): Record<string, unknown> {
    const channel = str(args, "channel");
    if (channel) {
      const id = this.resolveChannel(channel, false);
      return { channel: this.channelObject(id) };
    }
    const users = (str(args, "users") ?? "").split(",").filter(Boolean);
    if (users.length === 0) throw new SlackError("users_list_not_supplied");
    // Group DMs are not modelled: Greenlight only ever opens one-to-one DMs.
    if (users.length > 1) throw new SlackError("not_implemented_in_fake");
    const id = this.openDm(users[0] as string);
    const full = bool(args, "return_im");
    return {
      channel: full ? this.channelObject(id) : { id },
      ...(full ? {} : { no_op: true, already_open: true }),
    };
  }

  private joinConversation(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.channel(required(args, "channel", "channel_not_found"));
    if (!channel) throw new SlackError("channel_not_found");
    if (channel.is_private) throw new SlackError("method_not_supported_for_channel_type");
    if (channel.is_archived) throw new SlackError("is_archived");
    const alreadyIn = channel.members.includes(this.botUserId);
    if (!alreadyIn) channel.members.push(this.botUserId);
    return {
      channel: this.channelObject(channel.id),
      ...(alreadyIn ? { warning: "already_in_channel" } : {}),
    };
  }

  private conversationInfo(args: Record<string, unknown>): Record<string, unknown> {
    const id = this.resolveChannel(str(args, "channel"), false);
    return { channel: this.channelObject(id) };
  }

  private conversationMembers(args: Record<string, unknown>): Record<string, unknown> {
    const id = this.resolveChannel(str(args, "channel"), false);
    const page = this.paginate(this.membersOf(id), args);
    return { members: page.items, response_metadata: { next_cursor: page.nextCursor } };
  }

  // -------------------------------------------------------------- methods: user groups

  /** User groups are a paid feature: on a free plan every usergroups.* call is refused. */
  private paidPlanOnly(): void {
    if (this.plan === "free") throw new SlackError("paid_teams_only");
  }

  private usergroupObject(group: FakeUsergroup, withUsers: boolean): Record<string, unknown> {
    return {
      id: group.id,
      team_id: this.teamId,
      is_usergroup: true,
      name: group.name,
      handle: group.handle,
      date_delete: group.disabled ? 1 : 0,
      user_count: group.users.length,
      ...(withUsers ? { users: [...group.users] } : {}),
    };
  }

  private liveUsergroup(args: Record<string, unknown>): FakeUsergroup {
    const id = required(args, "usergroup", "no_such_subteam");
    const group = this.usergroup(id);
    if (!group || (group.disabled && !bool(args, "include_disabled"))) {
      throw new SlackError("no_such_subteam");
    }
    return group;
  }

  private usergroupsList(args: Record<string, unknown>): Record<string, unknown> {
    this.paidPlanOnly();
    const withDisabled = bool(args, "include_disabled");
    return {
      usergroups: this.usergroups
        .filter((group) => withDisabled || !group.disabled)
        .map((group) => this.usergroupObject(group, bool(args, "include_users"))),
    };
  }

  private usergroupUsersList(args: Record<string, unknown>): Record<string, unknown> {
    this.paidPlanOnly();
    return { users: [...this.liveUsergroup(args).users] };
  }

  /** Replaces the group's members; Slack refuses an empty list and anyone not a live person. */
  private usergroupUsersUpdate(args: Record<string, unknown>): Record<string, unknown> {
    this.paidPlanOnly();
    if (this.usergroupsRestricted) throw new SlackError("permission_denied");
    const group = this.liveUsergroup({ ...args, include_disabled: false });
    const users = (str(args, "users") ?? "").split(",").filter(Boolean);
    if (users.length === 0) throw new SlackError("no_users_provided");
    for (const id of users) {
      const user = this.user(id);
      if (!user || user.deleted || user.is_bot) throw new SlackError("invalid_users");
    }
    group.users = [...new Set(users)];
    return { usergroup: this.usergroupObject(group, true) };
  }

  // -------------------------------------------------------------- methods: chat

  /**
   * The content rules shared by every way of posting: something to show, a
   * text fallback with blocks (Slack only warns; we refuse on purpose), the
   * 40,000-character text limit, valid blocks.
   */
  private checkContent(text: string | undefined, blocks: unknown, attachments: unknown): void {
    if (text === undefined && blocks === undefined && attachments === undefined) {
      throw new SlackError("no_text");
    }
    if (blocks !== undefined && (text === undefined || text.trim() === "")) {
      throw new SlackError("missing_text_fallback");
    }
    if (text !== undefined && text.length > LIMITS.messageText)
      throw new SlackError("msg_too_long");
    if (blocks !== undefined) {
      const invalid = validateMessageBlocks(blocks);
      if (invalid) throw blockKitFailure(invalid);
      this.checkSlackFiles(blocks as unknown[]);
    }
  }

  /**
   * An image's `slack_file` must name an image file that was uploaded and
   * completed; Slack answers anything else with invalid_blocks.
   */
  private checkSlackFiles(blocks: unknown[]): void {
    const refs: Array<{ ref: Record<string, unknown>; path: string }> = [];
    blocks.forEach((block, index) => {
      if (!isRecord(block)) return;
      if (isRecord(block.slack_file))
        refs.push({ ref: block.slack_file, path: `/blocks/${index}/slack_file` });
      const parts = [block.accessory, ...(Array.isArray(block.elements) ? block.elements : [])];
      parts.forEach((part, i) => {
        if (isRecord(part) && isRecord(part.slack_file)) {
          const where = part === block.accessory ? "accessory" : `elements/${i - 1}`;
          refs.push({ ref: part.slack_file, path: `/blocks/${index}/${where}/slack_file` });
        }
      });
    });
    for (const { ref, path } of refs) {
      const byId = typeof ref.id === "string" ? this.files.get(ref.id) : undefined;
      const byUrl =
        typeof ref.url === "string"
          ? [...this.files.values()].find((file) => ref.url === this.fileUrl(file))
          : undefined;
      const file = byId ?? byUrl;
      if (!file?.completed || file.deleted || !IMAGE_FILETYPES.has(file.filetype ?? "")) {
        const line = `[ERROR] invalid slack file [json-pointer:${path}]`;
        throw new SlackError("invalid_blocks", {
          errors: [`invalid slack file [json-pointer:${path}]`],
          response_metadata: { messages: [line] },
        });
      }
    }
  }

  // -------------------------------------------------------------- methods: files

  private fileUrl(file: FakeFile): string {
    return `${this.url}/files/${file.id}/${encodeURIComponent(file.filename)}`;
  }

  /** A file as Slack describes it (files.info, file_input submissions). */
  fileObject(file: FakeFile): Record<string, unknown> {
    return {
      id: file.id,
      name: file.filename,
      title: file.title,
      filetype: file.filetype ?? "",
      ...(file.mimetype ? { mimetype: file.mimetype } : {}),
      size: file.bytes?.length ?? 0,
      user: file.user ?? this.botUserId,
      url_private: this.fileUrl(file),
      permalink: `https://${this.teamDomain}.slack.com/files/${file.user ?? this.botUserId}/${file.id}/${encodeURIComponent(file.filename)}`,
      channels: file.channels.filter((c) => c.startsWith("C")),
      groups: file.channels.filter((c) => c.startsWith("G")),
      ims: file.channels.filter((c) => c.startsWith("D")),
      ...(file.altText !== undefined ? { alt_txt: file.altText } : {}),
    };
  }

  private filesInfo(args: Record<string, unknown>): Record<string, unknown> {
    const file = this.files.get(required(args, "file", "file_not_found"));
    if (!file?.completed) throw new SlackError("file_not_found");
    if (file.deleted) throw new SlackError("file_deleted");
    return { file: this.fileObject(file), comments: [], response_metadata: { next_cursor: "" } };
  }

  private getUploadUrlExternal(args: Record<string, unknown>): Record<string, unknown> {
    const filename = str(args, "filename");
    const length = Number(str(args, "length"));
    if (!filename || !Number.isInteger(length) || length <= 0) {
      throw new SlackError("invalid_arguments", {
        response_metadata: {
          messages: ["[ERROR] filename and a positive whole length are required"],
        },
      });
    }
    const id = `F${this.hex(`file-${this.nextSequence()}`, 10).toUpperCase()}`;
    const altText = str(args, "alt_txt") ?? str(args, "alt_text");
    this.files.set(id, {
      id,
      filename,
      title: filename,
      length,
      ...(altText !== undefined ? { altText } : {}),
      bytes: null,
      filetype: null,
      completed: false,
      channels: [],
    });
    return { upload_url: `${this.url}/upload/${id}`, file_id: id };
  }

  /** The upload URL: the bytes must be exactly the announced length. */
  private async handleUpload(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBodyBytes(req);
    const answer = (status: number, text: string) => {
      this.calls.push({
        method: "upload",
        args: { file_id: id, bytes: body.length },
        response: { status, text },
        at: new Date(this.now()),
      });
      res.writeHead(status, { "content-type": "text/plain" }).end(text);
    };
    const fault = this.takeFault("upload");
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.status !== undefined) return answer(fault.status, "upload failed");
    const file = this.files.get(id);
    if (!file || file.completed) return answer(404, "not found");
    let bytes: Buffer;
    try {
      bytes = await uploadedBytes(req, body);
    } catch {
      return answer(400, "invalid form data");
    }
    if (bytes.length !== file.length) return answer(400, "length mismatch");
    file.bytes = bytes;
    file.filetype = sniffFiletype(bytes);
    answer(200, `OK - ${bytes.length}`);
  }

  private completeUploadExternal(args: Record<string, unknown>): Record<string, unknown> {
    const list = args.files;
    if (!Array.isArray(list) || list.length === 0 || !list.every(isRecord)) {
      throw new SlackError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] files must be a non-empty array of {id, title}"] },
      });
    }
    const files = list.map((entry) => {
      const file = typeof entry.id === "string" ? this.files.get(entry.id) : undefined;
      // Never uploaded (or its bytes never arrived): Slack has nothing to complete.
      if (!file?.bytes) throw new SlackError("file_not_found");
      return { file, title: typeof entry.title === "string" ? entry.title : undefined };
    });
    // A file that claims to be a PNG must be one: a broken image is refused here.
    for (const { file } of files) {
      if (/\.png$/i.test(file.filename) && file.filetype !== "png") {
        throw new SlackError("invalid_file_type", {
          response_metadata: { messages: [`[ERROR] ${file.filename} is not a valid PNG`] },
        });
      }
    }
    const channelId = str(args, "channel_id");
    const channel = channelId ? this.resolveChannel(channelId, true) : undefined;
    const comment = str(args, "initial_comment");
    for (const { file, title } of files) {
      file.completed = true;
      if (title) file.title = title;
      if (channel) file.channels.push(channel);
      if (comment !== undefined) file.initialComment = comment;
    }
    if (channel) {
      // Sharing posts a message with the files, as Slack does.
      const message = this.storeMessage(channel, comment ?? "", undefined);
      message.files = files.map(({ file }) => file.id);
    }
    return { files: files.map(({ file }) => ({ id: file.id, title: file.title })) };
  }

  /** The bytes of a completed file (url_private), for the sandbox page. */
  private serveFile(id: string, res: ServerResponse): void {
    const file = this.files.get(id);
    if (!file?.completed || !file.bytes) {
      res.writeHead(404, { "content-type": "text/plain" }).end("file_not_found");
      return;
    }
    const types: Record<string, string> = {
      png: "image/png",
      jpg: "image/jpeg",
      gif: "image/gif",
      text: "text/plain; charset=utf-8",
    };
    res
      .writeHead(200, {
        "content-type": types[file.filetype ?? ""] ?? "application/octet-stream",
        "content-length": String(file.bytes.length),
        "x-content-type-options": "nosniff",
      })
      .end(file.bytes);
  }

  private postMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, "channel"), true);
    const text = str(args, "text");
    this.checkContent(text, args.blocks, args.attachments);
    const message = this.storeMessage(channel, text, args.blocks, str(args, "thread_ts"));
    return { channel, ts: message.ts, message: this.messageObject(message) };
  }

  private postEphemeral(args: Record<string, unknown>): Record<string, unknown> {
    const userId = required(args, "user", "user_not_found");
    this.liveUser(userId);
    const channel = this.resolveChannel(str(args, "channel"), true);
    if (!this.membersOf(channel).includes(userId)) throw new SlackError("user_not_in_channel");
    const text = str(args, "text");
    this.checkContent(text, args.blocks, args.attachments);
    const ephemeral = this.storeEphemeral(channel, userId, text, args.blocks, "chat.postEphemeral");
    return { message_ts: ephemeral.ts };
  }

  private findOwnMessage(args: Record<string, unknown>): FakeMessage {
    const channel = this.resolveChannel(str(args, "channel"), false);
    const ts = required(args, "ts", "message_not_found");
    const message = this.messages.get(channel)?.find((m) => m.ts === ts);
    if (!message) throw new SlackError("message_not_found");
    if (message.user !== this.botUserId) throw new SlackError("cant_update_message");
    return message;
  }

  private updateMessage(args: Record<string, unknown>): Record<string, unknown> {
    const message = this.findOwnMessage(args);
    const text = str(args, "text");
    this.checkContent(text, args.blocks, args.attachments);
    message.text = text;
    message.blocks = args.blocks === undefined ? undefined : this.withIds(args.blocks as unknown[]);
    message.edited = { user: this.botUserId, ts: this.nextTs() };
    return {
      channel: message.channel,
      ts: message.ts,
      text: message.text ?? "",
      message: this.messageObject(message),
    };
  }

  private deleteMessage(args: Record<string, unknown>): Record<string, unknown> {
    const message = this.findOwnMessage(args);
    this.removeMessage(message);
    return { channel: message.channel, ts: message.ts };
  }

  private getPermalink(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, "channel"), false);
    const ts = required(args, "message_ts", "message_not_found");
    if (!this.messages.get(channel)?.some((m) => m.ts === ts))
      throw new SlackError("message_not_found");
    return {
      channel,
      permalink: `https://${this.teamDomain}.slack.com/archives/${channel}/p${ts.replace(".", "")}`,
    };
  }

  private storeMessage(
    channel: string,
    text: string | undefined,
    blocks: unknown,
    threadTs?: string,
  ): FakeMessage {
    const message: FakeMessage = {
      channel,
      ts: this.nextTs(),
      user: this.botUserId,
      bot_id: this.botId,
      ...(text !== undefined ? { text } : {}),
      ...(Array.isArray(blocks) ? { blocks: this.withIds(blocks) } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    };
    const list = this.messages.get(channel) ?? [];
    list.push(message);
    this.messages.set(channel, list);
    return message;
  }

  private storeEphemeral(
    channel: string,
    user: string,
    text: string | undefined,
    blocks: unknown,
    via: FakeEphemeral["via"],
  ): FakeEphemeral {
    const ephemeral: FakeEphemeral = {
      channel,
      user,
      ts: this.nextTs(),
      via,
      is_ephemeral: true,
      ...(text !== undefined ? { text } : {}),
      ...(Array.isArray(blocks) ? { blocks: this.withIds(blocks) } : {}),
    };
    this.ephemerals.push(ephemeral);
    return ephemeral;
  }

  private removeMessage(message: FakeMessage): void {
    const list = this.messages.get(message.channel) ?? [];
    this.messages.set(
      message.channel,
      list.filter((m) => m !== message),
    );
  }

  private messageObject(message: FakeMessage): Record<string, unknown> {
    return {
      type: "message",
      user: message.user,
      bot_id: message.bot_id,
      app_id: this.appId,
      team: this.teamId,
      ts: message.ts,
      text: message.text ?? "",
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      ...(message.edited ? { edited: message.edited } : {}),
    };
  }

  // -------------------------------------------------------------- methods: views

  /** Slack's trigger rules: issued by it, used within 3 s, used once. */
  private consumeTrigger(args: Record<string, unknown>, view: unknown, expect: "modal"): Trigger {
    const triggerId = str(args, "trigger_id");
    if (!triggerId)
      throw new SlackError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] missing required field: trigger_id"] },
      });
    const trigger = this.triggers.get(triggerId);
    if (!trigger) throw new SlackError("invalid_trigger_id");
    if (trigger.used) throw new SlackError("exchanged_trigger_id");
    if (this.now() - trigger.issuedAt > TRIGGER_TTL_MS) throw new SlackError("expired_trigger_id");
    // A view Slack refuses does not use the trigger up.
    const invalid = validateView(view, expect);
    if (invalid) throw blockKitFailure(invalid);
    trigger.used = true;
    return trigger;
  }

  private viewsOpen(args: Record<string, unknown>): Record<string, unknown> {
    const trigger = this.consumeTrigger(args, args.view, "modal");
    this.modalStacks.delete(trigger.userId);
    return { view: this.storeView(trigger.userId, args.view, { push: true }) };
  }

  private viewsPush(args: Record<string, unknown>): Record<string, unknown> {
    const trigger = this.consumeTrigger(args, args.view, "modal");
    const stack = this.modalStacks.get(trigger.userId) ?? [];
    // Slack only pushes onto an open modal, and at most three deep.
    if (stack.length === 0) throw new SlackError("not_found");
    if (stack.length >= MAX_VIEW_STACK) throw new SlackError("push_limit_reached");
    return { view: this.storeView(trigger.userId, args.view, { push: true }) };
  }

  private viewsUpdate(args: Record<string, unknown>): Record<string, unknown> {
    const viewId = str(args, "view_id");
    const externalId = str(args, "external_id");
    if (!viewId && !externalId) {
      throw new SlackError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] must provide view_id or external_id"] },
      });
    }
    const current = viewId
      ? this.views.get(viewId)
      : [...this.views.values()].find((v) => v.external_id === externalId);
    if (!current || !this.isShown(current)) throw new SlackError("not_found");
    const hash = str(args, "hash");
    if (hash !== undefined && hash !== current.hash) throw new SlackError("hash_conflict");
    const invalid = validateView(args.view, current.type);
    if (invalid) throw blockKitFailure(invalid);
    return { view: this.storeView(current.user_id, args.view, { replace: current }) };
  }

  private viewsPublish(args: Record<string, unknown>): Record<string, unknown> {
    const userId = required(args, "user_id", "user_not_found");
    this.liveUser(userId);
    const invalid = validateView(args.view, "home");
    if (invalid) throw blockKitFailure(invalid);
    const currentId = this.homeViews.get(userId);
    const current = currentId ? this.views.get(currentId) : undefined;
    const hash = str(args, "hash");
    if (hash !== undefined && current && hash !== current.hash)
      throw new SlackError("hash_conflict");
    const view = current
      ? this.storeView(userId, args.view, { replace: current })
      : this.storeView(userId, args.view, { home: true });
    return { view };
  }

  private isShown(view: FakeView): boolean {
    if (view.type === "home") return this.homeViews.get(view.user_id) === view.id;
    return (this.modalStacks.get(view.user_id) ?? []).includes(view.id);
  }

  /**
   * Stores a validated view. `replace` keeps the id and gives a new hash (an
   * update); `push` puts a new view on the user's modal stack; `home` makes
   * it the user's Home tab.
   */
  private storeView(
    userId: string,
    input: unknown,
    how: { replace?: FakeView; push?: boolean; home?: boolean },
  ): FakeView {
    const sent = input as Record<string, unknown>;
    const stack = this.modalStacks.get(userId) ?? [];
    const id = how.replace?.id ?? `V${this.hex(`view-${this.nextSequence()}`, 10).toUpperCase()}`;
    const view: FakeView = {
      ...sent,
      id,
      type: sent.type === "home" ? "home" : "modal",
      team_id: this.teamId,
      user_id: userId,
      app_id: this.appId,
      bot_id: this.botId,
      app_installed_team_id: this.teamId,
      blocks: this.withIds(sent.blocks as unknown[]),
      callback_id: typeof sent.callback_id === "string" ? sent.callback_id : "",
      private_metadata: typeof sent.private_metadata === "string" ? sent.private_metadata : "",
      external_id: typeof sent.external_id === "string" ? sent.external_id : "",
      hash: `${Math.floor(this.now() / 1000)}.${this.hex(`hash-${this.nextSequence()}`, 8)}`,
      root_view_id: how.replace?.root_view_id ?? stack[0] ?? id,
      previous_view_id: how.replace?.previous_view_id ?? (how.push ? (stack.at(-1) ?? null) : null),
      state: { values: {} },
      clear_on_close: sent.clear_on_close === true,
      notify_on_close: sent.notify_on_close === true,
    };
    this.views.set(id, view);
    if (how.push) this.modalStacks.set(userId, [...stack, id]);
    if (how.home) this.homeViews.set(userId, id);
    if (view.type === "modal") {
      this.viewHistory.set(userId, [...(this.viewHistory.get(userId) ?? []), id]);
    }
    return view;
  }

  private closeView(view: FakeView): void {
    const stack = this.modalStacks.get(view.user_id) ?? [];
    this.modalStacks.set(
      view.user_id,
      stack.filter((id) => id !== view.id),
    );
  }

  /** Slack shows field errors only under input blocks; any other key is refused. */
  private checkFieldErrors(view: FakeView, errors: unknown): string | null {
    if (!isRecord(errors) || Object.keys(errors).length === 0) {
      return "response_action errors needs a non-empty errors object";
    }
    const inputIds = new Set(
      view.blocks
        .filter((b) => isRecord(b) && b.type === "input")
        .map((b) => (b as Record<string, unknown>).block_id),
    );
    const stray = Object.keys(errors).filter((key) => !inputIds.has(key));
    return stray.length > 0
      ? `errors for block_ids that are not input blocks: ${stray.join(", ")}`
      : null;
  }

  private viewOrThrow(id: string): FakeView {
    const view = this.views.get(id);
    if (!view) throw new Error(`FakeSlack lost view ${id}`);
    return view;
  }

  // -------------------------------------------------------------- HTTP: response_url

  private async handleResponseUrl(
    id: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const body = await readBody(req);
    let args: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(body);
      if (isRecord(parsed)) args = parsed;
    } catch {
      args = { _raw: body };
    }
    const respond = (status: number, response: Record<string, unknown>) => {
      this.calls.push({
        method: "response_url",
        args: { ...args, response_url_id: id },
        response,
        at: new Date(this.now()),
      });
      sendJson(res, status, response);
    };
    const fault = this.takeFault("response_url");
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault && (fault.status !== undefined || fault.error !== undefined)) {
      return respond(fault.status ?? 500, { ok: false, error: fault.error ?? "internal_error" });
    }
    const url = this.responseUrls.get(id);
    // Slack answers a dead response_url with a 404 and a short reason.
    if (!url) return respond(404, { ok: false, error: "invalid_url" });
    if (this.now() - url.issuedAt > RESPONSE_URL_TTL_MS)
      return respond(404, { ok: false, error: "expired_url" });
    if (url.uses >= RESPONSE_URL_MAX_USES) return respond(404, { ok: false, error: "used_url" });
    if ("_raw" in args) return respond(400, { ok: false, error: "invalid_payload" });
    url.uses += 1;
    try {
      this.applyResponse(url, args);
      respond(200, { ok: true });
    } catch (error) {
      if (!(error instanceof SlackError)) throw error;
      respond(400, { ok: false, error: error.code, ...error.extra });
    }
  }

  /**
   * What Slack does with the body of a command's acknowledgement: a message
   * with `text`/`blocks` is shown to the caller (or posted, with
   * `response_type: "in_channel"`), checked as strictly as any other message.
   * Returns false when there is nothing to show.
   */
  showCommandResponse(userId: string, channelId: string, body: unknown): boolean {
    if (typeof body !== "object" || body === null) return false;
    const args = body as Record<string, unknown>;
    const text = str(args, "text");
    if (text === undefined && !Array.isArray(args.blocks)) return false;
    this.checkContent(text, args.blocks, args.attachments);
    if (args.response_type === "in_channel") this.storeMessage(channelId, text, args.blocks);
    else this.storeEphemeral(channelId, userId, text, args.blocks, "command_response");
    return true;
  }

  private applyResponse(url: ResponseUrl, args: Record<string, unknown>): void {
    if (bool(args, "delete_original")) {
      this.deleteOriginal(url);
      return;
    }
    const text = str(args, "text");
    this.checkContent(text, args.blocks, args.attachments);
    if (bool(args, "replace_original")) {
      this.replaceOriginal(url, text, args.blocks);
      return;
    }
    if (args.response_type === "in_channel") {
      this.storeMessage(url.channelId, text, args.blocks, str(args, "thread_ts"));
      return;
    }
    this.storeEphemeral(url.channelId, url.userId, text, args.blocks, "response_url");
  }

  /** The original of a response_url: a channel message, or an ephemeral one shown to this user. */
  private original(url: ResponseUrl): FakeMessage | FakeEphemeral {
    const ref = url.message;
    if (!ref) throw new SlackError("no_original_message");
    const found =
      this.messages.get(ref.channel)?.find((m) => m.ts === ref.ts) ??
      this.ephemerals.find(
        (e) => e.channel === ref.channel && e.ts === ref.ts && e.user === url.userId,
      );
    if (!found) throw new SlackError("message_not_found");
    return found;
  }

  private replaceOriginal(url: ResponseUrl, text: string | undefined, blocks: unknown): void {
    const original = this.original(url);
    original.text = text;
    original.blocks = Array.isArray(blocks) ? this.withIds(blocks) : undefined;
    if (!("is_ephemeral" in original))
      original.edited = { user: this.botUserId, ts: this.nextTs() };
  }

  private deleteOriginal(url: ResponseUrl): void {
    const original = this.original(url);
    if ("is_ephemeral" in original) this.ephemerals = this.ephemerals.filter((e) => e !== original);
    else this.removeMessage(original);
  }

  // -------------------------------------------------------------- ids

  /**
   * Slack fills in a block_id (and action_id) the app left out; tests then see
   * what the app will get back in payloads.
   */
  private withIds(blocks: unknown[]): unknown[] {
    return blocks.map((block, index) => {
      if (!isRecord(block)) return block;
      const copy: Record<string, unknown> = structuredClone(block);
      if (copy.type !== "rich_text" && typeof copy.block_id !== "string") {
        copy.block_id = this.hex(`${index}:${JSON.stringify(block)}`, 5);
      }
      if (Array.isArray(copy.elements) && copy.type === "actions") {
        copy.elements = copy.elements.map((e, i) => this.withActionId(e, `${copy.block_id}:${i}`));
      }
      if (copy.accessory !== undefined)
        copy.accessory = this.withActionId(copy.accessory, `${copy.block_id}:a`);
      if (copy.element !== undefined)
        copy.element = this.withActionId(copy.element, `${copy.block_id}:e`);
      return copy;
    });
  }

  private withActionId(element: unknown, seed: string): unknown {
    if (!isRecord(element) || element.type === "image" || typeof element.action_id === "string")
      return element;
    return { ...element, action_id: this.hex(seed, 6) };
  }

  /** Message timestamps: seconds from the clock, microseconds that always increase. */
  private nextTs(): string {
    const micros = Math.max(this.lastMicros + 100, Math.floor(this.now()) * 1000);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, "0")}`;
  }

  private nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  private hex(seed: string, length: number): string {
    return createHash("sha256")
      .update(`${this.teamId}:${seed}:${this.sequence}`)
      .digest("hex")
      .slice(0, length);
  }
}
