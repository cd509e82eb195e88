import type { KnownBlock, ModalView } from "@slack/types";
import type { ViewOutput, ViewStateValue } from "@slack/bolt";
import { plainText } from "./blocks.ts";

/**
 * Views a submitted form is answered with when its work runs after the
 * answer (src/slack/busy.ts, `afterAnswer`): a "working on it" view in the
 * ack, then, by views.update, the result or the form again. Built from the
 * submitted view itself, so they keep its title and language with no lookup.
 */

/** The block that says why a form came back; replaced, not stacked, when it comes back again. */
export const FORM_NOTICE_BLOCK = "form_notice";

/** The same modal with `text` instead of its form, and no Submit button. */
export function formMessage(submitted: ViewOutput, text: string, close: string): ModalView {
  return {
    type: "modal",
    callback_id: submitted.callback_id,
    // The language travels in it (the busy answer and the form's listener read it).
    private_metadata: submitted.private_metadata,
    title: plainText(submitted.title.text),
    close: plainText(close),
    blocks: [{ type: "section", block_id: FORM_NOTICE_BLOCK, text: { type: "mrkdwn", text } }],
  };
}

/**
 * The submitted form again, each input prefilled with what the person had
 * entered, under `notice` (why it came back). Slack keeps entered values
 * only across views with the same inputs, and the "working on it" view in
 * between has none, so the values are given back as initial values. A file
 * input cannot be prefilled (Slack has no initial files): callers say so.
 */
export function formAgain(submitted: ViewOutput, notice: string): ModalView {
  const values = submitted.state.values;
  const blocks = (submitted.blocks as KnownBlock[])
    .filter((block) => block.block_id !== FORM_NOTICE_BLOCK)
    .map((block) => {
      if (block.type !== "input") return block;
      const entered = values[block.block_id ?? ""]?.[block.element.action_id ?? ""];
      return { ...block, element: withInitial(block.element, entered) } as KnownBlock;
    });
  return {
    type: "modal",
    callback_id: submitted.callback_id,
    private_metadata: submitted.private_metadata,
    title: plainText(submitted.title.text),
    ...(submitted.submit ? { submit: plainText(submitted.submit.text) } : {}),
    ...(submitted.close ? { close: plainText(submitted.close.text) } : {}),
    blocks: [
      { type: "section", block_id: FORM_NOTICE_BLOCK, text: { type: "mrkdwn", text: notice } },
      ...blocks,
    ],
  };
}

type Element = Record<string, unknown> & { type: string };

/** An input element whose initial value is what was entered (none when it was left empty). */
function withInitial<E>(element: E, entered: ViewStateValue | undefined): E {
  const el = { ...(element as Element) };
  const options = Array.isArray(el.options) ? (el.options as Array<{ value?: string }>) : [];
  // Slack wants initial options to be the element's own option objects.
  const own = (chosen: Array<{ value: string }> | null | undefined) =>
    (chosen ?? [])
      .map((c) => options.find((o) => o.value === c.value))
      .filter((o): o is { value: string } => o !== undefined);
  switch (el.type) {
    case "plain_text_input":
    case "url_text_input":
    case "email_text_input":
    case "number_input":
      delete el.initial_value;
      if (entered?.value) el.initial_value = entered.value;
      break;
    case "checkboxes":
    case "multi_static_select": {
      delete el.initial_options;
      const chosen = own(entered?.selected_options);
      if (chosen.length > 0) el.initial_options = chosen;
      break;
    }
    case "static_select":
    case "radio_buttons": {
      delete el.initial_option;
      const [chosen] = own(entered?.selected_option ? [entered.selected_option] : []);
      if (chosen) el.initial_option = chosen;
      break;
    }
    case "datetimepicker":
      delete el.initial_date_time;
      if (typeof entered?.selected_date_time === "number")
        el.initial_date_time = entered.selected_date_time;
      break;
    case "datepicker":
      delete el.initial_date;
      if (entered?.selected_date) el.initial_date = entered.selected_date;
      break;
    case "timepicker":
      delete el.initial_time;
      if (entered?.selected_time) el.initial_time = entered.selected_time;
      break;
  }
  return el as E;
}
