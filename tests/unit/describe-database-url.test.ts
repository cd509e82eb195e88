import { describe, expect, it } from "vitest";
import { describeDatabaseUrl } from "../../src/db/describe.ts";

describe("a database URL in a log line", () => {
  it("hides the password and every query parameter", () => {
    const shown = describeDatabaseUrl(
      "postgresql://greenlight:s3cr%40t-pass@db.internal:5432/greenlight?sslpassword=k3y&sslmode=require",
    );
    expect(shown).toBe("postgresql://greenlight:***@db.internal:5432/greenlight");
    expect(shown).not.toContain("s3cr");
    expect(shown).not.toContain("k3y");
  });

  it("keeps a URL without a password and a SQLite path as they are", () => {
    expect(describeDatabaseUrl("postgres://root@127.0.0.1:5432/postgres")).toBe(
      "postgres://root@127.0.0.1:5432/postgres",
    );
    expect(describeDatabaseUrl("file:./data/greenlight.db")).toBe("file:./data/greenlight.db");
  });

  it("shows nothing of a URL it cannot read", () => {
    expect(describeDatabaseUrl("postgresql://user:pa ss@[bad")).not.toContain("pa ss");
  });
});
