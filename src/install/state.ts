import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { InstallURLOptions, StateStore } from "@slack/bolt";
import { z } from "zod";
import type { Db } from "../db/database.ts";
import { useOAuthState } from "./store.ts";

/**
 * The OAuth `state`: signed with SLACK_STATE_SECRET (HMAC-SHA256), valid 10
 * minutes, and good for one callback only — its random nonce is recorded when
 * used, so a replayed callback (same state, even with the browser's cookie)
 * is refused. Bolt's InstallProvider also checks that the state is the one in
 * the installing browser's cookie, which stops a forged link.
 */
export const STATE_TTL_SECONDS = 600;

/** What Bolt's InstallProvider reports to the failure page (its own code for a bad state). */
export class InvalidStateError extends Error {
  readonly code = "slack_oauth_invalid_state";
  constructor(message: string) {
    super(message);
    this.name = "InvalidStateError";
  }
}

const Payload = z.object({
  nonce: z.string().min(16),
  issuedAt: z.number().int(),
  installOptions: z.object({ scopes: z.union([z.string(), z.array(z.string())]) }).loose(),
});

export class SingleUseStateStore implements StateStore {
  constructor(
    private readonly db: Db,
    private readonly secret: string,
  ) {}

  async generateStateParam(installOptions: InstallURLOptions, now: Date): Promise<string> {
    const payload = Buffer.from(
      JSON.stringify({
        nonce: randomBytes(24).toString("base64url"),
        issuedAt: now.getTime(),
        installOptions,
      }),
    ).toString("base64url");
    return `${payload}.${this.sign(payload)}`;
  }

  async verifyStateParam(now: Date, state: string): Promise<InstallURLOptions> {
    const [payload, signature, ...extra] = state.split(".");
    if (!payload || !signature || extra.length > 0) throw new InvalidStateError("malformed state");
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InvalidStateError("the state was not issued by this app");
    }
    let parsed: z.infer<typeof Payload>;
    try {
      parsed = Payload.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    } catch {
      throw new InvalidStateError("malformed state");
    }
    const age = now.getTime() - parsed.issuedAt;
    if (age < 0 || age > STATE_TTL_SECONDS * 1000) throw new InvalidStateError("expired state");
    if (!(await useOAuthState(this.db, parsed.nonce))) {
      throw new InvalidStateError("this state was used already");
    }
    return parsed.installOptions as InstallURLOptions;
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.secret).update(payload).digest("base64url");
  }
}
