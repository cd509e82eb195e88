/**
 * What Slack sends TO the app: slash commands, button clicks, view
 * submissions and events, signed exactly as Slack signs them. Each method
 * returns the app's HTTP answer, so tests see acks, `response_action`s and
 * 401s as Slack would.
 *
 * Like the Slack client, it refuses what a person could not do: clicking a
 * button that is not on the message, or submitting a modal with a required
 * field left empty. Those throw, because they are bugs in the test.
 */
import { createHmac } from "node:crypto";
import type { FakeEphemeral, FakeMessage, FakeSlack, FakeView } from "./fake-slack.ts";

export interface SlackClientSimOptions {
  /** The app's request URL, e.g. http://127.0.0.1:3000/slack/events */
  appUrl: string;
  signingSecret: string;
  fake: FakeSlack;
  /**
   * Awaited after each view submission's answer is applied and after each
   * command's: tests pass the app's `answeredWorkDone`, so the work a form
   * or a command does after its answer (a views.update with the result, a
   * month's calendar) has reached the fake when submitView or command returns.
   */
  workAfterAnswers?: (triggerId: string) => Promise<unknown>;
}

export interface AppResponse {
  status: number;
  body: string;
  json?: unknown;
  /** Set after a view submission whose answer Slack would have refused. */
  viewError?: string | null;
}

/** Overrides for negative tests (bad signature, stale timestamp). */
export interface SigningOptions {
  /** Seconds since the epoch; defaults to the real clock, which Bolt checks against. */
  timestamp?: number;
  /** Replaces the computed `v0=…` signature. */
  signature?: string;
}

export interface ClickOptions extends SigningOptions {
  /** The block the button is in, when the same action_id is in several blocks. */
  blockId?: string;
}

export interface CommandOptions extends SigningOptions {
  channelId?: string;
  /**
   * false: the reply given in the acknowledgement is returned but not shown
   * (not checked against Block Kit, not recorded). For load generators,
   * whose own work per reply must not count in the app's ack latency.
   */
  showReply?: boolean;
}

/** A message to click on: from `fake.messagesIn`, `fake.dmsTo` or `fake.ephemeralsTo`. */
export type ClickTarget =
  | FakeMessage
  | FakeEphemeral
  | { channel: string; ts: string; blocks: unknown[]; is_ephemeral?: boolean }
  | FakeView;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Slack's signature: `v0=` + hex HMAC-SHA256 over `v0:{timestamp}:{raw body}`. */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

function isView(target: ClickTarget): target is FakeView {
  return "id" in target && (target.type === "modal" || target.type === "home");
}

/** Every interactive element of a list of blocks, with the block it sits in. */
function* elements(blocks: unknown[]): Generator<{ blockId: string; element: Json }> {
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const blockId = typeof block.block_id === "string" ? block.block_id : "";
    const inner = [
      ...(Array.isArray(block.elements) && block.type === "actions" ? block.elements : []),
      block.accessory,
      block.element,
    ];
    for (const element of inner) if (isRecord(element)) yield { blockId, element };
  }
}

export class SlackClientSim {
  private readonly appUrl: string;
  private readonly signingSecret: string;
  private readonly fake: FakeSlack;
  private readonly workAfterAnswers: ((triggerId: string) => Promise<unknown>) | undefined;
  private eventCounter = 0;

  constructor(options: SlackClientSimOptions) {
    this.appUrl = options.appUrl;
    this.workAfterAnswers = options.workAfterAnswers;
    this.signingSecret = options.signingSecret;
    this.fake = options.fake;
  }

  // -------------------------------------------------------------- transport

  /** Posts a raw body, signed unless the headers already carry a signature. */
  async post(
    rawBody: string,
    contentType: string,
    headers: Record<string, string> = {},
    signing: SigningOptions = {},
  ): Promise<AppResponse> {
    const timestamp = signing.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = signing.signature ?? slackSignature(this.signingSecret, timestamp, rawBody);
    const response = await fetch(this.appUrl, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signature,
        ...headers,
      },
      body: rawBody,
    });
    const body = await response.text();
    return { status: response.status, body, ...this.parseJson(body) };
  }

  private parseJson(body: string): { json?: unknown } {
    if (body.trim() === "") return {};
    try {
      return { json: JSON.parse(body) as unknown };
    } catch {
      return {};
    }
  }

  private postForm(fields: Record<string, string>, signing: SigningOptions): Promise<AppResponse> {
    return this.post(
      new URLSearchParams(fields).toString(),
      "application/x-www-form-urlencoded",
      {},
      signing,
    );
  }

  /** Interactions arrive as one form field, `payload`, holding JSON. */
  private postPayload(payload: Json, signing: SigningOptions): Promise<AppResponse> {
    return this.postForm({ payload: JSON.stringify(payload) }, signing);
  }

  // -------------------------------------------------------------- shared payload parts

  private userRef(userId: string): Json {
    const user = this.fake.user(userId);
    const name = user?.name ?? userId.toLowerCase();
    return { id: userId, username: name, name, team_id: this.fake.teamId };
  }

  private teamRef(): Json {
    return { id: this.fake.teamId, domain: this.fake.teamDomain };
  }

  private channelName(channelId: string): string {
    if (channelId.startsWith("D")) return "directmessage";
    if (channelId.startsWith("G") && !this.fake.channel(channelId)) return "privategroup";
    return this.fake.channel(channelId)?.name ?? "unknown";
  }

  // -------------------------------------------------------------- commands

  /**
   * The form Slack posts for a slash command, with a new trigger_id and
   * response_url, for a test that sends it itself (the same request twice,
   * or without waiting for its work after the ack).
   */
  commandForm(
    userId: string,
    command: string,
    text: string,
    channelId = "C_GENERAL",
  ): { form: string; triggerId: string } {
    const triggerId = this.fake.issueTrigger(userId);
    const form = new URLSearchParams({
      token: "verification-token-unused",
      team_id: this.fake.teamId,
      team_domain: this.fake.teamDomain,
      channel_id: channelId,
      channel_name: this.channelName(channelId),
      user_id: userId,
      user_name: this.fake.user(userId)?.name ?? userId.toLowerCase(),
      command,
      text,
      api_app_id: this.fake.appId,
      ...(this.fake.enterpriseId ? { enterprise_id: this.fake.enterpriseId } : {}),
      is_enterprise_install: String(this.fake.orgWideInstall),
      response_url: this.fake.issueResponseUrl({ userId, channelId }),
      trigger_id: triggerId,
    }).toString();
    return { form, triggerId };
  }

  async command(
    userId: string,
    command: string,
    text: string,
    opts: CommandOptions = {},
  ): Promise<AppResponse> {
    const channelId = opts.channelId ?? "C_GENERAL";
    const { form, triggerId } = this.commandForm(userId, command, text, channelId);
    const response = await this.post(form, "application/x-www-form-urlencoded", {}, opts);
    // Slack shows a reply given in the acknowledgement itself, as it would one
    // sent to response_url.
    if (response.status === 200 && opts.showReply !== false)
      this.fake.showCommandResponse(userId, channelId, response.json);
    await this.workAfterAnswers?.(triggerId);
    return response;
  }

  // -------------------------------------------------------------- buttons

  /**
   * Clicks the button with `actionId` on a message or view as the user would.
   * For a view the fake's current version is used (the person sees that one).
   */
  clickButton(
    userId: string,
    target: ClickTarget,
    actionId: string,
    opts: ClickOptions = {},
  ): Promise<AppResponse> {
    const current = isView(target) ? (this.fake.view(target.id) ?? target) : target;
    const all = Array.isArray(current.blocks) ? current.blocks : [];
    // The same button in several blocks (one per item of a list): `blockId` picks one.
    const blocks =
      opts.blockId === undefined
        ? all
        : all.filter((block) => isRecord(block) && block.block_id === opts.blockId);
    const { blockId, element } = this.findButton(blocks, actionId);
    const action: Json = {
      type: "button",
      action_id: actionId,
      block_id: blockId,
      text: element.text,
      ...(typeof element.value === "string" ? { value: element.value } : {}),
      ...(typeof element.style === "string" ? { style: element.style } : {}),
      action_ts: (Date.now() / 1000).toFixed(6),
    };
    const payload: Json = {
      type: "block_actions",
      user: this.userRef(userId),
      api_app_id: this.fake.appId,
      token: "verification-token-unused",
      team: this.teamRef(),
      enterprise: this.fake.enterpriseId ? { id: this.fake.enterpriseId } : null,
      is_enterprise_install: this.fake.orgWideInstall,
      trigger_id: this.fake.issueTrigger(userId),
      actions: [action],
      ...(isView(current) ? this.viewContext(current) : this.messageContext(userId, current)),
    };
    return this.postPayload(payload, opts);
  }

  private findButton(blocks: unknown[], actionId: string): { blockId: string; element: Json } {
    const found: string[] = [];
    for (const candidate of elements(blocks)) {
      if (candidate.element.type !== "button") continue;
      if (candidate.element.action_id === actionId) return candidate;
      found.push(String(candidate.element.action_id));
    }
    throw new Error(
      `no button with action_id "${actionId}" in the given blocks (buttons there: ${found.join(", ") || "none"})`,
    );
  }

  private viewContext(view: FakeView): Json {
    return {
      container: { type: "view", view_id: view.id },
      view: this.viewPayload(view, {}),
      state: { values: {} },
    };
  }

  /** Slack leaves `message` out of clicks on ephemeral messages: the app only gets the container. */
  private messageContext(userId: string, message: Exclude<ClickTarget, FakeView>): Json {
    const ephemeral = "is_ephemeral" in message && message.is_ephemeral === true;
    return {
      container: {
        type: "message",
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: ephemeral,
      },
      channel: { id: message.channel, name: this.channelName(message.channel) },
      ...(ephemeral
        ? {}
        : {
            message: {
              type: "message",
              user: this.fake.botUserId,
              bot_id: this.fake.botId,
              app_id: this.fake.appId,
              team: this.fake.teamId,
              ts: message.ts,
              text: "text" in message ? (message.text ?? "") : "",
              blocks: message.blocks ?? [],
            },
          }),
      state: { values: {} },
      response_url: this.fake.issueResponseUrl({
        userId,
        channelId: message.channel,
        message: { channel: message.channel, ts: message.ts },
      }),
    };
  }

  // -------------------------------------------------------------- view submissions

  /**
   * Submits a modal with plain values keyed by action_id: a string for text,
   * number, url, email, date ("YYYY-MM-DD"), time ("HH:mm") and single
   * selects (the option value, or the user/conversation/channel id); a
   * string[] for multi selects and checkboxes; epoch seconds for a
   * datetimepicker. The fake then applies the app's answer to its view stack.
   */
  async submitView(
    userId: string,
    view: FakeView,
    values: Record<string, unknown>,
    opts: SigningOptions = {},
  ): Promise<AppResponse> {
    const current = this.fake.view(view.id) ?? view;
    const state = buildStateValues(current.blocks, values, (fileId) => {
      const file = this.fake.file(fileId);
      if (!file)
        throw new Error(`no file ${fileId} in the fake Slack: upload it with fake.addFile`);
      return this.fake.fileObject(file);
    });
    const triggerId = this.fake.issueTrigger(userId);
    const payload: Json = {
      type: "view_submission",
      team: this.teamRef(),
      user: this.userRef(userId),
      api_app_id: this.fake.appId,
      token: "verification-token-unused",
      trigger_id: triggerId,
      view: this.viewPayload(current, state),
      response_urls: [],
      enterprise: this.fake.enterpriseId ? { id: this.fake.enterpriseId } : null,
      is_enterprise_install: this.fake.orgWideInstall,
    };
    const answered = this.fake.submissionSent(current.id);
    let viewError: string | null;
    let response: Awaited<ReturnType<typeof this.postPayload>>;
    try {
      response = await this.postPayload(payload, opts);
      viewError = this.fake.applyViewSubmissionResponse(current.id, response.status, response.json);
    } finally {
      answered();
    }
    await this.workAfterAnswers?.(triggerId);
    return { ...response, viewError };
  }

  private viewPayload(view: FakeView, values: Json): Json {
    return { ...view, state: { values } };
  }

  // -------------------------------------------------------------- events

  /** An Events API `event_callback`; retries carry Slack's retry headers. */
  event(
    event: Record<string, unknown>,
    opts: SigningOptions & { eventId?: string; retryNum?: number; retryReason?: string } = {},
  ): Promise<AppResponse> {
    this.eventCounter += 1;
    const seconds = Math.floor(Date.now() / 1000);
    const envelope = {
      token: "verification-token-unused",
      team_id: this.fake.teamId,
      ...(this.fake.enterpriseId ? { enterprise_id: this.fake.enterpriseId } : {}),
      is_enterprise_install: this.fake.orgWideInstall,
      api_app_id: this.fake.appId,
      event: { event_ts: `${seconds}.000${String(this.eventCounter).padStart(3, "0")}`, ...event },
      type: "event_callback",
      event_id:
        opts.eventId ??
        `Ev${String(seconds).slice(-6)}${String(this.eventCounter).padStart(4, "0")}`,
      event_time: seconds,
      authorizations: [
        {
          enterprise_id: this.fake.enterpriseId,
          team_id: this.fake.teamId,
          user_id: this.fake.botUserId,
          is_bot: true,
          is_enterprise_install: this.fake.orgWideInstall,
        },
      ],
      is_ext_shared_channel: false,
    };
    const headers: Record<string, string> = {};
    if (opts.retryNum !== undefined) headers["x-slack-retry-num"] = String(opts.retryNum);
    if (opts.retryReason !== undefined) headers["x-slack-retry-reason"] = opts.retryReason;
    return this.post(JSON.stringify(envelope), "application/json", headers, opts);
  }
}

// ---------------------------------------------------------------- view state

/** Input elements and the key Slack puts their value under in `state.values`. */
function selectedOption(element: Json, value: string): Json {
  const options = allOptions(element);
  const option = options.find((o) => o.value === value);
  if (!option) {
    const known = options.map((o) => String(o.value)).join(", ");
    throw new Error(
      `"${value}" is not an option of ${String(element.action_id)} (options: ${known})`,
    );
  }
  return option;
}

function allOptions(element: Json): Json[] {
  const flat = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g: unknown) =>
        isRecord(g) && Array.isArray(g.options) ? g.options : [],
      )
    : [];
  return [...flat, ...grouped].filter(isRecord);
}

function asString(actionId: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  throw new Error(`${actionId} takes a string, got ${JSON.stringify(value)}`);
}

function asStrings(actionId: string, value: unknown): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  throw new Error(`${actionId} takes a string[], got ${JSON.stringify(value)}`);
}

/** Looks up an uploaded file as Slack describes it in a submission. */
export type FileLookup = (fileId: string) => Json;

const noFiles: FileLookup = (fileId) => {
  throw new Error(`file_input ${fileId}: no file lookup given`);
};

/** The state entry of one element; `value === undefined` gives Slack's empty state. */
/** The value an element shows before anyone touches it (`initial_…`), in the form tests give values. */
function initialValue(element: Json): unknown {
  const option = (value: unknown) => (isRecord(value) ? value.value : undefined);
  if (element.initial_value !== undefined) return element.initial_value;
  if (element.initial_option !== undefined) return option(element.initial_option);
  if (Array.isArray(element.initial_options)) return element.initial_options.map(option);
  for (const key of [
    "initial_time",
    "initial_date",
    "initial_date_time",
    "initial_user",
    "initial_users",
    "initial_conversation",
    "initial_conversations",
    "initial_channel",
    "initial_channels",
  ]) {
    if (element[key] !== undefined) return element[key];
  }
  return undefined;
}

function elementState(element: Json, value: unknown, files: FileLookup = noFiles): Json {
  const type = String(element.type);
  const id = String(element.action_id);
  const empty = value === undefined || value === null || value === "";
  switch (type) {
    case "plain_text_input":
    case "url_text_input":
    case "email_text_input":
    case "number_input":
      return { type, value: empty ? null : asString(id, value) };
    case "static_select":
    case "radio_buttons":
      return { type, selected_option: empty ? null : selectedOption(element, asString(id, value)) };
    case "multi_static_select":
    case "checkboxes":
      return {
        type,
        selected_options: empty ? [] : asStrings(id, value).map((v) => selectedOption(element, v)),
      };
    case "users_select":
      return { type, selected_user: empty ? null : asString(id, value) };
    case "multi_users_select":
      return { type, selected_users: empty ? [] : asStrings(id, value) };
    case "conversations_select":
      return { type, selected_conversation: empty ? null : asString(id, value) };
    case "multi_conversations_select":
      return { type, selected_conversations: empty ? [] : asStrings(id, value) };
    case "channels_select":
      return { type, selected_channel: empty ? null : asString(id, value) };
    case "multi_channels_select":
      return { type, selected_channels: empty ? [] : asStrings(id, value) };
    case "datepicker":
      return { type, selected_date: empty ? null : asString(id, value) };
    case "timepicker":
      return {
        type,
        selected_time: empty ? null : asString(id, value),
        ...(typeof element.timezone === "string" ? { timezone: element.timezone } : {}),
      };
    case "file_input": {
      // Values are the ids of files uploaded with fake.addFile; Slack sends the files themselves.
      const ids = empty ? [] : asStrings(id, value);
      if (typeof element.max_files === "number" && ids.length > element.max_files) {
        throw new Error(
          `"${id}" takes at most ${element.max_files} files: Slack would not let the user attach more`,
        );
      }
      return { type, files: ids.map((fileId) => files(fileId)) };
    }
    case "datetimepicker":
      if (!empty && typeof value !== "number") {
        throw new Error(`${id} takes epoch seconds, got ${JSON.stringify(value)}`);
      }
      return { type, selected_date_time: empty ? null : value };
    default:
      throw new Error(`cannot fill a ${type} element (${id})`);
  }
}

function isEmptyState(state: Json): boolean {
  return Object.entries(state).every(
    ([key, v]) =>
      key === "type" || key === "timezone" || v === null || (Array.isArray(v) && v.length === 0),
  );
}

/** What the Slack client itself enforces before it lets a person press Submit. */
function clientSideCheck(block: Json, element: Json, state: Json): void {
  const id = String(element.action_id);
  if (isEmptyState(state)) {
    if (block.optional !== true) {
      throw new Error(`required input "${id}" is empty: Slack would not let the user submit`);
    }
    return;
  }
  if (typeof state.value !== "string") return;
  const text = state.value;
  if (typeof element.max_length === "number" && text.length > element.max_length) {
    throw new Error(`"${id}" is longer than its max_length ${element.max_length}`);
  }
  if (typeof element.min_length === "number" && text.length < element.min_length) {
    throw new Error(`"${id}" is shorter than its min_length ${element.min_length}`);
  }
  if (element.type === "number_input") checkNumber(id, element, text);
  if (element.type === "email_text_input" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) {
    throw new Error(`"${id}" is not an email address: Slack would not let the user submit`);
  }
  if (element.type === "url_text_input" && !/^https?:\/\/\S+$/.test(text)) {
    throw new Error(`"${id}" is not a URL: Slack would not let the user submit`);
  }
}

function checkNumber(id: string, element: Json, text: string): void {
  const number = Number(text);
  const pattern = element.is_decimal_allowed === true ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/;
  if (!pattern.test(text)) throw new Error(`"${id}" is not an accepted number: "${text}"`);
  if (typeof element.min_value === "string" && number < Number(element.min_value)) {
    throw new Error(`"${id}" is below its min_value ${element.min_value}`);
  }
  if (typeof element.max_value === "string" && number > Number(element.max_value)) {
    throw new Error(`"${id}" is above its max_value ${element.max_value}`);
  }
}

/**
 * `view.state.values` as Slack builds it: every input block, keyed by
 * block_id then action_id; interactive elements in other blocks only when
 * the caller gave them a value.
 */
export function buildStateValues(
  blocks: unknown[],
  values: Record<string, unknown>,
  files: FileLookup = noFiles,
): Json {
  const state: Record<string, Json> = {};
  const used = new Set<string>();
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    for (const { blockId, element } of elements([block])) {
      const actionId = String(element.action_id);
      const given = Object.hasOwn(values, actionId);
      if (block.type !== "input" && !given) continue;
      if (element.type === "button" || element.type === "overflow" || element.type === "image")
        continue;
      // What the person did not touch is submitted as the modal showed it, as Slack does.
      const entry = elementState(element, given ? values[actionId] : initialValue(element), files);
      if (block.type === "input") clientSideCheck(block, element, entry);
      state[blockId] = { ...(state[blockId] ?? {}), [actionId]: entry };
      if (given) used.add(actionId);
    }
  }
  const unknown = Object.keys(values).filter((key) => !used.has(key));
  if (unknown.length > 0) {
    throw new Error(`no input with action_id ${unknown.join(", ")} in this view`);
  }
  return state;
}
