import type { KnownBlock, ModalView } from "@slack/types";
import { inputBlock, modal, plainText, textArea } from "../../slack/blocks.ts";
import { context, header, section, type Reply } from "../../slack/reply.ts";
import { escapeText } from "../../slack/text.ts";
import type { Lang } from "../../i18n/lang.ts";
import { MAX_GUIDELINES_LENGTH } from "./guidelines.ts";
import { guidelinesText } from "./messages.ts";
import type { Guidelines } from "./store.ts";

export const GUIDELINES_CALLBACK = "guidelines_edit";
export const GUIDELINES_BLOCK = "guidelines";
export const GUIDELINES_ACTIONS = {
  edit: "guidelines_edit_open",
  read: "guidelines_read",
} as const;

const SECTION_MAX = 2900;

/** The guidelines as written (mrkdwn allowed, `&`, `<`, `>` escaped), in sections Slack accepts. */
function bodySections(text: string): KnownBlock[] {
  const sections: string[] = [];
  let current = "";
  for (const line of escapeText(text).split("\n")) {
    let rest = line;
    while (rest.length > SECTION_MAX) {
      if (current !== "") sections.push(current);
      sections.push(rest.slice(0, SECTION_MAX));
      current = "";
      rest = rest.slice(SECTION_MAX);
    }
    const candidate = current === "" ? rest : `${current}\n${rest}`;
    if (candidate.length > SECTION_MAX) {
      sections.push(current);
      current = rest;
    } else current = candidate;
  }
  if (current.trim() !== "") sections.push(current);
  return sections.map(section);
}

/** What `/greenlight guidelines` answers; managers get an Edit button. */
export function guidelinesReply(
  guidelines: Guidelines | null,
  canEdit: boolean,
  updatedAt: string | null,
  lang: Lang,
): Reply {
  const t = guidelinesText(lang);
  const blocks: KnownBlock[] = [header(t.header)];
  if (guidelines) {
    blocks.push(...bodySections(guidelines.text));
    if (updatedAt) blocks.push(context(t.updated(guidelines.updatedBy, updatedAt)));
  } else blocks.push(section(canEdit ? t.noneManager : t.none));
  if (canEdit) {
    blocks.push({
      type: "actions",
      block_id: "guidelines_actions",
      elements: [
        {
          type: "button",
          text: plainText(t.edit),
          action_id: GUIDELINES_ACTIONS.edit,
          value: "edit",
        },
      ],
    });
  }
  return { text: guidelines ? t.header : t.none, blocks };
}

export function editModal(current: string | null, lang: Lang): ModalView {
  const t = guidelinesText(lang);
  return modal({
    callbackId: GUIDELINES_CALLBACK,
    // The submission's errors are answered in the ack, in the reader's language.
    metadata: JSON.stringify({ lang }),
    title: t.modalTitle,
    submit: t.save,
    close: t.cancel,
    blocks: [
      inputBlock(
        GUIDELINES_BLOCK,
        t.label,
        textArea({
          maxLength: MAX_GUIDELINES_LENGTH,
          placeholder: t.placeholder,
          initial: current ?? undefined,
        }),
        { optional: true, hint: t.hint },
      ),
    ],
  });
}

/** Read-only, pushed over the propose modal from its reminder. */
export function readModal(guidelines: Guidelines | null, lang: Lang): ModalView {
  const t = guidelinesText(lang);
  return {
    type: "modal",
    title: plainText(t.modalTitle),
    close: plainText(t.close),
    blocks: guidelines ? bodySections(guidelines.text) : [section(t.none)],
  };
}
