/**
 * What a person reads when a modal their command or click asked for could
 * not be opened. `again` is what to do once more, as a short instruction
 * (`run \`/metrics log\``, `click *Edit* again`).
 */
export const en = {
  /** The trigger was older than Slack's 3 seconds, or used already. */
  expired: (again: string) =>
    `Sorry, the form could not open in time: Slack gives an app only a few seconds to open it. Please ${again}.`,
  /** Slack refused for now (rate limit, outage, network): nothing opened. */
  unavailable: (again: string) =>
    `Sorry, Slack could not open the form just now (it is busy or unreachable). Please ${again} in a moment.`,
  /** The call went out but its answer never came back: the form may be open. */
  unknown: (again: string) =>
    `Slack did not confirm that the form opened. If you do not see it, please ${again}.`,
  /** Slack said no for a reason that will not go away by itself. */
  refused: (again: string, code: string) =>
    `Sorry, Slack refused to open the form (it said \`${code}\`). Please ${again}; if it keeps failing, tell whoever looks after Greenlight in your workspace.`,
};

export type OpenModalMessages = typeof en;
