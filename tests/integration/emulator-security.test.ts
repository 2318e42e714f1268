import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { connect } from "node:tls";
import { join } from "node:path";
import { generate } from "selfsigned";
import { describe, expect, it } from "vitest";
import { emulator } from "../support/emulator";

const tlsFile = (name: string) => readFileSync(join(emulator().dataDir, "emulator", name), "utf8");

/** A plain http request with a Host header of our choosing (fetch does not let one set Host). */
function get(path: string, host: string): Promise<number> {
  const url = new URL(path, emulator().http);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the emulator cannot be turned against the developer's machine", () => {
  it("serves https with a leaf certificate: trusted for localhost, unable to vouch for any other host", async () => {
    const cert = new X509Certificate(tlsFile("tls-cert.pem"));
    expect(cert.ca).toBe(false);
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect((await fetch(`${emulator().https}/common/v2.0/.well-known/openid-configuration`)).status).toBe(200);

    // Whoever holds the emulator's key mints a certificate for another host: a client that trusts the emulator refuses it.
    const forged = await generate([{ name: "commonName", value: "bank.example" }], {
      keySize: 2048,
      algorithm: "sha256",
      extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "bank.example" }] }],
      ca: { key: tlsFile("tls-key.pem"), cert: tlsFile("tls-cert.pem") },
    });
    const server = createServer({ key: forged.private, cert: forged.cert }, (_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, servername: "bank.example", ca: [tlsFile("tls-cert.pem")] }, () => {
          resolve("trusted");
          socket.end();
        });
        socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
      expect(outcome).not.toBe("trusted");
    } finally {
      server.close();
    }
  });

  it("answers /_emulator/ only to Host localhost or 127.0.0.1 (a DNS-rebinding page sends its own name)", async () => {
    const port = new URL(emulator().http).port;
    expect(await get("/_emulator/requests", `localhost:${port}`)).toBe(200);
    expect(await get("/_emulator/requests", `127.0.0.1:${port}`)).toBe(200);
    expect(await get("/_emulator/requests", "localhost")).toBe(200);
    for (const host of [`rebind.attacker.example:${port}`, "attacker.example", `localhost.attacker.example:${port}`, `0.0.0.0:${port}`]) {
      expect(await get("/_emulator/requests", host), host).toBe(403);
      expect(await get("/_emulator/service-connections/e0000000-0000-4000-8000-000000000005/credential-status", host), host).toBe(403);
    }
    // The Azure routes themselves are not inspection: they answer as before.
    expect(await get("/common/v2.0/.well-known/openid-configuration", `rebind.attacker.example:${port}`)).toBe(200);
  });
});
