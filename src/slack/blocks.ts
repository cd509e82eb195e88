import type {
  Checkboxes,
  FileInput,
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  MultiStaticSelect,
  PlainTextElement,
  PlainTextInput,
  PlainTextOption,
  StaticSelect,
} from "@slack/types";

/**
 * Block Kit builders for modals. Every modal Greenlight opens spells its
 * inputs the same way; building them here keeps the JSON identical across
 * features and leaves each view with only what is its own (ids, words, choices).
 * Message blocks (`section`, `header`, `context`, `divider`) live in reply.ts.
 */

/** Plain text as Slack wants it for labels, hints, placeholders and modal titles. */
export function plainText(text: string): PlainTextElement {
  return { type: "plain_text", text };
}

/** One choice of a select: `text` is what people see, `value` what comes back on submission. */
export function option(text: string, value: string): PlainTextOption {
  return { text: plainText(text), value };
}

/** An element before `inputBlock` gives it its action id. */
type Unbound<E> = E extends unknown ? Omit<E, "action_id"> : never;
export type InputElement = Unbound<InputBlockElement>;

/**
 * An input block whose element answers to the block's own id: submissions
 * are read as `values[id][id]`, so a block and its element never disagree.
 * Optional keys are left out rather than sent empty, as Slack prefers.
 */
export function inputBlock(
  id: string,
  label: string,
  element: InputElement,
  more: { optional?: boolean; hint?: string } = {},
): InputBlock {
  const { type, ...settings } = element;
  return {
    type: "input",
    block_id: id,
    ...(more.optional ? { optional: true } : {}),
    label: plainText(label),
    ...(more.hint !== undefined ? { hint: plainText(more.hint) } : {}),
    // `type` first, then the id, then the element's own settings. The cast
    // only restores the pairing of `type` and settings that destructuring loses.
    element: { type, action_id: id, ...settings } as InputBlockElement,
  };
}

function placeholder(text: string | undefined): { placeholder?: PlainTextElement } {
  return text !== undefined ? { placeholder: plainText(text) } : {};
}

/** A single choice; `initial` is preselected when given. */
export function staticSelect(
  options: PlainTextOption[],
  more: { placeholder?: string; initial?: PlainTextOption | undefined } = {},
): Unbound<StaticSelect> {
  const initial = more.initial ? { initial_option: more.initial } : {};
  return { type: "static_select", ...placeholder(more.placeholder), options, ...initial };
}

/** Several choices; `initial` is preselected unless empty (Slack refuses an empty list). */
export function multiStaticSelect(
  options: PlainTextOption[],
  more: { placeholder?: string; initial?: PlainTextOption[] } = {},
): Unbound<MultiStaticSelect> {
  const initial = more.initial?.length ? { initial_options: more.initial } : {};
  return { type: "multi_static_select", ...placeholder(more.placeholder), options, ...initial };
}

/**
 * Several choices shown at once, each with its box: reads better than a
 * multi-select when the list is short (at most 10 options in Slack).
 */
export function checkboxes(
  options: PlainTextOption[],
  more: { initial?: PlainTextOption[] } = {},
): Unbound<Checkboxes> {
  const initial = more.initial?.length ? { initial_options: more.initial } : {};
  return { type: "checkboxes", options, ...initial };
}

/** Files from the person's computer (needs the `files:read` scope); Slack has no initial files. */
export function fileInput(
  more: { filetypes?: string[]; maxFiles?: number } = {},
): Unbound<FileInput> {
  return {
    type: "file_input",
    ...(more.filetypes ? { filetypes: more.filetypes } : {}),
    ...(more.maxFiles !== undefined ? { max_files: more.maxFiles } : {}),
  };
}

/** A multi-line text box with Slack's own length limits; `initial` is prefilled when given. */
export function textArea(more: {
  minLength?: number;
  maxLength: number;
  placeholder?: string;
  initial?: string | undefined;
}): Unbound<PlainTextInput> {
  return {
    type: "plain_text_input",
    multiline: true,
    ...(more.minLength !== undefined ? { min_length: more.minLength } : {}),
    max_length: more.maxLength,
    ...placeholder(more.placeholder),
    ...(more.initial !== undefined ? { initial_value: more.initial } : {}),
  };
}

/** A modal with a Submit and a Close button; `metadata` travels back with the submission. */
export function modal(view: {
  callbackId: string;
  metadata?: string;
  title: string;
  submit: string;
  close: string;
  blocks: KnownBlock[];
}): ModalView {
  return {
    type: "modal",
    callback_id: view.callbackId,
    ...(view.metadata !== undefined ? { private_metadata: view.metadata } : {}),
    title: plainText(view.title),
    submit: plainText(view.submit),
    close: plainText(view.close),
    blocks: view.blocks,
  };
}
