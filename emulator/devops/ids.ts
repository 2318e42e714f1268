import { createHash } from "node:crypto";

const digest = (seed: string) => createHash("sha256").update(seed).digest();

/** A UUID derived from a seed, so ids survive restarts and tests and the README can name them. */
export function stableUuid(seed: string): string {
  const h = digest(seed).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Unsigned 32-bit numbers derived from a seed: the sub-authorities of a group's security id. */
export function stableNumbers(seed: string, count: number): number[] {
  const bytes = digest(seed);
  return Array.from({ length: count }, (_, i) => bytes.readUInt32BE(i * 4));
}

/** Descriptors are a type prefix and the base64 of an identifier, without padding. */
export const descriptor = (prefix: string, identifier: string) => `${prefix}.${Buffer.from(identifier).toString("base64url")}`;

export const scopeDescriptor = (projectId: string) => descriptor("scp", projectId);
