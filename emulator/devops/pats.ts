import { createHash, randomBytes } from "node:crypto";
import type { PatRecord } from "./types";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** Lower-case base32 without padding: 32 random bytes give the 52 characters of a classic Azure DevOps PAT. */
function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Personal access tokens, kept by hash only: the emulator never needs a PAT's value back. */
export class PatStore {
  private readonly byHash = new Map<string, PatRecord>();

  mint(record: PatRecord): string {
    const token = base32(randomBytes(32));
    this.byHash.set(hash(token), record);
    return token;
  }

  find(token: string): PatRecord | undefined {
    return this.byHash.get(hash(token));
  }
}
