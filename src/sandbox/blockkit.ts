/**
 * Block Kit validation as Slack enforces it on chat.postMessage, chat.update,
 * response_url posts and views.*. Slack rejects a whole message or view for
 * one bad field, so the fake must too: every limit below comes from Slack's
 * Block Kit reference (see docs/notes: slack-platform.md).
 *
 * Objects are strict (unknown fields are rejected) because Slack rejects
 * unknown fields as well, and a typo like `acton_id` should fail in tests,
 * not silently in production.
 */
import { z } from "zod";

/** What Slack answers: an error code plus human detail in `response_metadata.messages`. */
export interface BlockKitError {
  error: string;
  detail: string;
  /** Slack-style lines: `[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]`. */
  messages: string[];
}

export const LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  contextElements: 10,
  selectOptions: 100,
  optionText: 75,
  optionValue: 75,
  modalText: 24,
  privateMetadata: 3000,
  callbackId: 255,
  id: 255,
  inputLength: 3000,
  viewBytes: 250_000,
  messageText: 40_000,
} as const;

// ---------------------------------------------------------------- composition objects

/** Slack rejects empty text objects ("must be more than 0 characters"). */
const plainText = (max: number = LIMITS.sectionText) =>
  z.strictObject({
    type: z.literal("plain_text"),
    text: z.string().min(1).max(max),
    emoji: z.boolean().optional(),
  });

const mrkdwn = (max: number = LIMITS.sectionText) =>
  z.strictObject({
    type: z.literal("mrkdwn"),
    text: z.string().min(1).max(max),
    verbatim: z.boolean().optional(),
  });

const textObject = (max: number = LIMITS.sectionText) =>
  z.discriminatedUnion("type", [plainText(max), mrkdwn(max)]);

const id = () => z.string().min(1).max(LIMITS.id);
const url = () => z.string().min(1).max(3000);

const confirmDialog = z.strictObject({
  title: plainText(100),
  text: textObject(300),
  confirm: plainText(30),
  deny: plainText(30),
  style: z.enum(["primary", "danger"]).optional(),
});

/** Options of selects and overflow menus: plain_text only. */
const option = z.strictObject({
  text: plainText(LIMITS.optionText),
  value: z.string().min(1).max(LIMITS.optionValue),
  description: plainText(LIMITS.optionText).optional(),
  url: url().optional(),
});

/** Checkboxes and radio buttons also accept mrkdwn labels. */
const choice = z.strictObject({
  text: textObject(LIMITS.optionText),
  value: z.string().min(1).max(LIMITS.optionValue),
  description: textObject(LIMITS.optionText).optional(),
});

const optionGroup = z.strictObject({
  label: plainText(LIMITS.optionText),
  options: z.array(option).min(1).max(LIMITS.selectOptions),
});

const slackFile = z.union([
  z.strictObject({ url: url() }),
  z.strictObject({ id: z.string().min(1) }),
]);

const conversationFilter = z.strictObject({
  include: z
    .array(z.enum(["im", "mpim", "private", "public"]))
    .min(1)
    .optional(),
  exclude_external_shared_channels: z.boolean().optional(),
  exclude_bot_users: z.boolean().optional(),
});

const dispatchActionConfig = z.strictObject({
  trigger_actions_on: z.array(z.enum(["on_enter_pressed", "on_character_entered"])).min(1),
});

// ---------------------------------------------------------------- elements

/** Fields every interactive element has. */
const interactive = {
  action_id: id().optional(),
  confirm: confirmDialog.optional(),
  focus_on_load: z.boolean().optional(),
};
const placeholder = plainText(150).optional();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time HH:mm");

/** A select takes `options` or `option_groups`, never both, never neither. */
function exactlyOneOptionSource(value: { options?: unknown; option_groups?: unknown }): boolean {
  return (value.options === undefined) !== (value.option_groups === undefined);
}
const optionSourceMessage = {
  message: "must provide exactly one of options or option_groups",
};

const button = z.strictObject({
  type: z.literal("button"),
  text: plainText(LIMITS.buttonText),
  action_id: id().optional(),
  url: url().optional(),
  value: z.string().max(LIMITS.buttonValue).optional(),
  style: z.enum(["primary", "danger"]).optional(),
  confirm: confirmDialog.optional(),
  accessibility_label: z.string().min(1).max(75).optional(),
});

const staticSelect = z
  .strictObject({
    type: z.literal("static_select"),
    ...interactive,
    placeholder,
    options: z.array(option).min(1).max(LIMITS.selectOptions).optional(),
    option_groups: z.array(optionGroup).min(1).max(LIMITS.selectOptions).optional(),
    initial_option: option.optional(),
  })
  .refine(exactlyOneOptionSource, optionSourceMessage);

const multiStaticSelect = z
  .strictObject({
    type: z.literal("multi_static_select"),
    ...interactive,
    placeholder,
    options: z.array(option).min(1).max(LIMITS.selectOptions).optional(),
    option_groups: z.array(optionGroup).min(1).max(LIMITS.selectOptions).optional(),
    initial_options: z.array(option).optional(),
    max_selected_items: z.number().int().min(1).optional(),
  })
  .refine(exactlyOneOptionSource, optionSourceMessage);

const usersSelect = z.strictObject({
  type: z.literal("users_select"),
  ...interactive,
  placeholder,
  initial_user: z.string().min(1).optional(),
});

const multiUsersSelect = z.strictObject({
  type: z.literal("multi_users_select"),
  ...interactive,
  placeholder,
  initial_users: z.array(z.string().min(1)).optional(),
  max_selected_items: z.number().int().min(1).optional(),
});

const conversationsSelect = z.strictObject({
  type: z.literal("conversations_select"),
  ...interactive,
  placeholder,
  initial_conversation: z.string().min(1).optional(),
  default_to_current_conversation: z.boolean().optional(),
  response_url_enabled: z.boolean().optional(),
  filter: conversationFilter.optional(),
});

const multiConversationsSelect = z.strictObject({
  type: z.literal("multi_conversations_select"),
  ...interactive,
  placeholder,
  initial_conversations: z.array(z.string().min(1)).optional(),
  default_to_current_conversation: z.boolean().optional(),
  max_selected_items: z.number().int().min(1).optional(),
  filter: conversationFilter.optional(),
});

const channelsSelect = z.strictObject({
  type: z.literal("channels_select"),
  ...interactive,
  placeholder,
  initial_channel: z.string().min(1).optional(),
  response_url_enabled: z.boolean().optional(),
});

const multiChannelsSelect = z.strictObject({
  type: z.literal("multi_channels_select"),
  ...interactive,
  placeholder,
  initial_channels: z.array(z.string().min(1)).optional(),
  max_selected_items: z.number().int().min(1).optional(),
});

const datepicker = z.strictObject({
  type: z.literal("datepicker"),
  ...interactive,
  placeholder,
  initial_date: isoDate.optional(),
});

const timepicker = z.strictObject({
  type: z.literal("timepicker"),
  ...interactive,
  placeholder,
  initial_time: hhmm.optional(),
  timezone: z.string().min(1).optional(),
});

const datetimepicker = z.strictObject({
  type: z.literal("datetimepicker"),
  ...interactive,
  initial_date_time: z.number().int().nonnegative().optional(),
});

const plainTextInput = z
  .strictObject({
    type: z.literal("plain_text_input"),
    action_id: id().optional(),
    placeholder,
    initial_value: z.string().max(LIMITS.inputLength).optional(),
    multiline: z.boolean().optional(),
    min_length: z.number().int().min(0).max(LIMITS.inputLength).optional(),
    max_length: z.number().int().min(1).max(LIMITS.inputLength).optional(),
    dispatch_action_config: dispatchActionConfig.optional(),
    focus_on_load: z.boolean().optional(),
  })
  .refine(
    (e) => e.min_length === undefined || e.max_length === undefined || e.min_length <= e.max_length,
    {
      message: "min_length must not be greater than max_length",
    },
  );

const numberInput = z.strictObject({
  type: z.literal("number_input"),
  // Slack requires it: whether "1.5" is acceptable must be explicit.
  is_decimal_allowed: z.boolean(),
  action_id: id().optional(),
  placeholder,
  initial_value: z.string().optional(),
  min_value: z.string().optional(),
  max_value: z.string().optional(),
  dispatch_action_config: dispatchActionConfig.optional(),
  focus_on_load: z.boolean().optional(),
});

const textLikeInput = <T extends "url_text_input" | "email_text_input">(type: T) =>
  z.strictObject({
    type: z.literal(type),
    action_id: id().optional(),
    placeholder,
    initial_value: z.string().optional(),
    dispatch_action_config: dispatchActionConfig.optional(),
    focus_on_load: z.boolean().optional(),
  });

/** Files from the person's computer; Slack allows it in input blocks only, 1–10 files. */
const fileInput = z.strictObject({
  type: z.literal("file_input"),
  action_id: id().optional(),
  filetypes: z.array(z.string().min(1)).min(1).optional(),
  max_files: z.number().int().min(1).max(10).optional(),
});

const checkboxes = z.strictObject({
  type: z.literal("checkboxes"),
  ...interactive,
  options: z.array(choice).min(1).max(10),
  initial_options: z.array(choice).optional(),
});

const radioButtons = z.strictObject({
  type: z.literal("radio_buttons"),
  ...interactive,
  options: z.array(choice).min(1).max(10),
  initial_option: choice.optional(),
});

const overflow = z.strictObject({
  type: z.literal("overflow"),
  action_id: id().optional(),
  options: z.array(option).min(1).max(5),
  confirm: confirmDialog.optional(),
});

const imageElement = z
  .strictObject({
    type: z.literal("image"),
    image_url: url().optional(),
    slack_file: slackFile.optional(),
    alt_text: z.string().min(1).max(2000),
  })
  .refine((e) => (e.image_url === undefined) !== (e.slack_file === undefined), {
    message: "must provide exactly one of image_url or slack_file",
  });

/** Every element by type: the single place to look up what an element may contain. */
const ELEMENTS = {
  button,
  static_select: staticSelect,
  multi_static_select: multiStaticSelect,
  users_select: usersSelect,
  multi_users_select: multiUsersSelect,
  conversations_select: conversationsSelect,
  multi_conversations_select: multiConversationsSelect,
  channels_select: channelsSelect,
  multi_channels_select: multiChannelsSelect,
  datepicker,
  timepicker,
  datetimepicker,
  plain_text_input: plainTextInput,
  number_input: numberInput,
  url_text_input: textLikeInput("url_text_input"),
  email_text_input: textLikeInput("email_text_input"),
  checkboxes,
  radio_buttons: radioButtons,
  overflow,
  image: imageElement,
  file_input: fileInput,
} as const;
export type ElementType = keyof typeof ELEMENTS;
export const ELEMENT_TYPES = Object.keys(ELEMENTS) as ElementType[];

const SELECTS = [
  "static_select",
  "multi_static_select",
  "users_select",
  "multi_users_select",
  "conversations_select",
  "multi_conversations_select",
  "channels_select",
  "multi_channels_select",
] as const satisfies readonly ElementType[];
const PICKERS = ["datepicker", "timepicker"] as const satisfies readonly ElementType[];
const CHOICES = ["checkboxes", "radio_buttons"] as const satisfies readonly ElementType[];

/** Where each element may appear, per Slack's "available in blocks" tables. */
const ACCESSORY_ELEMENTS = [
  "button",
  "overflow",
  "image",
  ...SELECTS,
  ...PICKERS,
  ...CHOICES,
] as const;
const ACTIONS_ELEMENTS = [
  "button",
  "overflow",
  "datetimepicker",
  ...SELECTS,
  ...PICKERS,
  ...CHOICES,
] as const;
const INPUT_ELEMENTS = [
  "file_input",
  "plain_text_input",
  "number_input",
  "url_text_input",
  "email_text_input",
  "datetimepicker",
  ...SELECTS,
  ...PICKERS,
  ...CHOICES,
] as const;

/**
 * A union of the allowed element types. A type outside the list fails the
 * discriminator check, which reads "unsupported type" in the error.
 */
function elementOf(types: readonly ElementType[]) {
  // The union is built from a literal-typed table, so the tuple cast only restores arity.
  const options = types.map((type) => ELEMENTS[type]) as unknown as [
    (typeof ELEMENTS)[ElementType],
    ...(typeof ELEMENTS)[ElementType][],
  ];
  return z.discriminatedUnion("type", options);
}

// ---------------------------------------------------------------- blocks

const blockId = id().optional();

const section = z
  .strictObject({
    type: z.literal("section"),
    block_id: blockId,
    text: textObject(LIMITS.sectionText).optional(),
    fields: z.array(textObject(LIMITS.fieldText)).min(1).max(LIMITS.sectionFields).optional(),
    accessory: elementOf(ACCESSORY_ELEMENTS).optional(),
    expand: z.boolean().optional(),
  })
  .refine((s) => s.text !== undefined || s.fields !== undefined, {
    message: "must provide text or fields",
  });

const header = z.strictObject({
  type: z.literal("header"),
  block_id: blockId,
  text: plainText(LIMITS.headerText),
});

const divider = z.strictObject({ type: z.literal("divider"), block_id: blockId });

const context = z.strictObject({
  type: z.literal("context"),
  block_id: blockId,
  elements: z
    .array(z.discriminatedUnion("type", [plainText(), mrkdwn(), imageElement]))
    .min(1)
    .max(LIMITS.contextElements),
});

const actions = z.strictObject({
  type: z.literal("actions"),
  block_id: blockId,
  elements: z.array(elementOf(ACTIONS_ELEMENTS)).min(1).max(LIMITS.actionsElements),
});

const image = z
  .strictObject({
    type: z.literal("image"),
    block_id: blockId,
    image_url: url().optional(),
    slack_file: slackFile.optional(),
    alt_text: z.string().min(1).max(2000),
    title: plainText(2000).optional(),
  })
  .refine((e) => (e.image_url === undefined) !== (e.slack_file === undefined), {
    message: "must provide exactly one of image_url or slack_file",
  });

const input = z.strictObject({
  type: z.literal("input"),
  block_id: blockId,
  label: plainText(2000),
  element: elementOf(INPUT_ELEMENTS),
  hint: plainText(2000).optional(),
  optional: z.boolean().optional(),
  dispatch_action: z.boolean().optional(),
});

/**
 * Rich text: sections, preformatted (code) blocks, quotes and lists of inline
 * elements. The inline elements Greenlight sends (text, links, mentions,
 * emoji) are checked strictly; Slack refuses an empty text element.
 */
const richTextStyle = z
  .strictObject({
    bold: z.boolean().optional(),
    italic: z.boolean().optional(),
    strike: z.boolean().optional(),
    code: z.boolean().optional(),
  })
  .optional();
const richInline = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text"), text: z.string().min(1), style: richTextStyle }),
  z.strictObject({
    type: z.literal("link"),
    url: url(),
    text: z.string().min(1).optional(),
    style: richTextStyle,
  }),
  z.strictObject({ type: z.literal("user"), user_id: z.string().min(1), style: richTextStyle }),
  z.strictObject({
    type: z.literal("channel"),
    channel_id: z.string().min(1),
    style: richTextStyle,
  }),
  z.strictObject({
    type: z.literal("emoji"),
    name: z.string().min(1),
    unicode: z.string().optional(),
  }),
]);
const richSection = z.strictObject({
  type: z.literal("rich_text_section"),
  elements: z.array(richInline),
});
const richText = z.strictObject({
  type: z.literal("rich_text"),
  block_id: blockId,
  elements: z
    .array(
      z.discriminatedUnion("type", [
        richSection,
        z.strictObject({
          type: z.literal("rich_text_preformatted"),
          elements: z.array(richInline).min(1),
          border: z.union([z.literal(0), z.literal(1)]).optional(),
        }),
        z.strictObject({
          type: z.literal("rich_text_quote"),
          elements: z.array(richInline).min(1),
          border: z.union([z.literal(0), z.literal(1)]).optional(),
        }),
        z.strictObject({
          type: z.literal("rich_text_list"),
          style: z.enum(["bullet", "ordered"]),
          elements: z.array(richSection).min(1),
          indent: z.number().int().min(0).max(8).optional(),
          offset: z.number().int().min(0).optional(),
          border: z.union([z.literal(0), z.literal(1)]).optional(),
        }),
      ]),
    )
    .min(1),
});

const markdown = z.strictObject({
  type: z.literal("markdown"),
  block_id: blockId,
  text: z.string().min(1).max(12_000),
});

/**
 * Slack's table block: up to 100 rows of up to 20 cells, each a raw_text or a
 * rich_text cell; column_settings up to 20. Messages only, and one per
 * message (checked across blocks below).
 */
const tableCell = z.union([
  z.strictObject({ type: z.literal("raw_text"), text: z.string().min(1) }),
  z.looseObject({
    type: z.literal("rich_text"),
    elements: z.array(z.looseObject({ type: z.string().min(1) })).min(1),
  }),
]);

const table = z
  .strictObject({
    type: z.literal("table"),
    block_id: blockId,
    rows: z.array(z.array(tableCell).min(1).max(20)).min(1).max(100),
    column_settings: z
      .array(
        z
          .strictObject({
            align: z.enum(["left", "center", "right"]).optional(),
            is_wrapped: z.boolean().optional(),
          })
          .nullable(),
      )
      .max(20)
      .optional(),
  })
  .refine((t) => t.rows.every((row) => row.length === t.rows[0]?.length), {
    message: "every row must have the same number of cells",
    path: ["rows"],
  });

const BLOCKS = {
  section,
  header,
  divider,
  context,
  actions,
  image,
  input,
  rich_text: richText,
  markdown,
  table,
};
export type BlockType = keyof typeof BLOCKS;

type Surface = "message" | "modal" | "home";

/** Which blocks each surface accepts. Input blocks are modal-only (stricter than Slack on purpose). */
const SURFACE_BLOCKS: Record<Surface, readonly BlockType[]> = {
  message: [
    "section",
    "header",
    "divider",
    "context",
    "actions",
    "image",
    "rich_text",
    "markdown",
    "table",
  ],
  modal: ["section", "header", "divider", "context", "actions", "image", "input", "rich_text"],
  home: ["section", "header", "divider", "context", "actions", "image", "rich_text"],
};

// ---------------------------------------------------------------- error reporting

type Path = ReadonlyArray<PropertyKey>;

function pointer(root: string, path: Path): string {
  return [root, ...path.map(String)].filter((part) => part !== "").join("/");
}

function slackLine(message: string, root: string, path: Path): string {
  return `[ERROR] ${message} [json-pointer:${pointer(root, path)}]`;
}

/** Zod's wording turned into Slack's, so errors read like the ones seen in production. */
function slackWording(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_big": {
      const unit = issue.origin === "array" ? "items" : "characters";
      return `must be less than ${Number(issue.maximum) + 1} ${unit}`;
    }
    case "too_small": {
      const unit = issue.origin === "array" ? "items" : "characters";
      return `must be more than ${Number(issue.minimum) - 1} ${unit}`;
    }
    case "unrecognized_keys":
      return `unsupported field(s): ${issue.keys.join(", ")}`;
    case "invalid_union":
      // A discriminated union with no matching `type` has no nested errors.
      return issue.errors.length === 0 ? "unsupported type" : "failed to match all allowed schemas";
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_type":
      // Zod leaves the input out of issues; its message says what it received.
      return issue.message.endsWith("received undefined")
        ? "missing required field"
        : `must be a ${issue.expected}`;
    default:
      return issue.message;
  }
}

function fromZod(error: z.ZodError, code: string, root: string): BlockKitError {
  const messages = error.issues.map((issue) => slackLine(slackWording(issue), root, issue.path));
  return { error: code, detail: messages[0] ?? code, messages };
}

function failure(code: string, message: string, root: string, path: Path = []): BlockKitError {
  const line = slackLine(message, root, path);
  return { error: code, detail: line, messages: [line] };
}

// ---------------------------------------------------------------- cross-block rules

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The interactive elements of a block, with their path inside the block. */
function elementsOf(block: Record<string, unknown>): Array<{ element: unknown; path: Path }> {
  if (Array.isArray(block.elements) && block.type === "actions") {
    return block.elements.map((element, i) => ({ element, path: ["elements", i] }));
  }
  if (block.accessory !== undefined) return [{ element: block.accessory, path: ["accessory"] }];
  if (block.element !== undefined) return [{ element: block.element, path: ["element"] }];
  return [];
}

/** Slack refuses a message or view in which two blocks share a block_id, or two elements of one block share an action_id. */
function duplicateIds(blocks: unknown[], code: string, root: string): BlockKitError | null {
  const blockIds = new Set<string>();
  for (const [index, block] of blocks.entries()) {
    if (!isRecord(block)) continue;
    if (typeof block.block_id === "string") {
      if (blockIds.has(block.block_id)) {
        return failure(code, `duplicate block_id "${block.block_id}"`, root, [index, "block_id"]);
      }
      blockIds.add(block.block_id);
    }
    const actionIds = new Set<string>();
    for (const { element, path } of elementsOf(block)) {
      if (!isRecord(element) || typeof element.action_id !== "string") continue;
      if (actionIds.has(element.action_id)) {
        return failure(code, `duplicate action_id "${element.action_id}"`, root, [
          index,
          ...path,
          "action_id",
        ]);
      }
      actionIds.add(element.action_id);
    }
  }
  return null;
}

/** Checks block types against the surface before the schemas, so the error names the rule. */
function unsupportedBlock(
  blocks: unknown[],
  surface: Surface,
  code: string,
  root: string,
): BlockKitError | null {
  for (const [index, block] of blocks.entries()) {
    if (!isRecord(block) || typeof block.type !== "string") {
      return failure(code, "must be a block object with a type", root, [index]);
    }
    const allowed = SURFACE_BLOCKS[surface] as readonly string[];
    if (allowed.includes(block.type)) continue;
    const message =
      block.type === "input"
        ? `input blocks are only allowed in modals, not in a ${surface}`
        : `unsupported block type "${block.type}"`;
    return failure(code, message, root, [index, "type"]);
  }
  return null;
}

function blocksSchema(surface: Surface, max: number) {
  const schemas = SURFACE_BLOCKS[surface].map((type) => BLOCKS[type]);
  const block = z.discriminatedUnion(
    "type",
    schemas as unknown as [(typeof schemas)[number], ...(typeof schemas)[number][]],
  );
  return z.array(block).max(max);
}

const MESSAGE_BLOCKS = blocksSchema("message", LIMITS.messageBlocks);
const MODAL_BLOCKS = blocksSchema("modal", LIMITS.surfaceBlocks);
const HOME_BLOCKS = blocksSchema("home", LIMITS.surfaceBlocks);

function validateBlocks(
  blocks: unknown,
  surface: Surface,
  code: string,
  root: string,
): BlockKitError | null {
  if (!Array.isArray(blocks)) return failure(code, "must be an array of blocks", root);
  const max = surface === "message" ? LIMITS.messageBlocks : LIMITS.surfaceBlocks;
  if (blocks.length > max) {
    return failure(code, `must be less than ${max + 1} items`, root);
  }
  const early = unsupportedBlock(blocks, surface, code, root);
  if (early) return early;
  const schema = { message: MESSAGE_BLOCKS, modal: MODAL_BLOCKS, home: HOME_BLOCKS }[surface];
  const parsed = schema.safeParse(blocks);
  if (!parsed.success) return fromZod(parsed.error, code, root);
  return duplicateIds(blocks, code, root);
}

// ---------------------------------------------------------------- public API

/**
 * The `blocks` of a message (chat.postMessage, chat.update, response_url).
 * Slack answers `invalid_blocks_format` when blocks is not an array at all and
 * `invalid_blocks` when one block breaks a rule.
 */
export function validateMessageBlocks(blocks: unknown): BlockKitError | null {
  if (!Array.isArray(blocks)) {
    return failure("invalid_blocks_format", "must be an array of blocks", "/blocks");
  }
  const invalid = validateBlocks(blocks, "message", "invalid_blocks", "/blocks");
  if (invalid) return invalid;
  // Slack allows one table per message and answers a second with invalid_attachments.
  const tables = blocks.flatMap((block, index) =>
    isRecord(block) && block.type === "table" ? [index] : [],
  );
  const second = tables[1];
  if (second !== undefined) {
    return failure("invalid_attachments", "only_one_table_allowed", "/blocks", [second]);
  }
  return null;
}

const viewCommon = {
  private_metadata: z.string().max(LIMITS.privateMetadata).optional(),
  callback_id: z.string().max(LIMITS.callbackId).optional(),
  external_id: z.string().min(1).max(255).optional(),
};

const modalView = z
  .strictObject({
    type: z.literal("modal"),
    title: plainText(LIMITS.modalText),
    blocks: z.array(z.unknown()),
    close: plainText(LIMITS.modalText).optional(),
    submit: plainText(LIMITS.modalText).optional(),
    clear_on_close: z.boolean().optional(),
    notify_on_close: z.boolean().optional(),
    submit_disabled: z.boolean().optional(),
    ...viewCommon,
  })
  // A modal with inputs and no submit button could never be submitted.
  .refine(
    (view) =>
      view.submit !== undefined ||
      !view.blocks.some((block) => isRecord(block) && block.type === "input"),
    { message: "must provide submit when the view has input blocks", path: ["submit"] },
  );

const homeView = z.strictObject({
  type: z.literal("home"),
  blocks: z.array(z.unknown()),
  ...viewCommon,
});

const VIEWS = { modal: modalView, home: homeView } as const;

/**
 * A view for views.open/push/update (modal) or views.publish (home). Slack
 * answers `invalid_arguments` with the detail in `response_metadata.messages`
 * (`view_too_large` past 250 kB).
 * `expect` narrows the accepted type for the method at hand.
 */
export function validateView(view: unknown, expect?: "modal" | "home"): BlockKitError | null {
  const code = "invalid_arguments";
  if (!isRecord(view)) return failure(code, "must be a view object", "/view");
  const type = view.type;
  if (type !== "modal" && type !== "home") {
    return failure(code, `unsupported view type ${JSON.stringify(type)}`, "/view", ["type"]);
  }
  if (expect && type !== expect) {
    return failure(code, `must be a ${expect} view here`, "/view", ["type"]);
  }
  // Slack names this one: views.open/push/update/publish answer view_too_large.
  if (Buffer.byteLength(JSON.stringify(view)) > LIMITS.viewBytes) {
    return failure("view_too_large", `view must be less than ${LIMITS.viewBytes} bytes`, "/view");
  }
  const parsed = VIEWS[type].safeParse(view);
  if (!parsed.success) return fromZod(parsed.error, code, "/view");
  return validateBlocks(view.blocks, type, code, "/view/blocks");
}
