import { ErrorCode } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { whyNotOpened } from "../../src/slack/open-modal.ts";

// Errors shaped as @slack/web-api throws them (see tests/unit/slack-errors.test.ts for real ones).
const platform = (error: string) => ({ code: ErrorCode.PlatformError, data: { ok: false, error } });
const again = { en: "run `/metrics log` again", fr: "relancer `/metrics log`" } as const;

describe("why a modal did not open, told in the person's language", () => {
  it.each(["expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"])(
    "%s: too late, run the command again",
    (code) => {
      expect(whyNotOpened(platform(code), "en", again.en)).toBe(
        "Sorry, the form could not open in time: Slack gives an app only a few seconds to open it. Please run `/metrics log` again.",
      );
      expect(whyNotOpened(platform(code), "fr", again.fr)).toBe(
        "Désolé, le formulaire n’a pas pu s’ouvrir à temps\u00a0: Slack ne laisse que quelques secondes à une application pour l’ouvrir. Veuillez relancer `/metrics log`.",
      );
    },
  );

  it("a rate limit or an unreachable Slack: try again in a moment", () => {
    const limited = { code: ErrorCode.RateLimitedError, retryAfter: 3 };
    expect(whyNotOpened(limited, "en", again.en)).toMatch(
      /could not open the form just now.*in a moment\.$/,
    );
    expect(whyNotOpened(platform("ratelimited"), "fr", again.fr)).toMatch(
      /^Désolé, Slack n’a pas pu ouvrir le formulaire pour l’instant.*dans un instant\.$/,
    );
    const http = { code: ErrorCode.HTTPError, statusCode: 503 };
    expect(whyNotOpened(http, "en", again.en)).toMatch(/busy or unreachable/);
  });

  it("a timeout or an unknown failure: the form may be open, say so", () => {
    const timeout = { code: ErrorCode.RequestError, original: { name: "TimeoutError" } };
    expect(whyNotOpened(timeout, "en", again.en)).toBe(
      "Slack did not confirm that the form opened. If you do not see it, please run `/metrics log` again.",
    );
    expect(whyNotOpened(new Error("boom"), "fr", again.fr)).toMatch(/^Slack n’a pas confirmé/);
  });

  it("any other refusal names Slack's error, for whoever looks after the app", () => {
    expect(whyNotOpened(platform("view_too_large"), "en", again.en)).toContain(
      "Slack refused to open the form (it said `view_too_large`)",
    );
    expect(whyNotOpened(platform("invalid_arguments"), "fr", again.fr)).toContain(
      "(réponse\u00a0: `invalid_arguments`)",
    );
  });
});
