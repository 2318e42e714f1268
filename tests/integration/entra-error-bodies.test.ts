import { afterEach, describe, expect, it } from "vitest";
import { ROTOR_APP, TENANTS } from "../../emulator/seed";
import { emulator } from "../support/emulator";
import { addFault, removeFault, useTestEmulator } from "../support/rotor";

useTestEmulator();
const { azureFetch } = await import("@/lib/azure/http");
const { appToken, clearAppTokens } = await import("@/lib/azure/app-token");

/**
 * Entra ID's error body as Microsoft documents it (entra-docs v2-oauth2-client-creds-grant-flow.md and
 * v2-oauth2-auth-code-flow.md, "Error response"):
 *   { "error": "invalid_scope",
 *     "error_description": "AADSTS70011: The provided value …\r\nTrace ID: 0000aaaa-…\r\nCorrelation ID: aaaa0000-…\r\nTimestamp: 2016-01-09 02:02:12Z",
 *     "error_codes": [70011], "timestamp": "2016-01-09 02:02:12Z",
 *     "trace_id": "0000aaaa-…", "correlation_id": "aaaa0000-…" }
 */
const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const TIME = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}Z";
const DESCRIPTION = new RegExp(`^AADSTS(\\d+): ([^\\r\\n]+)\\r\\nTrace ID: (${GUID})\\r\\nCorrelation ID: (${GUID})\\r\\nTimestamp: (${TIME})$`);

function expectDocumentedShape(body: Record<string, unknown>, code: number) {
  expect(Object.keys(body).sort()).toEqual(["correlation_id", "error", "error_codes", "error_description", "timestamp", "trace_id"]);
  expect(typeof body.error).toBe("string");
  const match = DESCRIPTION.exec(body.error_description as string);
  expect(match, `error_description ${JSON.stringify(body.error_description)}`).not.toBeNull();
  const [, aadsts, , traceId, correlationId, timestamp] = match!;
  expect(Number(aadsts)).toBe(code);
  expect(body.error_codes).toEqual([code]);
  expect(body.trace_id).toBe(traceId);
  expect(body.correlation_id).toBe(correlationId);
  expect(body.timestamp).toBe(timestamp);
}

const tokenUrl = (tenant: string) => `${emulator().https}/${tenant}/oauth2/v2.0/token`;
const badClient = (tenant: string = TENANTS.contoso.id) =>
  fetch(tokenUrl(tenant), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: ROTOR_APP.clientId, client_secret: "not-the-secret", scope: "https://graph.microsoft.com/.default" }),
  });

describe("Entra ID error bodies: the emulator answers as documented", () => {
  const faults: string[] = [];
  afterEach(async () => {
    await Promise.all(faults.splice(0).map(removeFault));
  });

  it("a wrong client secret (AADSTS7000215)", async () => {
    const res = await badClient();
    expect(res.status).toBe(401);
    expectDocumentedShape((await res.json()) as Record<string, unknown>, 7000215);
  });

  it("an unknown tenant (AADSTS90002)", async () => {
    const res = await badClient("00000000-0000-4000-8000-00000000beef");
    expect(res.status).toBe(400);
    expectDocumentedShape((await res.json()) as Record<string, unknown>, 90002);
  });

  it("an injected server fault and throttling on the login host", async () => {
    faults.push(await addFault({ host: "login", path: "/oauth2/v2.0/token", status: 503, times: 1 }));
    expectDocumentedShape((await (await badClient()).json()) as Record<string, unknown>, 90033);
    faults.push(await addFault({ host: "login", path: "/oauth2/v2.0/token", status: 429, times: 1 }));
    expectDocumentedShape((await (await badClient()).json()) as Record<string, unknown>, 90055);
  });
});

describe("Rotor reads Entra ID's documented error body: the AADSTS sentence, never the trace lines", () => {
  it("azureFetch keeps the description's first line", async () => {
    const error = await azureFetch("entra", tokenUrl(TENANTS.contoso.id), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: ROTOR_APP.clientId, client_secret: "not-the-secret", scope: "https://graph.microsoft.com/.default" }),
    }).then(() => expect.unreachable("it failed"), (e: unknown) => e as Error & { code?: string });
    expect(error.message).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(error.message).not.toMatch(/Trace ID|Correlation ID|Timestamp|[\r\n]/);
    expect(error.code).toBe("invalid_client");
  });

  it("azureFetch reads Microsoft's documented example as Entra ID sends it", async () => {
    const documented = {
      error: "invalid_scope",
      error_description:
        "AADSTS70011: The provided value for the input parameter 'scope' isn't valid. The scope https://foo.microsoft.com/.default isn't valid.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\r\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2016-01-09 02:02:12Z",
      error_codes: [70011],
      timestamp: "2016-01-09 02:02:12Z",
      trace_id: "0000aaaa-11bb-cccc-dd22-eeeeee333333",
      correlation_id: "aaaa0000-bb11-2222-33cc-444444dddddd",
    };
    const id = await addFault({ host: "login", path: "/oauth2/v2.0/token", times: 1, respond: { status: 400, body: documented } });
    try {
      const error = await azureFetch("entra", tokenUrl(TENANTS.contoso.id), { method: "POST", body: "" }).then(() => expect.unreachable("it failed"), (e: unknown) => e as Error);
      expect(error.message).toBe("AADSTS70011: The provided value for the input parameter 'scope' isn't valid. The scope https://foo.microsoft.com/.default isn't valid.");
    } finally {
      await removeFault(id);
    }
  });

  it("the service principal's token failure names the sentence only", async () => {
    clearAppTokens();
    const id = await addFault({ host: "login", path: `/${TENANTS.northwind.id}/oauth2/v2.0/token`, status: 400 });
    try {
      const error = await appToken(TENANTS.northwind.id, "graph").then(() => expect.unreachable("it failed"), (e: unknown) => e as Error);
      expect(error.message).toBe("Rotor's service principal could not get a token in this tenant: AADSTS90000: The request was refused.");
      expect(error.message).not.toMatch(/Trace ID|Correlation ID|Timestamp|[\r\n]/);
    } finally {
      await removeFault(id);
      clearAppTokens();
    }
  });
});
