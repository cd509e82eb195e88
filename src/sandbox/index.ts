/** The local stand-in for Slack: strict Block Kit rules, a fake Web API, and a signing client. */
export * from "./blockkit.ts";
export * from "./fake-slack.ts";
export * from "./slack-client.ts";
export * from "./fake-slack-grid.ts";
