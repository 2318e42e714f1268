import { describe, expect, it } from "vitest";
import { createKeyring, generateKey, keyIdOf, needsRekey, open, parseKey, seal, SecretBoxError } from "@/lib/crypto/secret-box";

const keyring = createKeyring(generateKey());

describe("secret box (AES-256-GCM)", () => {
  it("round-trips a value and never stores it in the clear", () => {
    const sealed = seal(keyring, "pat-value-1234", "ctx");
    expect(sealed).toMatch(/^v1\.[0-9a-f]{12}\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("pat-value");
    expect(open(keyring, sealed, "ctx")).toBe("pat-value-1234");
  });

  it("uses a fresh nonce for every value", () => {
    const a = seal(keyring, "same");
    const b = seal(keyring, "same");
    expect(a).not.toBe(b);
    expect(a.split(".")[2]).not.toBe(b.split(".")[2]);
  });

  it("detects tampering with the ciphertext, the nonce or the tag", () => {
    const sealed = seal(keyring, "a secret worth keeping");
    const [v, kid, nonce, body] = sealed.split(".") as [string, string, string, string];
    const flip = (text: string, index: number) => {
      const bytes = Buffer.from(text, "base64url");
      bytes[index] = bytes[index]! ^ 0x01;
      return bytes.toString("base64url");
    };
    expect(() => open(keyring, [v, kid, nonce, flip(body, 0)].join("."))).toThrow(/integrity/);
    expect(() => open(keyring, [v, kid, flip(nonce, 0), body].join("."))).toThrow(/integrity/);
    expect(() => open(keyring, [v, kid, nonce, flip(body, Buffer.from(body, "base64url").length - 1)].join("."))).toThrow(/integrity/);
    expect(() => open(keyring, "v1.abc")).toThrow(SecretBoxError);
  });

  it("refuses a value moved to another context", () => {
    const sealed = seal(keyring, "refresh", "accounts:a:refresh_token");
    expect(() => open(keyring, sealed, "accounts:b:refresh_token")).toThrow(/integrity/);
  });

  it("refuses the wrong key, naming the missing key id but no key material", () => {
    const other = createKeyring(generateKey());
    const sealed = seal(keyring, "value");
    expect(() => open(other, sealed)).toThrow(new RegExp(`key ${keyring.current.id}`));
    // Same key id forged onto another key's keyring: the tag check still fails.
    const forged = { current: other.current, byId: new Map([[keyring.current.id, other.current.key]]) };
    expect(() => open(forged, sealed)).toThrow(/integrity/);
  });

  it("supports key rotation: old values open with the previous key and re-seal under the new one", () => {
    const oldKey = generateKey();
    const before = createKeyring(oldKey);
    const sealed = seal(before, "long-lived token");
    const after = createKeyring(generateKey(), [oldKey]);
    expect(needsRekey(after, sealed)).toBe(true);
    const resealed = seal(after, open(after, sealed));
    expect(needsRekey(after, resealed)).toBe(false);
    expect(resealed.split(".")[1]).toBe(after.current.id);
    expect(open(after, resealed)).toBe("long-lived token");
    expect(() => open(createKeyring(after.current.key), sealed)).toThrow(/not configured/);
  });

  it("parses keys strictly and names the setting, never the value", () => {
    const key = generateKey();
    expect(keyIdOf(parseKey(key.toString("base64"), "ROTOR_ENCRYPTION_KEY"))).toBe(keyIdOf(key));
    expect(keyIdOf(parseKey(key.toString("base64url"), "ROTOR_ENCRYPTION_KEY"))).toBe(keyIdOf(key));
    expect(() => parseKey("c2hvcnQ=", "ROTOR_ENCRYPTION_KEY")).toThrow(/ROTOR_ENCRYPTION_KEY must decode to exactly 32 bytes/);
    try {
      parseKey("not a key!", "ROTOR_ENCRYPTION_KEY");
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("ROTOR_ENCRYPTION_KEY");
      expect((error as Error).message).not.toContain("not a key");
    }
  });
});
