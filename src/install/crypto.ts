import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Tokens at rest: AES-256-GCM with GREENLIGHT_ENCRYPTION_KEY. Each value gets
 * a fresh 96-bit IV; the authentication tag makes a tampered or wrongly-keyed
 * value fail loudly instead of decrypting to garbage. The associated data binds
 * a ciphertext to its row and field, so a token copied onto another team's row
 * does not decrypt there.
 *
 * Stored form: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** A key that does not decrypt what is stored, or a value that was tampered with. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

/** The key from its base64 text, or null when it is not exactly 32 bytes of base64. */
export function parseEncryptionKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return key.length === KEY_BYTES ? key : null;
}

export function encryptSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"));
  return [VERSION, ...parts].join(".");
}

export function decryptSecret(key: Buffer, stored: string, context: string): string {
  const [version, iv, tag, ciphertext, ...extra] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined || extra.length > 0) {
    throw new DecryptionError(`not an encrypted value (${context})`);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const plaintext = Buffer.concat([
      decipher.update(Buffer.from(ciphertext, "base64url")),
      decipher.final(),
    ]);
    return plaintext.toString("utf8");
  } catch {
    throw new DecryptionError(
      `cannot decrypt ${context}: GREENLIGHT_ENCRYPTION_KEY is not the key it was stored with`,
    );
  }
}
