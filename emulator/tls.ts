import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generate } from "selfsigned";

export type TlsMaterial = { key: string; cert: string; certPath: string };

/**
 * The emulator's self-signed certificate (SAN localhost and 127.0.0.1), made on first start.
 * `@azure/identity` insists on an https authority, so Node processes that call the emulator
 * must trust this certificate through NODE_EXTRA_CA_CERTS=<certPath>, set before they start.
 * It is a leaf (no cA, no keyCertSign): trusting it lets its key vouch for localhost only, never
 * mint a certificate for another host. One made by an older Rotor as a CA is replaced.
 */
export async function ensureTls(dataDir: string): Promise<TlsMaterial> {
  const dir = join(dataDir, "emulator");
  const certPath = join(dir, "tls-cert.pem");
  const keyPath = join(dir, "tls-key.pem");
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, "utf8");
    if (!new X509Certificate(cert).ca) return { key: readFileSync(keyPath, "utf8"), cert, certPath };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const now = new Date();
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 5 * 365 * 24 * 3600_000),
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
    ],
  });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert, { mode: 0o644 });
  return { key: pems.private, cert: pems.cert, certPath };
}

export function tlsCertPath(dataDir: string): string {
  return join(dataDir, "emulator", "tls-cert.pem");
}
