import { beforeAll, describe, expect, it } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { emulator } from "../support/emulator";

async function mintPat(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${emulator().https}/_emulator/devops/pats`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

const basic = (pat: string) => `Basic ${Buffer.from(`:${pat}`).toString("base64")}`;

/** A call the way Rotor's fetch makes it: PAT, Suppress, api-version in Accept. */
async function call(path: string, pat: string | null, init: RequestInit & { suppress?: boolean; version?: string } = {}) {
  const headers: Record<string, string> = { accept: `application/json;api-version=${init.version ?? "7.1"}` };
  if (pat !== null) headers.authorization = basic(pat);
  if (init.suppress !== false) headers["x-tfs-fedauthredirect"] = "Suppress";
  const res = await fetch(`${emulator().https}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", text, body: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const ERROR_SHAPE = { $id: "1", innerException: null, errorCode: 0, eventId: 3000, message: expect.any(String), typeName: expect.any(String), typeKey: expect.any(String) };

describe("emulated Azure DevOps errors", () => {
  let ownerPat: string;
  beforeAll(async () => {
    ownerPat = await mintPat({ userKey: "contoso-owner" });
  });

  it("answers a wrong PAT with 401 and Azure's anonymous-access error", async () => {
    const res = await call("/devops/contoso-platform/_apis/projects", "a".repeat(52));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ ...ERROR_SHAPE, typeKey: "UnauthorizedRequestException", message: expect.stringMatching(/^TF400813: Resource not available for anonymous access/) });
  });

  it("says so when the PAT has expired", async () => {
    const expired = await mintPat({ userKey: "contoso-owner", expiresAt: new Date(Date.now() - 60_000).toISOString() });
    const res = await call("/devops/contoso-platform/_apis/projects", expired);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ typeKey: "AccessCheckException", message: "Access Denied: The Personal Access Token used has expired." });
    expect(res.text).not.toContain(expired);
  });

  it("answers 203 with a sign-in page when the client does not suppress the redirect", async () => {
    const noCredential = await call("/devops/contoso-platform/_apis/projects", null, { suppress: false });
    expect(noCredential.status).toBe(203);
    expect(noCredential.type).toMatch(/^text\/html/);
    expect(noCredential.text).toContain("Sign In");
    expect((await call("/app/_apis/profile/profiles/me", "wrong", { suppress: false })).status).toBe(203);
  });

  it("refuses a member of another organization, a PAT limited to another organization, and a PAT without the scope", async () => {
    const nadia = await mintPat({ userKey: "northwind-admin" });
    expect(await call("/devops/contoso-platform/_apis/projects", nadia)).toMatchObject({ status: 401, body: { message: "TF400813: The user 'nadia@northwind.example' is not authorized to access this resource." } });
    const dataOnly = await mintPat({ userKey: "contoso-owner", organizations: ["contoso-data"] });
    expect((await call("/devops/contoso-platform/_apis/projects", dataOnly)).status).toBe(401);
    expect((await call("/devops/contoso-data/_apis/projects", dataOnly)).status).toBe(200);
    // Azure's profile host takes only PATs made for all accessible organizations.
    expect((await call("/app/_apis/profile/profiles/me", dataOnly)).status).toBe(401);
    const readOnly = await mintPat({ userKey: "contoso-owner", scopes: ["vso.serviceendpoint"] });
    expect((await call("/devops/contoso-platform/payments/_apis/serviceendpoint/endpoints", readOnly)).status).toBe(200);
    const put = await call(`/devops/contoso-platform/_apis/serviceendpoint/endpoints/${SERVICE_CONNECTIONS.paymentsApiArm}`, readOnly, { method: "PUT", body: "{}" });
    expect(put).toMatchObject({ status: 401, body: { message: expect.stringContaining("vso.serviceendpoint_manage") } });
  });

  it("answers 403 when the caller may see but not administer the connection", async () => {
    const get = await call(`/devops/contoso-platform/legacy/_apis/serviceendpoint/endpoints/${SERVICE_CONNECTIONS.reportingArm}`, ownerPat);
    expect(get.status).toBe(200);
    const put = await call(`/devops/contoso-platform/_apis/serviceendpoint/endpoints/${SERVICE_CONNECTIONS.reportingArm}`, ownerPat, { method: "PUT", body: get.text, headers: { "content-type": "application/json" } });
    expect(put.status).toBe(403);
    expect(put.body).toEqual({ ...ERROR_SHAPE, typeKey: "AccessCheckException", message: expect.stringContaining(`endpoints/d0000000-0000-4000-8000-0000000000a2/${SERVICE_CONNECTIONS.reportingArm}`) });
  });

  it("answers 404 for an unknown organization, project, connection or route", async () => {
    expect((await call("/devops/no-such-org/_apis/projects", ownerPat)).status).toBe(404);
    const project = await call("/devops/contoso-platform/_apis/projects/no-such-project", ownerPat);
    expect(project).toMatchObject({ status: 404, body: { typeKey: "ProjectDoesNotExistWithNameException", message: expect.stringMatching(/^TF200016: The following project does not exist: no-such-project\./) } });
    // A project the caller cannot see reads exactly like a missing one.
    expect((await call("/devops/contoso-platform/payments/_apis/serviceendpoint/endpoints", await mintPat({ userKey: "contoso-guest" }))).status).toBe(404);
    const endpoint = await call("/devops/contoso-platform/payments/_apis/serviceendpoint/endpoints/00000000-0000-4000-8000-000000000000", ownerPat);
    expect(endpoint).toMatchObject({ status: 404, body: { typeKey: "ServiceEndpointNotFoundException" } });
    const route = await call("/devops/contoso-platform/_apis/nothing-here", ownerPat);
    expect(route).toMatchObject({ status: 404, body: { typeKey: "HttpException", message: "The controller for path '/contoso-platform/_apis/nothing-here' was not found or does not implement IController." } });
  });

  it("reads the api-version from Accept: newer than 7.2 or 7.2 without -preview is refused", async () => {
    expect(await call("/devops/contoso-platform/_apis/projects", ownerPat, { version: "8.0" })).toMatchObject({ status: 400, body: { typeKey: "VssVersionOutOfRangeException" } });
    expect(await call("/devops/contoso-platform/_apis/projects", ownerPat, { version: "7.2" })).toMatchObject({ status: 400, body: { typeKey: "VssInvalidPreviewVersionException" } });
    const ok = await call("/devops/contoso-platform/_apis/projects", ownerPat, { version: "7.2-preview.4" });
    expect(ok.status).toBe(200);
    expect(ok.type).toContain("api-version=7.2-preview.4");
  });

  it("validates a PUT body and never echoes a secret", async () => {
    const admin = await mintPat({ userKey: "contoso-admin" });
    const url = `/devops/contoso-platform/_apis/serviceendpoint/endpoints/${SERVICE_CONNECTIONS.statusWebhook}`;
    const current = JSON.parse((await call(`/devops/contoso-platform/payments/_apis/serviceendpoint/endpoints/${SERVICE_CONNECTIONS.statusWebhook}`, admin)).text);
    const put = (body: unknown) => call(url, admin, { method: "PUT", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    expect(await put({ ...current, type: "azurerm" })).toMatchObject({ status: 400, body: { typeKey: "ArgumentException" } });
    expect(await put({ ...current, id: SERVICE_CONNECTIONS.paymentsApiArm })).toMatchObject({ status: 400 });
    expect(await put({ ...current, authorization: { parameters: {} } })).toMatchObject({ status: 400, body: { message: expect.stringContaining("authorization.scheme") } });
    const ok = await put(current);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ authorization: { parameters: { password: null } } });
  });
});
