/* global document, window, fetch, localStorage, setTimeout, setInterval, clearTimeout, FileReader */
// The sandbox page: a small Slack-like client for Greenlight. Vanilla JS, no
// build step. Every piece of text from the app or a person is put in the page
// with textContent / createTextNode, never as HTML.

const POLL_MS = 1000;
const $ = (id) => document.getElementById(id);

const ui = {
  state: null,
  as: localStorage.getItem("greenlight-sandbox-as") || "U_ALICE",
  current: null,
  keys: {},
  seen: JSON.parse(localStorage.getItem("greenlight-sandbox-seen") || "{}"),
  modal: { key: "", errors: {}, notice: "", busy: false },
  fetching: false,
  // A refresh asked for while one is in flight runs when that one ends.
  refreshAgain: false,
};

// ---------------------------------------------------------------- DOM helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function changed(name, value) {
  const key = JSON.stringify(value);
  if (ui.keys[name] === key) return false;
  ui.keys[name] = key;
  return true;
}

let toastTimer = null;
function toast(message, kind = "info") {
  const node = $("toast");
  node.textContent = message;
  node.className = `toast ${kind}`;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (node.hidden = true), kind === "error" ? 8000 : 4000);
}

async function post(path, body) {
  const response = await fetch(`/sandbox/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ as: ui.as, ...body }),
  });
  let json = {};
  try {
    json = await response.json();
  } catch {
    json = { ok: false, error: `HTTP ${response.status}` };
  }
  if (!response.ok && json.ok !== false) json = { ok: false, error: `HTTP ${response.status}` };
  return json;
}

// ---------------------------------------------------------------- people, channels, time

function user(id) {
  return ui.state?.users.find((u) => u.id === id);
}
function channel(id) {
  return ui.state?.channels.find((c) => c.id === id);
}
function me() {
  return user(ui.as);
}
function myTz() {
  return me()?.tz || "UTC";
}

function zonedParts(epochMs, tz) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(epochMs));
  const get = (type) => parts.find((p) => p.type === type)?.value ?? "00";
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

function offsetMs(epochMs, tz) {
  const p = zonedParts(epochMs, tz);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** A wall-clock date and time in `tz` → epoch seconds. */
function wallToEpoch(date, time, tz) {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let epoch = guess - offsetMs(guess, tz);
  epoch = guess - offsetMs(epoch, tz);
  return Math.floor(epoch / 1000);
}

function epochToWall(seconds, tz) {
  const p = zonedParts(seconds * 1000, tz);
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

function timeOfTs(ts) {
  const p = zonedParts(Number(ts) * 1000, myTz());
  return `${p.hour}:${p.minute}`;
}

// ---------------------------------------------------------------- mrkdwn

const EMOJI = {
  white_check_mark: "✅",
  heavy_check_mark: "✔️",
  hourglass: "⌛",
  hourglass_flowing_sand: "⏳",
  no_entry: "⛔",
  no_entry_sign: "🚫",
  leftwards_arrow_with_hook: "↩️",
  arrow_right: "➡️",
  x: "❌",
  warning: "⚠️",
  calendar: "📆",
  date: "📅",
  spiral_calendar_pad: "🗓️",
  bar_chart: "📊",
  chart_with_upwards_trend: "📈",
  chart_with_downwards_trend: "📉",
  tada: "🎉",
  wave: "👋",
  bell: "🔔",
  memo: "📝",
  pencil: "📝",
  pencil2: "✏️",
  speech_balloon: "💬",
  busts_in_silhouette: "👥",
  bust_in_silhouette: "👤",
  rotating_light: "🚨",
  information_source: "ℹ️",
  mag: "🔍",
  clock9: "🕘",
  alarm_clock: "⏰",
  stopwatch: "⏱️",
  star: "⭐",
  rocket: "🚀",
  heart: "❤️",
  thumbsup: "👍",
  "+1": "👍",
  lock: "🔒",
  inbox_tray: "📥",
  outbox_tray: "📤",
  headphones: "🎧",
  sos: "🆘",
  green_circle: "🟢",
  red_circle: "🔴",
  large_green_circle: "🟢",
  arrow_up: "⬆️",
  arrow_down: "⬇️",
  small_red_triangle: "🔺",
  small_red_triangle_down: "🔻",
  heavy_minus_sign: "➖",
};

function unescapeSlack(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function emojify(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

function safeHref(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : null;
}

/** `<…>` control sequences: mentions, channels, special mentions, links. */
function renderAngle(inner) {
  const [target, label] = splitOnce(inner, "|");
  if (target.startsWith("@")) {
    const u = user(target.slice(1));
    return el("span", { class: "mention", text: `@${u ? u.realName : label || target.slice(1)}` });
  }
  if (target.startsWith("#")) {
    const c = channel(target.slice(1));
    return el("span", { class: "mention", text: `#${c ? c.name : label || target.slice(1)}` });
  }
  if (target.startsWith("!")) {
    const [kind] = target.slice(1).split("^");
    if (["channel", "here", "everyone"].includes(kind))
      return el("span", { class: "mention", text: `@${kind}` });
    if (kind === "date" && label) return document.createTextNode(unescapeSlack(label));
    return document.createTextNode(unescapeSlack(label || target));
  }
  const href = safeHref(unescapeSlack(target));
  const text = unescapeSlack(label || target);
  return href
    ? el("a", { href, target: "_blank", rel: "noopener noreferrer", text })
    : document.createTextNode(text);
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

const INLINE = [
  { open: "`", re: /`([^`\n]+)`/y, make: (m) => el("code", { text: unescapeSlack(m[1]) }) },
  { open: "<", re: /<([^<>\n]+)>/y, make: (m) => renderAngle(m[1]) },
  { open: "*", re: /\*([^*\n]+)\*/y, wrap: "strong", edge: true },
  { open: "_", re: /_([^_\n]+)_/y, wrap: "em", edge: true },
  { open: "~", re: /~([^~\n]+)~/y, wrap: "s", edge: true },
];

/** One line (or span) of mrkdwn → nodes. */
function inline(text) {
  const out = [];
  let plain = "";
  const flush = () => {
    if (plain) out.push(document.createTextNode(emojify(unescapeSlack(plain))));
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    let matched = false;
    for (const rule of INLINE) {
      if (text[i] !== rule.open) continue;
      if (rule.edge && i > 0 && /[\w*_~]/.test(text[i - 1])) continue;
      rule.re.lastIndex = i;
      const m = rule.re.exec(text);
      if (!m) continue;
      const end = i + m[0].length;
      if (rule.edge && end < text.length && /\w/.test(text[end])) continue;
      flush();
      out.push(rule.make ? rule.make(m) : el(rule.wrap, {}, ...inline(m[1])));
      i = end;
      matched = true;
      break;
    }
    if (!matched) {
      plain += text[i];
      i += 1;
    }
  }
  flush();
  return out;
}

/** Slack mrkdwn → a DOM fragment: code blocks, quotes, lines, inline styles. */
function mrkdwn(text) {
  const root = el("div", { class: "mrkdwn" });
  const parts = String(text).split("```");
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      root.append(el("pre", { text: unescapeSlack(part.replace(/^\n/, "")) }));
      return;
    }
    const lines = part.split("\n");
    let quote = null;
    lines.forEach((line, n) => {
      const quoted = /^(&gt;|>) ?/.exec(line);
      if (quoted) {
        if (!quote) {
          quote = el("blockquote");
          root.append(quote);
        } else quote.append(el("br"));
        quote.append(...inline(line.slice(quoted[0].length)));
        return;
      }
      quote = null;
      root.append(...inline(line));
      if (n < lines.length - 1 && !/^(&gt;|>) ?/.test(lines[n + 1] ?? "")) root.append(el("br"));
      else if (n < lines.length - 1) root.append(el("span", { class: "quote-gap" }));
    });
  });
  return root;
}

function textObject(obj, extraClass = "") {
  if (!obj) return null;
  if (obj.type === "mrkdwn") {
    const node = mrkdwn(obj.text ?? "");
    if (extraClass) node.classList.add(extraClass);
    return node;
  }
  return el("span", { class: `plain ${extraClass}`.trim(), text: emojify(obj.text ?? "") });
}

function plain(obj) {
  return obj ? emojify(String(obj.text ?? "")) : "";
}

// ---------------------------------------------------------------- Block Kit

/**
 * ctx: { kind: "message" | "view", channel, ts, ephemeral, viewId, tz }
 */
function renderBlocks(blocks, ctx) {
  const wrap = el("div", { class: "blocks" });
  for (const block of blocks ?? []) wrap.append(renderBlock(block, ctx));
  return wrap;
}

function renderBlock(block, ctx) {
  switch (block.type) {
    case "section":
      return renderSection(block, ctx);
    case "header":
      return el("div", { class: "bk-header", text: plain(block.text) });
    case "context":
      return el(
        "div",
        { class: "bk-context" },
        (block.elements ?? []).map((e) =>
          e.type === "image" ? imageNode(e, "bk-context-image") : textObject(e),
        ),
      );
    case "divider":
      return el("hr", { class: "bk-divider" });
    case "actions":
      return el(
        "div",
        { class: "bk-actions" },
        (block.elements ?? []).map((e) => renderElement(e, block, ctx)),
      );
    case "image":
      return el(
        "figure",
        { class: "bk-image" },
        block.title ? el("figcaption", { text: plain(block.title) }) : null,
        imageNode(block),
      );
    case "input":
      return ctx.kind === "view" ? renderInput(block, ctx) : unsupported(block.type);
    case "rich_text":
      return el("div", { class: "bk-rich" }, richText(block.elements ?? []));
    case "table":
      return renderTable(block);
    default:
      return unsupported(block.type);
  }
}

/** Slack's table block: raw_text cells as text, rich_text cells through richText. */
function renderTable(block) {
  const settings = block.column_settings ?? [];
  const rows = (block.rows ?? []).map((row, r) =>
    el(
      "tr",
      {},
      row.map((cell, c) => {
        const align = settings[c]?.align ?? "left";
        const content =
          cell.type === "raw_text"
            ? document.createTextNode(cell.text ?? "")
            : richText(cell.elements ?? []);
        return el(r === 0 ? "th" : "td", { style: `text-align:${align}` }, content);
      }),
    ),
  );
  return el("div", { class: "bk-table-wrap" }, el("table", { class: "bk-table" }, rows));
}

function unsupported(type) {
  return el("div", { class: "bk-unsupported", text: `[${type} block: not shown in the sandbox]` });
}

function imageNode(e, cls = "") {
  // A file the app uploaded (slack_file) is served by the fake Slack under /sandbox/files/.
  const fileId = typeof e.slack_file?.id === "string" ? e.slack_file.id : null;
  const src = fileId
    ? `/sandbox/files/${encodeURIComponent(fileId)}`
    : safeHref(e.image_url ?? "") && !/^mailto:/i.test(e.image_url)
      ? e.image_url
      : null;
  return src
    ? el("img", { class: cls, src, alt: e.alt_text ?? "", title: e.alt_text ?? "" })
    : el("span", { class: "bk-unsupported", text: `[image: ${e.alt_text ?? ""}]` });
}

function richText(elements) {
  const out = [];
  for (const part of elements) {
    if (Array.isArray(part.elements)) {
      const tag =
        part.type === "rich_text_quote"
          ? "blockquote"
          : part.type === "rich_text_preformatted"
            ? "pre"
            : "div";
      out.push(el(tag, {}, richText(part.elements)));
    } else if (part.type === "text") {
      const style = part.style ?? {};
      let node = document.createTextNode(part.text ?? "");
      if (style.code) node = el("code", {}, node);
      if (style.bold) node = el("strong", {}, node);
      if (style.italic) node = el("em", {}, node);
      if (style.strike) node = el("s", {}, node);
      out.push(node);
    } else if (part.type === "link") {
      const href = safeHref(part.url ?? "");
      out.push(
        href
          ? el("a", {
              href,
              target: "_blank",
              rel: "noopener noreferrer",
              text: part.text || part.url,
            })
          : document.createTextNode(part.text || ""),
      );
    } else if (part.type === "user") out.push(renderAngle(`@${part.user_id}`));
    else if (part.type === "channel") out.push(renderAngle(`#${part.channel_id}`));
    else if (part.type === "emoji")
      out.push(document.createTextNode(EMOJI[part.name] ?? `:${part.name}:`));
  }
  return out;
}

function renderSection(block, ctx) {
  const body = el("div", { class: "bk-section-body" });
  if (block.text) body.append(textObject(block.text));
  if (Array.isArray(block.fields) && block.fields.length > 0) {
    body.append(
      el(
        "div",
        { class: "bk-fields" },
        block.fields.map((f) => el("div", { class: "bk-field" }, textObject(f))),
      ),
    );
  }
  const accessory = block.accessory
    ? el(
        "div",
        { class: "bk-accessory" },
        block.accessory.type === "image"
          ? imageNode(block.accessory, "bk-accessory-image")
          : renderElement(block.accessory, block, ctx),
      )
    : null;
  return el("div", { class: "bk-section" }, body, accessory);
}

/** An interactive element in a message or a view (not inside an input block). */
function renderElement(e, block, ctx) {
  if (e.type === "button") {
    const classes = [
      "bk-button",
      e.style === "primary" ? "primary" : "",
      e.style === "danger" ? "danger" : "",
    ];
    return el("button", {
      type: "button",
      class: classes.join(" ").trim(),
      "data-action-id": e.action_id,
      text: plain(e.text),
      onclick: (event) => clickButton(event.currentTarget, e, ctx, block?.block_id),
    });
  }
  if (e.type === "image") return imageNode(e);
  const label = e.placeholder ? plain(e.placeholder) : e.type;
  return el("span", {
    class: "bk-disabled",
    title: "This element is not interactive in the sandbox",
    text: `${label} (${e.type})`,
  });
}

async function clickButton(node, e, ctx, blockId) {
  if (e.confirm) {
    const question = [plain(e.confirm.title), plain(e.confirm.text)].filter(Boolean).join("\n\n");
    if (!window.confirm(question)) return;
  }
  if (e.url && safeHref(e.url)) window.open(e.url, "_blank", "noopener");
  node.disabled = true;
  const result = await post("click", {
    actionId: e.action_id,
    // The same button may be in several blocks (one per suggestion on Home).
    ...(typeof blockId === "string" ? { blockId } : {}),
    ...(ctx.viewId
      ? { viewId: ctx.viewId }
      : { channel: ctx.channel, ts: ctx.ts, ephemeral: ctx.ephemeral }),
  });
  node.disabled = false;
  if (!result.ok)
    toast(result.error ? result.error : `The app answered HTTP ${result.status}`, "error");
  refreshSoon();
}

// ---------------------------------------------------------------- inputs (modals)

function optionNodes(e) {
  const option = (o) => el("option", { value: o.value, text: plain(o.text) });
  if (Array.isArray(e.option_groups)) {
    return e.option_groups.map((g) =>
      el("optgroup", { label: plain(g.label) }, (g.options ?? []).map(option)),
    );
  }
  return (e.options ?? []).map(option);
}

function selectNode(e, multiple, choices, chosen) {
  const select = el("select", { multiple, "data-role": "value" });
  if (!multiple)
    select.append(
      el("option", { value: "", text: e.placeholder ? plain(e.placeholder) : "Select…" }),
    );
  if (choices)
    for (const c of choices) select.append(el("option", { value: c.value, text: c.label }));
  else select.append(...optionNodes(e));
  for (const option of select.options)
    if (chosen.includes(option.value) && option.value !== "") option.selected = true;
  if (multiple) select.size = Math.min(Math.max(select.options.length, 3), 8);
  return select;
}

function peopleChoices() {
  return ui.state.users
    .filter((u) => !u.deleted && !u.isBot)
    .map((u) => ({ value: u.id, label: `${u.realName} (@${u.name})` }));
}
function channelChoices() {
  return ui.state.channels.map((c) => ({
    value: c.id,
    label: `${c.isPrivate ? "🔒" : "#"}${c.name}`,
  }));
}

function inputControl(e, tz) {
  const placeholder = e.placeholder ? plain(e.placeholder) : undefined;
  switch (e.type) {
    case "plain_text_input": {
      const attrs = {
        "data-role": "value",
        placeholder,
        maxlength: e.max_length,
        minlength: e.min_length,
      };
      const node = e.multiline
        ? el("textarea", { ...attrs, rows: 4 })
        : el("input", { ...attrs, type: "text" });
      node.value = e.initial_value ?? "";
      return node;
    }
    case "url_text_input":
    case "email_text_input": {
      const node = el("input", {
        type: e.type === "url_text_input" ? "url" : "email",
        "data-role": "value",
        placeholder,
      });
      node.value = e.initial_value ?? "";
      return node;
    }
    case "number_input": {
      const node = el("input", {
        type: "number",
        "data-role": "value",
        placeholder,
        step: e.is_decimal_allowed ? "any" : "1",
        min: e.min_value,
        max: e.max_value,
      });
      node.value = e.initial_value ?? "";
      return node;
    }
    case "static_select":
      return selectNode(e, false, null, e.initial_option ? [e.initial_option.value] : []);
    case "multi_static_select":
      return selectNode(
        e,
        true,
        null,
        (e.initial_options ?? []).map((o) => o.value),
      );
    case "users_select":
      return selectNode(e, false, peopleChoices(), [e.initial_user ?? ""]);
    case "multi_users_select":
      return selectNode(e, true, peopleChoices(), e.initial_users ?? []);
    case "conversations_select":
    case "channels_select":
      return selectNode(e, false, channelChoices(), [
        e.initial_conversation ?? e.initial_channel ?? "",
      ]);
    case "multi_conversations_select":
    case "multi_channels_select":
      return selectNode(
        e,
        true,
        channelChoices(),
        e.initial_conversations ?? e.initial_channels ?? [],
      );
    case "datepicker": {
      const node = el("input", { type: "date", "data-role": "value" });
      node.value = e.initial_date ?? "";
      return node;
    }
    case "timepicker": {
      const node = el("input", { type: "time", "data-role": "value" });
      node.value = e.initial_time ?? "";
      return el(
        "span",
        { class: "with-tz" },
        node,
        el("span", { class: "tz", text: e.timezone ?? tz }),
      );
    }
    case "datetimepicker": {
      const wall =
        typeof e.initial_date_time === "number"
          ? epochToWall(e.initial_date_time, tz)
          : { date: "", time: "" };
      const date = el("input", { type: "date", "data-role": "date", "aria-label": "Date" });
      const time = el("input", { type: "time", "data-role": "time", "aria-label": "Time" });
      date.value = wall.date;
      time.value = wall.time;
      return el("span", { class: "with-tz" }, date, time, el("span", { class: "tz", text: tz }));
    }
    case "checkboxes":
    case "radio_buttons": {
      const name = `opt-${e.action_id}-${Math.random().toString(36).slice(2)}`;
      const initial =
        e.type === "checkboxes"
          ? (e.initial_options ?? []).map((o) => o.value)
          : [e.initial_option?.value];
      return el(
        "div",
        { class: "choices" },
        (e.options ?? []).map((o) =>
          el(
            "label",
            { class: "choice" },
            el("input", {
              type: e.type === "checkboxes" ? "checkbox" : "radio",
              name,
              value: o.value,
              "data-role": "choice",
              checked: initial.includes(o.value),
            }),
            textObject(o.text),
            o.description
              ? el("span", { class: "choice-description", text: plain(o.description) })
              : null,
          ),
        ),
      );
    }
    case "file_input":
      return fileControl(e);
    default:
      return el("span", {
        class: "bk-disabled",
        text: `${e.type} is not available in the sandbox`,
      });
  }
}

/** Reads a picture from the person's computer as base64 (no data: prefix). */
function readAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * A file_input: pictures chosen on this computer are uploaded to the fake
 * Slack's file store at once (as Slack's client does), and the submission
 * carries their file ids.
 */
function fileControl(e) {
  const max = typeof e.max_files === "number" ? e.max_files : 10;
  const ids = [];
  const list = el("ul", { class: "bk-files" });
  const picker = el("input", {
    type: "file",
    accept: "image/png,image/jpeg,image/gif",
    multiple: max > 1,
    "aria-label": "Attach pictures",
  });
  const holder = el("span", { class: "bk-file-input", "data-role": "files" }, picker, list);
  holder.fileIds = ids;
  picker.addEventListener("change", async () => {
    for (const file of [...picker.files]) {
      if (ids.length >= max) {
        toast(`At most ${max} files here.`, "error");
        break;
      }
      let answer;
      try {
        answer = await post("attach", { name: file.name, data: await readAsBase64(file) });
      } catch (error) {
        answer = { ok: false, error: String(error) };
      }
      if (!answer.ok) {
        toast(`${file.name}: ${answer.error}`, "error");
        continue;
      }
      ids.push(answer.file.id);
      const item = el(
        "li",
        {},
        el("span", { text: answer.file.name }),
        el("button", {
          type: "button",
          class: "bk-file-remove",
          text: "Remove",
          onclick: () => {
            ids.splice(ids.indexOf(answer.file.id), 1);
            item.remove();
          },
        }),
      );
      list.append(item);
    }
    picker.value = "";
  });
  return holder;
}

function renderInput(block, ctx) {
  const e = block.element ?? {};
  const id = `field-${block.block_id}`;
  const control = inputControl(e, ctx.tz);
  const labelledControl = control.matches?.("input, textarea, select")
    ? control
    : control.querySelector("input, textarea, select");
  if (labelledControl) labelledControl.id = id;
  return el(
    "div",
    {
      class: "bk-input",
      "data-block-id": block.block_id,
      "data-action-id": e.action_id,
      "data-type": e.type,
      "data-optional": block.optional ? "true" : "false",
    },
    el(
      "label",
      { class: "bk-label", for: id },
      plain(block.label),
      block.optional ? el("span", { class: "optional", text: " (optional)" }) : null,
    ),
    control,
    block.hint ? el("div", { class: "bk-hint", text: plain(block.hint) }) : null,
    el("div", { class: "field-error", "data-error-for": block.block_id, role: "alert" }),
  );
}

/** The values of a modal's inputs as SlackClientSim.submitView takes them, plus empty required fields. */
function collectValues(form) {
  const values = {};
  const missing = {};
  for (const field of form.querySelectorAll(".bk-input")) {
    const type = field.dataset.type;
    const actionId = field.dataset.actionId;
    let value;
    if (type === "datetimepicker") {
      const date = field.querySelector('[data-role="date"]').value;
      const time = field.querySelector('[data-role="time"]').value;
      if (date && time) value = wallToEpoch(date, time, myTz());
      else if (date || time)
        missing[field.dataset.blockId] = "Please choose both a date and a time.";
    } else if (type === "checkboxes" || type === "radio_buttons") {
      const checked = [...field.querySelectorAll('[data-role="choice"]:checked')].map(
        (n) => n.value,
      );
      if (checked.length > 0) value = type === "checkboxes" ? checked : checked[0];
    } else if (type === "file_input") {
      const ids = field.querySelector('[data-role="files"]')?.fileIds ?? [];
      if (ids.length > 0) value = [...ids];
    } else {
      const control = field.querySelector('[data-role="value"]');
      if (!control) continue;
      if (control.multiple) {
        const chosen = [...control.selectedOptions].map((o) => o.value);
        if (chosen.length > 0) value = chosen;
      } else if (control.value.trim() !== "") {
        value = control.value;
        if (!control.checkValidity()) missing[field.dataset.blockId] = control.validationMessage;
      }
    }
    if (value !== undefined) values[actionId] = value;
    else if (field.dataset.optional !== "true" && !missing[field.dataset.blockId])
      missing[field.dataset.blockId] = "Please complete this required field.";
  }
  return { values, missing };
}

// ---------------------------------------------------------------- modal

function renderModal() {
  const view = ui.state?.modal ?? null;
  const root = $("modal-root");
  const key = view ? `${view.id}:${view.hash}:${ui.as}` : "";
  if (key === ui.modal.key) return;
  ui.modal = { key, errors: {}, notice: "", busy: false };
  root.replaceChildren();
  if (!view) return;
  const form = el("form", {
    class: "modal",
    role: "dialog",
    "aria-modal": "true",
    "aria-label": plain(view.title),
    novalidate: true,
  });
  const body = renderBlocks(view.blocks, { kind: "view", viewId: view.id, tz: myTz() });
  const submit = view.submit
    ? el("button", { type: "submit", class: "bk-button primary", text: plain(view.submit) })
    : null;
  form.append(
    el(
      "div",
      { class: "modal-header" },
      el("span", { class: "modal-app", text: "Greenlight" }),
      el("h2", { text: plain(view.title) }),
      el("button", {
        type: "button",
        class: "modal-x",
        "aria-label": "Close",
        text: "×",
        onclick: () => closeModal(view),
      }),
    ),
    el("div", { class: "modal-notice", role: "alert", hidden: true }),
    el("div", { class: "modal-body" }, body),
    el(
      "div",
      { class: "modal-footer" },
      el("button", {
        type: "button",
        class: "bk-button",
        text: view.close ? plain(view.close) : "Close",
        onclick: () => closeModal(view),
      }),
      submit,
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitModal(form, view, submit);
  });
  root.append(el("div", { class: "modal-backdrop" }, form));
  form.querySelector("input, textarea, select")?.focus();
}

function showModalErrors(form, errors, notice) {
  for (const node of form.querySelectorAll(".field-error")) {
    node.textContent = errors[node.dataset.errorFor] ?? "";
    node
      .closest(".bk-input")
      ?.classList.toggle("has-error", Boolean(errors[node.dataset.errorFor]));
  }
  const box = form.querySelector(".modal-notice");
  box.textContent = notice ?? "";
  box.hidden = !notice;
}

async function submitModal(form, view, button) {
  if (ui.modal.busy) return;
  const { values, missing } = collectValues(form);
  if (Object.keys(missing).length > 0) {
    showModalErrors(form, missing, "");
    return;
  }
  ui.modal.busy = true;
  if (button) button.disabled = true;
  const result = await post("submit", { viewId: view.id, values });
  ui.modal.busy = false;
  if (button) button.disabled = false;
  if (result.errors) showModalErrors(form, result.errors, "");
  else if (result.viewError)
    showModalErrors(form, {}, `Slack would refuse the app's answer: ${result.viewError}`);
  else if (!result.ok && result.error) showModalErrors(form, {}, result.error);
  else if (!result.ok) showModalErrors(form, {}, "We had some trouble connecting. Try again?");
  else showModalErrors(form, {}, "");
  refreshSoon();
}

async function closeModal(view) {
  await post("close", { viewId: view.id });
  refreshSoon();
}

// ---------------------------------------------------------------- sidebar and messages

function renderPeople() {
  const people = ui.state.people;
  if (!changed("people", [people, ui.as])) return;
  $("people").replaceChildren(
    ...people.map((p) =>
      el(
        "div",
        { class: "person-row" },
        el(
          "button",
          {
            type: "button",
            role: "radio",
            class: `person${p.id === ui.as ? " active" : ""}`,
            "aria-checked": p.id === ui.as ? "true" : "false",
            "data-user-id": p.id,
            onclick: () => actAs(p.id),
          },
          el("span", { class: "avatar", text: p.realName.slice(0, 1) }),
          el("span", { class: "person-name", text: p.realName.split(" ")[0] }),
          el("span", { class: "person-hint", text: p.hint }),
        ),
        languagePicker(p),
      ),
    ),
  );
}

/** Each pretend person's Slack language, as they would set it in Slack's preferences. */
function languagePicker(p) {
  const french = p.locale.toLowerCase().startsWith("fr");
  const select = el(
    "select",
    {
      class: "person-lang",
      "aria-label": `Slack language of ${p.realName}`,
      title: `${p.realName.split(" ")[0]}'s Slack language`,
      "data-user-id": p.id,
    },
    el("option", { value: "en-US", text: "EN" }),
    el("option", { value: "fr-FR", text: "FR" }),
  );
  select.value = french ? "fr-FR" : "en-US";
  select.addEventListener("change", async () => {
    const result = await post("locale", { person: p.id, locale: select.value });
    const first = p.realName.split(" ")[0];
    if (!result.ok) toast(`Could not change ${first}'s language: ${result.error}`, "error");
    else
      toast(
        `${first}'s Slack is now in ${select.value === "fr-FR" ? "French" : "English"}: Greenlight reads it at their next request (unless they chose a language with /greenlight language).`,
      );
    refreshSoon();
  });
  return select;
}

function actAs(id) {
  ui.as = id;
  localStorage.setItem("greenlight-sandbox-as", id);
  ui.current = null;
  ui.modal.key = "";
  refresh();
}

function seenKey(id) {
  return `${ui.as}:${id}`;
}

function conversationLabel(c) {
  if (c.kind === "dm") return c.name;
  if (c.kind === "home") return `${c.name} — Home`;
  return `${c.isPrivate ? "🔒 " : "# "}${c.name}`;
}

function renderSidebar() {
  const conversations = ui.state.conversations;
  if (!ui.current || !(conversations.some((c) => c.id === ui.current) || ui.current === "home")) {
    ui.current = localStorage.getItem(`greenlight-sandbox-current:${ui.as}`) || "C_GENERAL";
    if (!conversations.some((c) => c.id === ui.current) && ui.current !== "home")
      ui.current = conversations[0]?.id ?? null;
  }
  const current = conversations.find((c) => c.id === ui.current);
  if (current) ui.seen[seenKey(current.id)] = current.messages.length;
  localStorage.setItem("greenlight-sandbox-seen", JSON.stringify(ui.seen));
  const unread = (c) => Math.max(0, c.messages.length - (ui.seen[seenKey(c.id)] ?? 0));
  const item = (c) =>
    el(
      "li",
      {},
      el(
        "button",
        {
          type: "button",
          class: `conv${c.id === ui.current ? " active" : ""}${unread(c) > 0 ? " unread" : ""}`,
          "data-conversation": c.id,
          onclick: () => openConversation(c.id),
        },
        el("span", { class: "conv-name", text: conversationLabel(c) }),
        c.kind === "dm" ? el("span", { class: "app-badge", text: "APP" }) : null,
        unread(c) > 0 ? el("span", { class: "badge", text: String(unread(c)) }) : null,
      ),
    );
  const summary = conversations.map((c) => [c.id, c.name, unread(c)]);
  if (!changed("sidebar", [summary, ui.current, ui.as, Boolean(ui.state.home)])) return;
  $("workspace-name").textContent = ui.state.team.name;
  $("channel-list").replaceChildren(...conversations.filter((c) => c.kind === "channel").map(item));
  $("dm-list").replaceChildren(...conversations.filter((c) => c.kind === "dm").map(item));
  $("apps-section").hidden = false;
  $("app-list").replaceChildren(
    item({ id: "home", kind: "home", name: "Greenlight", messages: [] }),
  );
}

function openConversation(id) {
  if (id === "home") post("home", {}).then(refreshSoon);
  ui.current = id;
  localStorage.setItem(`greenlight-sandbox-current:${ui.as}`, id);
  render();
  $("composer-input").focus();
}

function renderMessages() {
  const isHome = ui.current === "home";
  const conversation = ui.state.conversations.find((c) => c.id === ui.current);
  const title = $("conversation-title");
  const note = $("conversation-note");
  const list = $("messages");
  $("composer").hidden = Boolean(isHome);
  if (isHome) {
    if (!changed("messages", ["home", ui.state.home, ui.as, ui.state.users])) return;
    title.textContent = "Greenlight — Home";
    note.textContent = "The app's Home tab, as Greenlight published it for you.";
    if (!ui.state.home) {
      list.replaceChildren(
        el("div", {
          class: "empty",
          text: "Greenlight has not published a Home tab for you (yet).",
        }),
      );
      return;
    }
    list.replaceChildren(
      renderBlocks(ui.state.home.blocks, { kind: "view", viewId: ui.state.home.id, tz: myTz() }),
    );
    return;
  }
  if (!conversation) return;
  if (!changed("messages", [conversation, ui.as, ui.state.users])) return;
  const first = me()?.realName.split(" ")[0] ?? "you";
  title.textContent = conversationLabel(conversation);
  note.textContent =
    conversation.kind === "dm"
      ? `${first}'s direct messages with Greenlight`
      : conversation.botIsMember
        ? "Greenlight is a member of this channel"
        : "Greenlight is not in this channel (commands still work; it cannot post here)";
  $("composer-input").placeholder =
    `Message ${conversationLabel(conversation)} — slash commands only, e.g. /greenlight help`;
  const nearBottom =
    list.scrollHeight - list.scrollTop - list.clientHeight < 80 ||
    ui.keys.lastConversation !== `${ui.as}:${conversation.id}`;
  ui.keys.lastConversation = `${ui.as}:${conversation.id}`;
  if (conversation.messages.length === 0) {
    list.replaceChildren(
      el(
        "div",
        { class: "empty" },
        conversation.kind === "dm"
          ? "Nothing here yet. Greenlight writes to you here: approval requests, decisions, reminders."
          : "No messages yet. Type a slash command below; replies only you can see appear here.",
      ),
    );
    return;
  }
  list.replaceChildren(
    ...conversation.messages.map((m) => {
      const ctx = {
        kind: "message",
        channel: conversation.id,
        ts: m.ts,
        ephemeral: m.ephemeral,
        tz: myTz(),
      };
      const author = user(m.user);
      return el(
        "article",
        { class: `message${m.ephemeral ? " ephemeral" : ""}`, "data-ts": m.ts },
        el("div", { class: "avatar bot", text: "G" }),
        el(
          "div",
          { class: "message-main" },
          el(
            "div",
            { class: "message-meta" },
            el("span", { class: "author", text: author?.realName ?? "Greenlight" }),
            el("span", { class: "app-badge", text: "APP" }),
            el("span", { class: "time", text: timeOfTs(m.ts) }),
            m.edited ? el("span", { class: "edited", text: "(edited)" }) : null,
          ),
          m.ephemeral ? el("div", { class: "only-you", text: "👁 Only visible to you" }) : null,
          Array.isArray(m.blocks) && m.blocks.length > 0
            ? renderBlocks(m.blocks, ctx)
            : mrkdwn(m.text),
        ),
      );
    }),
  );
  if (nearBottom) list.scrollTop = list.scrollHeight;
}

function render() {
  if (!ui.state) return;
  renderPeople();
  renderSidebar();
  renderMessages();
  renderModal();
}

// ---------------------------------------------------------------- polling and actions

async function refresh() {
  if (ui.fetching) {
    ui.refreshAgain = true;
    return;
  }
  ui.fetching = true;
  const as = ui.as;
  try {
    const response = await fetch(`/sandbox/state?as=${encodeURIComponent(as)}`, {
      cache: "no-store",
    });
    const state = response.ok ? await response.json() : null;
    // Another person was picked while this was in flight: this state is not
    // theirs, and adopting its `me` would undo the pick.
    if (state && as === ui.as) {
      ui.state = state;
      if (ui.state.me !== ui.as) actAs(ui.state.me);
      document.body.classList.remove("offline");
      render();
    }
  } catch {
    document.body.classList.add("offline");
  } finally {
    ui.fetching = false;
    if (ui.refreshAgain) {
      ui.refreshAgain = false;
      refresh();
    }
  }
}

function refreshSoon() {
  refresh();
  setTimeout(refresh, 300);
}

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("composer-input");
  const typed = input.value.trim();
  if (!typed) return;
  if (!typed.startsWith("/")) {
    toast(
      "In the sandbox you talk to Greenlight with slash commands: try /greenlight help",
      "error",
    );
    return;
  }
  input.value = "";
  const result = await post("command", {
    channel: ui.current === "home" ? "C_GENERAL" : ui.current,
    text: typed,
  });
  if (!result.ok) toast(result.error ?? "The command failed", "error");
  refreshSoon();
});

for (const button of document.querySelectorAll("button.job")) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    const result = await post(`jobs/${button.dataset.job}`, {});
    button.disabled = false;
    const label = button.textContent;
    if (!result.ok) toast(`${label} failed: ${result.error}`, "error");
    else
      toast(
        result.sent.length > 0
          ? `${label}: ${result.sent.join("; ")}`
          : `${label}: nothing due to send`,
      );
    refreshSoon();
  });
}

$("reset").addEventListener("click", async () => {
  if (
    !window.confirm(
      "Reset the sandbox? Every role, proposal, rotation, figure and message of the sandbox team is deleted.",
    )
  )
    return;
  const result = await post("reset", {});
  ui.keys = {};
  ui.modal.key = "";
  if (result.ok) toast("The sandbox is empty again.");
  else toast(`Reset failed: ${result.error}`, "error");
  refreshSoon();
});

refresh();
setInterval(refresh, POLL_MS);
