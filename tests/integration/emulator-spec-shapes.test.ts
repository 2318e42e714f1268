import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { DEVOPS_PROJECTS, SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { emulator } from "../support/emulator";

/**
 * Compares the emulator's answers with Azure DevOps' recorded examples: same keys, same value types,
 * recursively (first item of arrays). A key the example lacks is allowed only where the API
 * description documents it. The descriptions live beside the repository, not in it.
 */
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const specsDir = process.env.ROTOR_SPECS_DIR ?? resolve(repoRoot, "../shared/specs");
const available = existsSync(join(specsDir, "azure-devops"));

type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, Schema>; additionalProperties?: unknown; type?: string; items?: Schema };
type Swagger = { paths: Record<string, Record<string, { responses: Record<string, { schema?: Schema }> }>>; definitions: Record<string, Schema> };

const readJson = (file: string) => JSON.parse(readFileSync(join(specsDir, "azure-devops", file), "utf8").replace(/^\uFEFF/, ""));
const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Properties a schema documents (through $ref and allOf), and whether it is a free-form dictionary. */
function describeSchema(schema: Schema | undefined, defs: Swagger["definitions"]): { properties: Record<string, Schema>; dictionary: boolean; values?: Schema; items?: Schema } {
  if (!schema) return { properties: {}, dictionary: false };
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop()!;
    // `_links` is documented as ReferenceLinks but travels as a dictionary of links.
    if (name === "ReferenceLinks") return { properties: {}, dictionary: true };
    return describeSchema(defs[name], defs);
  }
  const inherited = (schema.allOf ?? []).map((s) => describeSchema(s, defs).properties);
  const properties = Object.assign({}, ...inherited, schema.properties ?? {}) as Record<string, Schema>;
  const dictionary = Boolean(schema.additionalProperties) || (schema.type === "object" && !Object.keys(properties).length);
  return { properties, dictionary, values: typeof schema.additionalProperties === "object" ? (schema.additionalProperties as Schema) : undefined, items: schema.items };
}

function compare(example: unknown, actual: unknown, schema: Schema | undefined, defs: Swagger["definitions"], path: string, problems: string[]) {
  if (actual === undefined) return void problems.push(`${path}: missing`);
  // Azure writes null for an unset value of any type.
  if (example === null) return;
  if (kind(example) !== kind(actual)) return void problems.push(`${path}: example has ${kind(example)}, emulator sent ${kind(actual)}`);
  const described = describeSchema(schema, defs);
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (example.length && actual.length) compare(example[0], actual[0], described.items, defs, `${path}[0]`, problems);
    return;
  }
  if (kind(example) !== "object") return;
  const [e, a] = [example as Record<string, unknown>, actual as Record<string, unknown>];
  if (described.dictionary) {
    for (const key of Object.keys(e).filter((k) => k in a)) compare(e[key], a[key], described.values, defs, `${path}.${key}`, problems);
    return;
  }
  for (const key of Object.keys(e)) compare(e[key], a[key], described.properties[key], defs, `${path}.${key}`, problems);
  for (const key of Object.keys(a).filter((k) => !(k in e) && !(k in described.properties))) problems.push(`${path}.${key}: not in the example and not documented`);
}

/** The documented 200 schema of an operation; lists travel as `{count, value}`. */
function responseSchema(spec: Swagger, path: string, method: string): Schema {
  const schema = spec.paths[path]![method]!.responses["200"]!.schema!;
  return schema.type === "array" ? { type: "object", properties: { count: { type: "integer" }, value: schema } } : schema;
}

type Context = { memberId: string; subject: string; pca: string };
type Case = {
  name: string;
  example: string;
  spec: [file: string, path: string, method: string];
  request: (ctx: Context) => string;
  put?: boolean;
  /** A POST with this body; `schema` names the definition its answer follows when the path documents another. */
  post?: unknown;
  schema?: string;
  /** Undoes what the request changed on the shared emulator. */
  after?: (answer: Record<string, any>, headers: Record<string, string>) => Promise<void>;
};

const ENDPOINTS: Case["spec"] = ["7.2/serviceEndpoint/serviceEndpoint.json", "/{organization}/{project}/_apis/serviceendpoint/endpoints", "get"];
const ENDPOINT: Case["spec"] = ["7.2/serviceEndpoint/serviceEndpoint.json", "/{organization}/{project}/_apis/serviceendpoint/endpoints/{endpointId}", "get"];
const examples = "7.1/serviceEndpoint/httpExamples/endpoints";
const webhook = `/devops/contoso-platform/payments/_apis/serviceendpoint/endpoints/${SERVICE_CONNECTIONS.statusWebhook}`;
const tokens = DEVOPS_PROJECTS.filter((p) => p.organization === "contoso-platform").map((p) => `endpoints/${p.id}`).join(",");

const CASES: Case[] = [
  { name: "projects list", example: "7.1/core/httpExamples/projects/GET__projects.json", spec: ["7.2/core/core.json", "/{organization}/_apis/projects", "get"], request: () => "/devops/contoso-platform/_apis/projects" },
  { name: "service endpoints list", example: `${examples}/ListEndpoints.json`, spec: ENDPOINTS, request: () => "/devops/contoso-platform/payments/_apis/serviceendpoint/endpoints?type=generic" },
  { name: "service endpoints list (4.1 recording)", example: `${examples}/GET__ServiceEndpoints.json`, spec: ENDPOINTS, request: () => "/devops/contoso-platform/payments/_apis/serviceendpoint/endpoints?type=azurerm" },
  { name: "service endpoint", example: `${examples}/GetServiceEndpointDetails.json`, spec: ENDPOINT, request: () => webhook },
  { name: "service endpoint (4.1 recording)", example: `${examples}/GET__ServiceEndpointDetails.json`, spec: ENDPOINT, request: () => webhook },
  {
    name: "service endpoint create",
    example: `${examples}/CreateAzureRMEndpoint.json`,
    spec: ["7.2/serviceEndpoint/serviceEndpoint.json", "/{organization}/_apis/serviceendpoint/endpoints", "post"],
    request: () => "/devops/contoso-platform/_apis/serviceendpoint/endpoints",
    // The recorded example's body, in a seeded project; its service principal is no application of the scenario.
    post: available && (() => {
      const body = readJson(`${examples}/CreateAzureRMEndpoint.json`).parameters.body;
      return { ...body, name: "spec-shape-create", serviceEndpointProjectReferences: [{ projectReference: { id: DEVOPS_PROJECTS[1].id, name: DEVOPS_PROJECTS[1].name }, name: "spec-shape-create" }] };
    })(),
    after: async (answer, headers) => {
      const res = await fetch(`${emulator().https}/devops/contoso-platform/_apis/serviceendpoint/endpoints/${answer.id}?projectIds=${DEVOPS_PROJECTS[1].id}`, { method: "DELETE", headers });
      expect(res.status).toBe(204);
    },
  },
  { name: "service endpoint update", example: `${examples}/UpdateServiceEndpoint.json`, spec: ["7.2/serviceEndpoint/serviceEndpoint.json", "/{organization}/_apis/serviceendpoint/endpoints/{endpointId}", "put"], request: () => webhook, put: true },
  {
    // ExecuteServiceEndpointRequest: the spec documents its path only through the recorded example.
    name: "endpoint proxy TestConnection",
    example: "7.1/serviceEndpoint/httpExamples/endpointproxy/POST__ExecuteServiceEndpointRequestAsync.json",
    spec: ["7.1/serviceEndpoint/serviceEndpoint.json", "/{organization}/{project}/_apis/serviceendpoint/endpointproxy", "post"],
    schema: "ServiceEndpointRequestResult",
    request: () => `/devops/contoso-data/shared-infra/_apis/serviceendpoint/endpointproxy?endpointId=${SERVICE_CONNECTIONS.legacyBatchArm}`,
    post: { dataSourceDetails: { dataSourceName: "TestConnection", parameters: {} } },
  },
  { name: "accounts of a member", example: "7.1/account/httpExamples/accounts/GET__Accounts_memberId-_userId_.json", spec: ["7.2/account/accounts.json", "/_apis/accounts", "get"], request: (ctx) => `/app/_apis/accounts?memberId=${ctx.memberId}` },
  { name: "profile of me", example: "7.1/profile/httpExamples/profiles/GET__profile_profiles_me.json", spec: ["7.2/profile/profile.json", "/_apis/profile/profiles/{id}", "get"], request: () => "/app/_apis/profile/profiles/me" },
  {
    name: "permissions",
    example: "7.1/security/httpExamples/permissions/GET__permissions__securityNamespaceId__8__api-version-2.2_tokens-_token1_,_token2_,_token3__alwaysAllowAdministrators-False.json",
    spec: ["7.2/security/security.json", "/{organization}/_apis/permissions/{securityNamespaceId}/{permissions}", "get"],
    request: () => `/devops/contoso-platform/_apis/permissions/49b48001-ca20-4adc-8111-5b60c903a50c/2?tokens=${tokens}`,
  },
  { name: "graph groups", example: "7.1/graph/httpExamples/Groups/GetAllGroups.json", spec: ["7.2/graph/graph.json", "/{organization}/_apis/graph/groups", "get"], request: () => "/vssps/contoso-platform/_apis/graph/groups" },
  { name: "memberships of a user", example: "7.1/graph/httpExamples/MembershipsBatch/BatchGetMembershipsUserUp.json", spec: ["7.2/graph/graph.json", "/{organization}/_apis/graph/Memberships/{subjectDescriptor}", "get"], request: (ctx) => `/vssps/contoso-platform/_apis/graph/Memberships/${ctx.subject}` },
  { name: "one membership", example: "7.1/graph/httpExamples/Memberships/GetMembershipUser.json", spec: ["7.2/graph/graph.json", "/{organization}/_apis/graph/memberships/{subjectDescriptor}/{containerDescriptor}", "get"], request: (ctx) => `/vssps/contoso-platform/_apis/graph/memberships/${ctx.subject}/${ctx.pca}` },
  { name: "descriptor of a member", example: "7.1/graph/httpExamples/Descriptors/GetDescriptorById.json", spec: ["7.2/graph/graph.json", "/{organization}/_apis/graph/descriptors/{storageKey}", "get"], request: (ctx) => `/vssps/contoso-platform/_apis/graph/descriptors/${ctx.memberId}` },
];

describe("emulator answers have the shapes of Azure DevOps' recorded examples", () => {
  if (!available) {
    it.skip(`recorded examples not found at ${specsDir}: a clone without ../shared/specs cannot check shapes (set ROTOR_SPECS_DIR to point at them)`, () => {});
    return;
  }
  let headers: Record<string, string>;
  let ctx: Context;
  const get = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${emulator().https}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
    expect(res.status, path).toBe(200);
    return res.json() as Promise<Record<string, any>>;
  };
  beforeAll(async () => {
    const minted = await fetch(`${emulator().https}/_emulator/devops/pats`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userKey: "contoso-admin" }) });
    const { token } = (await minted.json()) as { token: string };
    headers = { authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}`, "x-tfs-fedauthredirect": "Suppress", accept: "application/json;api-version=7.1" };
    const connection = await get("/devops/contoso-platform/_apis/connectionData");
    const groups = await get("/vssps/contoso-platform/_apis/graph/groups");
    ctx = {
      memberId: connection.authenticatedUser.id,
      subject: connection.authenticatedUser.subjectDescriptor,
      pca: groups.value.find((g: { displayName: string }) => g.displayName === "Project Collection Administrators").descriptor,
    };
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const example = readJson(c.example).responses["200"].body;
      const spec = readJson(c.spec[0]) as Swagger;
      const path = c.request(ctx);
      const json = { "content-type": "application/json" };
      const actual = c.put
        ? await get(path.replace("/payments/", "/"), { method: "PUT", body: JSON.stringify(await get(path)), headers: json })
        : c.post
          ? await get(path, { method: "POST", body: JSON.stringify(c.post), headers: json })
          : await get(path);
      const problems: string[] = [];
      const schema = c.schema ? { $ref: `#/definitions/${c.schema}` } : responseSchema(spec, c.spec[1], c.spec[2]);
      compare(example, actual, schema, spec.definitions, "body", problems);
      await c.after?.(actual, headers);
      expect(problems).toEqual([]);
    });
  }
});
