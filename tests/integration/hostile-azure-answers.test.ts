import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { TENANTS } from "../../emulator/seed";
import { emulator } from "../support/emulator";
import { expectClearError, hostileAnswers, hugeList, SERVER_ERROR_PAGES, whileAnswering, type HostileAnswer, type Match } from "../support/hostile";
import { seededApp, signIn, useTestEmulator, type TestUser } from "../support/rotor";

useTestEmulator();
process.env.ROTOR_AZURE_TIMEOUT_SECONDS = "2";
const graph = await import("@/lib/azure/graph");
type GraphApplication = import("@/lib/azure/graph").GraphApplication;
type NewSecret = import("@/lib/azure/graph").NewSecret;
const { appToken, clearAppTokens } = await import("@/lib/azure/app-token");
const { clearUserTokenCache } = await import("@/lib/azure/user-token");
const { clearDevopsClients } = await import("@/lib/azure/devops/client");
const { userCredential, servicePrincipalCredential } = await import("@/lib/azure/devops/credential");
const { listOrganizations } = await import("@/lib/azure/devops/organizations");
const { listProjects } = await import("@/lib/azure/devops/projects");
const { administerableProjects, canAdministerServiceConnections } = await import("@/lib/azure/devops/permissions");
const { getServiceConnection, listServiceConnections, updateServiceConnectionSecret } = await import("@/lib/azure/devops/service-connections");
const { waitUntilSecretWorks } = await import("@/lib/rotation/verify-secret");
const { env } = await import("@/lib/env");

const contoso = TENANTS.contoso.id;
const payments = seededApp("payments-api");
const legacy = seededApp("legacy-batch");
const PAYMENTS_PROJECT = "d0000000-0000-4000-8000-0000000000a1";
const SHARED_INFRA = "d0000000-0000-4000-8000-0000000000a3";
const RUNS = Number(process.env.HOSTILE_RUNS ?? 25);

/** Hostile answers actually served to Rotor's clients in this file. */
let tried = 0;
let owner: TestUser;

/** A real answer of the emulator, as a template to spoil. */
async function capture(url: string, resource: "graph" | "devops", method = "GET") {
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${await appToken(contoso, resource)}`, accept: "application/json;api-version=7.1" } });
  expect(res.status, url).toBe(200);
  return res.json();
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
const settle = (run: () => Promise<unknown>): Promise<Outcome> => run().then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

type Target = {
  name: string;
  match: Match;
  template: () => unknown;
  call: () => Promise<unknown>;
  /** What a returned value must look like: checked only when the call did not throw. */
  safe: (value: unknown, answer: HostileAnswer) => void;
  before?: () => void;
  /** @azure/identity retries 5xx itself, with seconds of back-off: one such target is enough. */
  skipServerErrors?: boolean;
};

/** One hostile answer to one call: Rotor throws a clear error of its own, or returns a safe value. */
async function tryAnswer(target: Target, answer: HostileAnswer) {
  tried++;
  target.before?.();
  const outcome = await whileAnswering(target.match, answer, () => settle(target.call));
  const context = `${target.name} ← ${JSON.stringify(answer).slice(0, 400)}`;
  if (outcome.ok) target.safe(outcome.value, answer);
  else expectClearError(outcome.error, context);
}

const isText = (v: unknown) => typeof v === "string";
const validDate = (v: unknown) => typeof v === "string" && Number.isFinite(Date.parse(v));
function safeApplication(app: unknown) {
  const a = app as GraphApplication;
  expect([a.id, a.appId, a.displayName].every(isText)).toBe(true);
  expect(Array.isArray(a.passwordCredentials)).toBe(true);
  for (const p of a.passwordCredentials) expect(isText(p.keyId) && validDate(p.endDateTime) && validDate(p.startDateTime), JSON.stringify(p)).toBe(true);
}
const safeList = (item: (v: unknown) => void) => (value: unknown) => {
  expect(Array.isArray(value)).toBe(true);
  (value as unknown[]).forEach(item);
};
const safeNamed = (v: unknown) => expect(isText((v as { id: unknown }).id) && isText((v as { name: unknown }).name)).toBe(true);
const safeOrganizations = (groups: unknown) => {
  for (const g of groups as { organizations: unknown[] }[]) for (const o of g.organizations) expect((o as { name: string }).name).toMatch(/^[A-Za-z0-9-]+$/);
};

const templates: Record<string, unknown> = {};
const targets: Target[] = [];

beforeAll(async () => {
  owner = await signIn("contoso-owner");
  const { graph: g, devops } = env().urls;
  const select = "$select=id,appId,displayName,passwordCredentials";
  templates.application = await capture(`${g}/v1.0/applications(appId='${payments.appId}')?${select}`, "graph");
  templates.owned = await capture(`${g}/v1.0/servicePrincipals(appId='${env().clientId}')/ownedObjects/microsoft.graph.application?${select}`, "graph");
  templates.owners = await capture(`${g}/v1.0/applications/${seededApp("reporting-service").objectId}/owners`, "graph");
  templates.projects = await capture(`${devops}/contoso-platform/_apis/projects`, "devops");
  templates.location = await capture(`${devops}/contoso-platform/_apis/Location`, "devops", "OPTIONS");
  templates.serviceendpoint = await capture(`${devops}/contoso-platform/_apis/serviceendpoint`, "devops", "OPTIONS");
  templates.endpoints = await capture(`${devops}/contoso-platform/${PAYMENTS_PROJECT}/_apis/serviceendpoint/endpoints?includeDetails=true`, "devops");
  templates.endpoint = await capture(`${devops}/contoso-data/${SHARED_INFRA}/_apis/serviceendpoint/endpoints/${SERVICE_CONNECTIONS.legacyBatchArm}`, "devops");
});

afterAll(() => {
  clearAppTokens();
  clearUserTokenCache();
  clearDevopsClients();
  console.log(`hostile Azure answers tried: ${tried}`);
});

const appOnly = (resource: "graph" | "devops") => () => {
  clearAppTokens();
  return appToken(contoso, resource);
};

targets.push(
  { name: "Graph application get", match: { host: "graph", method: "GET", path: "/applications(appId=" }, template: () => templates.application, call: () => graph.getApplication(contoso, payments.appId), safe: safeApplication },
  { name: "Graph owned applications", match: { host: "graph", path: "/ownedObjects/" }, template: () => templates.owned, call: () => graph.listOwnedApplications(contoso), safe: safeList(safeApplication) },
  {
    name: "Graph owners",
    match: { host: "graph", path: "/owners" },
    template: () => templates.owners,
    call: () => graph.listOwners(contoso, seededApp("reporting-service").objectId),
    safe: safeList((o) => expect(isText((o as { id: unknown }).id) && ["user", "servicePrincipal", "other"].includes((o as { type: string }).type)).toBe(true)),
  },
  {
    name: "Graph addPassword answer",
    match: { host: "graph", path: "/addPassword" },
    template: () => ({ customKeyIdentifier: null, displayName: "Rotor test", endDateTime: "2031-01-01T00:00:00Z", hint: "abc", keyId: "5f1c0000-0000-4000-8000-000000000001", secretText: "abc~0123456789012345678901234567890123456", startDateTime: "2030-01-01T00:00:00Z" }),
    call: () => graph.addPassword(contoso, legacy.objectId, { displayName: "Rotor hostile", endDateTime: new Date(Date.now() + 86_400_000) }),
    safe: (v) => expect(isText((v as NewSecret).secretText) && (v as NewSecret).secretText.length > 0 && validDate((v as NewSecret).endDateTime)).toBe(true),
  },
  {
    name: "DevOps profile",
    match: { host: "accounts", path: "/_apis/profile/profiles/me" },
    template: () => ({ displayName: "Omar Owens", publicAlias: "m1", emailAddress: "omar@contoso.example", coreRevision: 412, timeStamp: "2024-01-15T09:30:00.000+00:00", id: "m1", revision: 412 }),
    call: () => listOrganizations({ ...owner }, { includeHomeTenant: false }),
    safe: safeOrganizations,
  },
  {
    name: "DevOps accounts",
    match: { host: "accounts", path: "/_apis/accounts" },
    template: () => ({ count: 1, value: [{ accountId: "a1", accountUri: "https://x/contoso-platform/", accountName: "contoso-platform", properties: {} }] }),
    call: () => listOrganizations({ ...owner }, { includeHomeTenant: false }),
    safe: safeOrganizations,
  },
  { name: "DevOps projects", match: { host: "devops", method: "GET", path: "/_apis/projects" }, template: () => templates.projects, call: () => listProjects(userCredential(owner), "contoso-platform"), safe: safeList(safeNamed) },
  ...(["Location", "serviceendpoint"] as const).map(
    (area): Target => ({
      name: `DevOps location data (OPTIONS ${area})`,
      match: { host: "devops", method: "OPTIONS", path: `/_apis/${area}` },
      template: () => (area === "Location" ? templates.location : templates.serviceendpoint),
      before: clearDevopsClients,
      call: () => listServiceConnections(servicePrincipalCredential(contoso), { organization: "contoso-platform", project: PAYMENTS_PROJECT, appId: payments.appId }),
      safe: safeList(safeNamed),
    }),
  ),
  {
    name: "DevOps service endpoints list",
    match: { host: "devops", method: "GET", path: "/_apis/serviceendpoint/endpoints" },
    template: () => templates.endpoints,
    call: () => listServiceConnections(userCredential(owner), { organization: "contoso-platform", project: PAYMENTS_PROJECT, appId: payments.appId }),
    safe: safeList((c) => {
      safeNamed(c);
      expect(typeof (c as { supported: unknown }).supported).toBe("boolean");
    }),
  },
  {
    name: "DevOps service endpoint get",
    match: { host: "devops", method: "GET", path: `/_apis/serviceendpoint/endpoints/${SERVICE_CONNECTIONS.legacyBatchArm}` },
    template: () => templates.endpoint,
    call: () => getServiceConnection(servicePrincipalCredential(contoso), { organization: "contoso-data", project: SHARED_INFRA, endpointId: SERVICE_CONNECTIONS.legacyBatchArm, appId: legacy.appId }),
    safe: (v) => v === null || safeNamed(v),
  },
  {
    name: "DevOps service endpoint PUT answer",
    match: { host: "devops", method: "PUT", path: "/_apis/serviceendpoint/endpoints/" },
    template: () => templates.endpoint,
    call: () => updateServiceConnectionSecret(servicePrincipalCredential(contoso), { organization: "contoso-data", project: SHARED_INFRA, endpointId: SERVICE_CONNECTIONS.legacyBatchArm, appId: legacy.appId, secret: "never-written" }),
    // The PUT never reached the emulator: only an answer naming the connection may count as done.
    safe: (_v, answer) => expect((answer.body as { id?: unknown } | null)?.id).toBe(SERVICE_CONNECTIONS.legacyBatchArm),
  },
  {
    name: "DevOps permissions",
    match: { host: "devops", path: "/_apis/permissions/" },
    template: () => ({ count: 2, value: [true, false] }),
    call: () => administerableProjects(userCredential(owner), "contoso-platform", [PAYMENTS_PROJECT, "d0000000-0000-4000-8000-0000000000a2"]),
    safe: (v) => expect(v).toEqual([expect.any(Boolean), expect.any(Boolean)]),
  },
  {
    name: "DevOps permission (one project)",
    match: { host: "devops", path: "/_apis/permissions/" },
    template: () => ({ count: 1, value: [true] }),
    call: () => canAdministerServiceConnections(userCredential(owner), "contoso-platform", PAYMENTS_PROJECT),
    safe: (v) => expect(typeof v).toBe("boolean"),
  },
  {
    name: "Entra delegated token",
    match: { host: "login", method: "POST", path: "/oauth2/v2.0/token" },
    template: () => ({ token_type: "Bearer", scope: "499b84ac-1321-427f-aa17-267ca6975798/.default", expires_in: 3599, ext_expires_in: 3599, access_token: "eyJ0eXAiOiJKV1QifQ.e30.x" }),
    before: clearUserTokenCache,
    call: () => listOrganizations({ ...owner }, { includeHomeTenant: false }),
    safe: safeOrganizations,
  },
  {
    name: "Entra app token",
    match: { host: "login", method: "POST", path: "/oauth2/v2.0/token" },
    template: () => ({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: "eyJ0eXAiOiJKV1QifQ.e30.x" }),
    call: appOnly("graph"),
    safe: (v) => expect(isText(v) && (v as string).length > 0).toBe(true),
  },
  {
    name: "Entra OpenID metadata",
    match: { host: "login", method: "GET", path: "/.well-known/openid-configuration" },
    template: () => ({ token_endpoint: `${env().urls.login}/${contoso}/oauth2/v2.0/token`, issuer: `${env().urls.login}/${contoso}/v2.0`, authorization_endpoint: `${env().urls.login}/${contoso}/oauth2/v2.0/authorize` }),
    call: appOnly("devops"),
    skipServerErrors: true,
    safe: (v) => expect(isText(v) && (v as string).length > 0).toBe(true),
  },
  {
    name: "Entra token for a new secret (verification)",
    match: { host: "login", method: "POST", path: "/oauth2/v2.0/token" },
    template: () => ({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: "eyJ0eXAiOiJKV1QifQ.e30.x" }),
    call: () => waitUntilSecretWorks({ tenantId: contoso, appId: legacy.appId, secret: "not-the-secret" }, { timeoutMs: 300 }),
    skipServerErrors: true,
    safe: (v) => expect(typeof v).toBe("boolean"),
  },
);

describe("hostile Azure answers: every parser throws its own clear error or returns a safe value", () => {
  it.each(targets.map((t) => [t.name, t] as const))("%s", async (_, target) => {
    await fc.assert(
      fc.asyncProperty(hostileAnswers(target.template() as never), (answer) => tryAnswer(target, answer)),
      { numRuns: RUNS },
    );
    if (!target.skipServerErrors) for (const answer of SERVER_ERROR_PAGES) await tryAnswer(target, answer);
  }, 120_000);
});

const guid = (i: number) => `${i.toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

describe("hostile Azure answers: huge lists and endless paging", () => {
  const byName = (name: string) => targets.find((t) => t.name === name)!;

  it.each([
    ["5,000 owned applications", "Graph owned applications", () => ({ value: hugeList((templates.owned as { value: Record<string, never>[] }).value[0]!, 5000, "appId", "displayName") }), 5000],
    ["5,000 owners", "Graph owners", () => ({ value: hugeList({ "@odata.type": "#microsoft.graph.user", displayName: "Someone" }, 5000, "id") }), 5000],
    ["5,000 projects", "DevOps projects", () => ({ count: 5000, value: hugeList((templates.projects as { value: Record<string, never>[] }).value[0]!, 5000, "id", "name") }), 5000],
    ["5,000 service endpoints", "DevOps service endpoints list", () => ({ count: 5000, value: hugeList((templates.endpoints as { value: Record<string, never>[] }).value[0]!, 5000, "id", "name") }), 5000],
    ["5,000 organizations", "DevOps accounts", () => ({ count: 5000, value: Array.from({ length: 5000 }, (_, i) => ({ accountId: guid(i + 1), accountName: `org-${i}`, properties: {} })) }), 5000],
  ] as const)("reads %s", async (_, name, body, expected) => {
    const target = byName(name);
    tried++;
    const outcome = await whileAnswering(target.match, { status: 200, body: body() }, () => settle(target.call));
    expect(outcome.ok, JSON.stringify(!outcome.ok && (outcome.error as Error).message)).toBe(true);
    const value = (outcome as { value: unknown }).value;
    const list = name === "DevOps accounts" ? (value as { organizations: unknown[] }[])[0]!.organizations : (value as unknown[]);
    expect(list).toHaveLength(expected);
    target.safe(value, { status: 200 });
  }, 60_000);

  it("reads an application with 5,000 passwordCredentials", async () => {
    const app = templates.application as { passwordCredentials: Record<string, never>[] };
    tried++;
    const body = { ...app, passwordCredentials: hugeList(app.passwordCredentials[0]!, 5000, "keyId") };
    const read = await whileAnswering(byName("Graph application get").match, { status: 200, body }, () => graph.getApplication(contoso, payments.appId));
    expect(read.passwordCredentials).toHaveLength(5000);
  });

  it("stops a Graph that pages for ever, with a clear error", async () => {
    tried++;
    const page = { ...(templates.owned as object), "@odata.nextLink": `${env().urls.graph}/v1.0/servicePrincipals(appId='${env().clientId}')/ownedObjects/microsoft.graph.application?$skiptoken=again` };
    const outcome = await whileAnswering({ host: "graph", path: "/ownedObjects/" }, { status: 200, body: page }, () => settle(() => graph.listOwnedApplications(contoso)));
    expect(outcome.ok).toBe(false);
    expect(expectClearError((outcome as { error: unknown }).error)).toMatch(/kept sending more pages/);
  });

  it("follows @odata.nextLink for owners, so no owner beyond the first page is dropped", async () => {
    tried++;
    const objectId = seededApp("reporting-service").objectId;
    const real = (await graph.listOwners(contoso, objectId)).length;
    // The emulator pages owners as Graph does: this skip token reads the real owners from the start.
    const link = `${env().urls.graph}/v1.0/applications/${objectId}/owners?$skiptoken=${Buffer.from("offset:0").toString("base64url")}`;
    const rule = { host: "graph", path: "/owners", nth: 1 };
    const owners = await whileAnswering(rule, { status: 200, body: { value: [{ "@odata.type": "#microsoft.graph.user", id: guid(77) }], "@odata.nextLink": link } }, () => graph.listOwners(contoso, objectId));
    expect(owners.map((o) => o.id)).toContain(guid(77));
    expect(owners).toHaveLength(real + 1);
  });
});

describe("the emulator's override answers", () => {
  const raw = (path: string) => fetch(`${emulator().https}${path}`);

  it("answers with the rule's body, raw text and content-type, and only then lets calls through", async () => {
    const path = `/graph/v1.0/override-probe/${crypto.randomUUID()}`;
    await whileAnswering({ path, nth: 1 } as Match, { status: 200, rawBody: "<html>hi</html>", contentType: "text/html" }, async () => {
      const first = await raw(path);
      expect([first.status, first.headers.get("content-type"), await first.text()]).toEqual([200, "text/html", "<html>hi</html>"]);
      expect((await raw(path)).status).toBe(401);
    });
  });

  it("with forward, runs the real route first (the secret is created) and replaces only its answer", async () => {
    const { secretsOf } = await import("../support/applications");
    const name = `Rotor forward probe ${crypto.randomUUID()}`;
    const answer = await whileAnswering({ host: "graph", path: "/addPassword" }, { status: 200, body: { nothing: true }, forward: true }, () =>
      settle(() => graph.addPassword(contoso, legacy.objectId, { displayName: name, endDateTime: new Date(Date.now() + 86_400_000) })),
    );
    expect(answer.ok).toBe(false);
    const created = (await secretsOf(legacy.appId)).find((s) => s.displayName === name && !s.removed);
    expect(created).toBeDefined();
    await graph.removePassword(contoso, legacy.objectId, created!.keyId);
  });

  it("refuses a rule with both status and respond, or both body and rawBody", async () => {
    const post = (rule: unknown) => fetch(`${emulator().http}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
    expect((await post({ path: "/x", status: 500, respond: { body: 1 } })).status).toBe(400);
    expect((await post({ path: "/x", respond: { body: 1, rawBody: "1" } })).status).toBe(400);
  });
});
