import type { App } from "@slack/bolt";
import type { Deps } from "../../deps.ts";
import { ackPrivately, replyPrivately } from "../../slack/reply.ts";
import { tokenize } from "../../slack/args.ts";
import { guidelinesCommand } from "../guidelines/commands.ts";
import { isManagerOrAdmin } from "../roles/access.ts";
import { settingsText } from "./messages.ts";
import { SettingsInput } from "./settings.ts";
import { getTeam, saveSettings } from "./store.ts";
import { helpMessage, SETTINGS_BLOCKS, SETTINGS_CALLBACK, settingsModal } from "./views.ts";

export function registerSettings(app: App, deps: Deps): void {
  app.command("/greenlight", async ({ command, ack, respond, client }) => {
    const [sub, ...rest] = tokenize(command.text);
    const verb = sub?.toLowerCase();
    if ((verb === undefined || verb === "help") && rest.length === 0) {
      return ackPrivately(ack, helpMessage());
    }
    if (verb === "guidelines") {
      await ack();
      return guidelinesCommand(deps, {
        teamId: command.team_id,
        userId: command.user_id,
        triggerId: command.trigger_id,
        rest,
        client,
        respond,
      });
    }
    if (verb !== "settings" || rest.length > 0) return ackPrivately(ack, settingsText.usage);
    await ack();

    // The trigger_id lives 3 seconds: one local query and one users.info
    // call fit well inside it.
    const team = await getTeam(deps.db, command.team_id);
    const access = await isManagerOrAdmin(deps.db, client, command.team_id, command.user_id);
    if (!access.manager && !access.admin) return replyPrivately(respond, settingsText.denied);
    await client.views.open({ trigger_id: command.trigger_id, view: settingsModal(team) });
  });

  app.view(SETTINGS_CALLBACK, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? view.team_id;
    const userId = body.user.id;
    const values = view.state.values;
    const timezone = values[SETTINGS_BLOCKS.timezone]?.[SETTINGS_BLOCKS.timezone]?.value ?? "";
    const parsed = SettingsInput.safeParse({
      timezone,
      digestDay:
        values[SETTINGS_BLOCKS.digestDay]?.[SETTINGS_BLOCKS.digestDay]?.selected_option?.value,
      digestTime: values[SETTINGS_BLOCKS.digestTime]?.[SETTINGS_BLOCKS.digestTime]?.selected_time,
    });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "timezone")
          errors[SETTINGS_BLOCKS.timezone] = settingsText.badTimezone(timezone);
        if (field === "digestDay") errors[SETTINGS_BLOCKS.digestDay] = settingsText.badDay;
        if (field === "digestTime") errors[SETTINGS_BLOCKS.digestTime] = settingsText.badTime;
      }
      return ack({ response_action: "errors", errors });
    }
    const access = await isManagerOrAdmin(deps.db, client, teamId, userId);
    if (!access.manager && !access.admin) {
      return ack({
        response_action: "errors",
        errors: { [SETTINGS_BLOCKS.timezone]: settingsText.denied },
      });
    }
    await saveSettings(deps.db, teamId, userId, parsed.data);
    await ack();
    await client.chat.postMessage({
      channel: userId,
      text: settingsText.saved(parsed.data.timezone, parsed.data.digestDay, parsed.data.digestTime),
    });
  });
}
