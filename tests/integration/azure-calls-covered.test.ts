import { describe, expect, it } from "vitest";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { TENANTS, USERS } from "../../emulator/seed";
import { mark, mintPat, requestsSince, seededApp, signIn, useTestEmulator } from "../support/rotor";

useTestEmulator();
const graph = await import("@/lib/azure/graph");
const { appToken, clearAppTokens } = await import("@/lib/azure/app-token");
const { listOrganizations } = await import("@/lib/azure/devops/organizations");
const { listProjects } = await import("@/lib/azure/devops/projects");
const { administerableProjects } = await import("@/lib/azure/devops/permissions");
const { listServiceConnections, getServiceConnection, updateServiceConnectionSecret, stampedKeyId } = await import("@/lib/azure/devops/service-connections");
const { userCredential, servicePrincipalCredential } = await import("@/lib/azure/devops/credential");
const { validatePat } = await import("@/lib/azure/devops/validate-pat");
const { testServicePrincipal } = await import("@/lib/azure/devops/test-service-principal");
const { discoverConsumers } = await import("@/lib/azure/devops/discovery");
const { clearDevopsClients } = await import("@/lib/azure/devops/client");

/**
 * Every Azure call Rotor's clients make has its answer's shape held against Microsoft's contract:
 * emulator-spec-shapes.test.ts (Azure DevOps' recorded examples in ../shared/specs) or
 * emulator-documented-shapes.test.ts (Entra ID, Graph, DevOps location data, as documented).
 * This drives each client function once and fails on a call neither file covers, so a new call
 * cannot reach real Azure unchecked.
 */
const COVERED: [RegExp, string][] = [
  [/^POST \/[^/]+\/oauth2\/v2\.0\/token$/, "documented: Entra ID token"],
  [/^GET \/[^/]+\/v2\.0\/\.well-known\/openid-configuration$/, "documented: Entra ID discovery"],
  [/^GET \/[^/]+\/discovery\/v2\.0\/keys$/, "documented: Entra ID keys"],
  [/^GET \/graph\/v1\.0\/applications\(appId='[^']+'\)$/, "documented: Graph application"],
  [/^GET \/graph\/v1\.0\/applications\/[^/]+$/, "documented: Graph application"],
  [/^GET \/graph\/v1\.0\/servicePrincipals\(appId='[^']+'\)\/ownedObjects\/microsoft\.graph\.application$/, "documented: Graph owned applications"],
  [/^GET \/graph\/v1\.0\/applications\/[^/]+\/owners$/, "documented: Graph owners"],
  [/^POST \/graph\/v1\.0\/applications\/[^/]+\/(addPassword|removePassword)$/, "documented: Graph addPassword / removePassword"],
  [/^GET \/graph\/v1\.0\/users\/[^/]+$/, "documented: Graph user"],
  [/^GET \/graph\/v1\.0\/organization$/, "documented: Graph organization"],
  [/^OPTIONS \/devops\/[^/]+\/_apis(\/[^/]+)?$/, "documented: DevOps resource locations"],
  [/^GET \/devops\/[^/]+\/_apis\/ResourceAreas$/i, "documented: DevOps resource areas"],
  [/^GET \/devops\/[^/]+\/_apis\/connectionData$/i, "documented: DevOps connectionData"],
  [/^GET \/app\/_apis\/profile\/profiles\/me$/, "specs: profile"],
  [/^GET \/app\/_apis\/accounts$/, "specs: accounts"],
  [/^GET \/devops\/[^/]+\/_apis\/projects$/, "specs: projects"],
  [/^GET \/devops\/[^/]+\/_apis\/permissions\/[^/]+\/\d+$/, "specs: permissions"],
  [/^GET \/devops\/[^/]+\/[^/]+\/_apis\/serviceendpoint\/endpoints(\/[^/]+)?$/, "specs: service endpoints"],
  [/^PUT \/devops\/[^/]+\/_apis\/serviceendpoint\/endpoints\/[^/]+$/, "specs: service endpoint update"],
];

const contoso = TENANTS.contoso.id;

describe("every Azure call Rotor makes has its answer's shape checked", () => {
  it("drives each client function and finds each call in a shape test", async () => {
    clearAppTokens();
    clearDevopsClients();
    // Signing in goes through the emulator's account picker, a page for people: before the mark.
    const admin = await signIn("contoso-admin");
    const owner = await signIn("contoso-owner");
    const since = await mark();
    const { appId, objectId } = seededApp("payments-api");

    await graph.getApplication(contoso, appId);
    await graph.listOwnedApplications(contoso);
    await graph.listOwners(contoso, objectId);
    await graph.getUserProfile(contoso, USERS[1]!.oid).catch(() => undefined); // 403 without User.ReadBasic.All: still a call
    const secret = await graph.addPassword(contoso, objectId, { displayName: "Rotor coverage probe", endDateTime: new Date(Date.now() + 86_400_000) });
    await graph.removePassword(contoso, objectId, secret.keyId);
    await graph.removePassword(contoso, objectId, secret.keyId); // already gone: the check re-reads the application

    const user = userCredential(owner);
    await listOrganizations(owner, { includeHomeTenant: false });
    const projects = await listProjects(user, "contoso-platform");
    await administerableProjects(user, "contoso-platform", projects.map((p) => p.id));
    await listServiceConnections(user, { organization: "contoso-platform", project: "payments", appId });
    await getServiceConnection(user, { organization: "contoso-platform", project: "payments", endpointId: SERVICE_CONNECTIONS.paymentsApiArm, appId });
    const sp = servicePrincipalCredential(contoso);
    await updateServiceConnectionSecret(sp, { organization: "contoso-platform", project: "payments", endpointId: SERVICE_CONNECTIONS.paymentsApiArm, appId, secret: "coverage-probe-not-a-secret", keyId: secret.keyId });
    await discoverConsumers(sp, { organizations: ["contoso-platform"], appIds: [appId] });
    await stampedKeyId(sp, { organization: "contoso-platform", project: "payments", endpointId: SERVICE_CONNECTIONS.paymentsApiArm });
    await validatePat(await mintPat("contoso-admin"));
    await testServicePrincipal(admin);
    await appToken(contoso, "devops");

    const calls = [...new Set((await requestsSince(since)).map((r) => `${r.method} ${decodeURIComponent(r.path.split("?")[0]!)}`))];
    const uncovered = calls.filter((call) => !COVERED.some(([pattern]) => pattern.test(call)));
    expect(uncovered, "Azure calls with no shape test").toEqual([]);
    // The list is not stale: each entry matches a call Rotor's clients make (Auth.js's sign-in calls aside).
    const unused = COVERED.filter(([pattern]) => !calls.some((call) => pattern.test(call))).map(([, what]) => what);
    expect(unused.filter((what) => !/keys|organization|connectionData|ResourceAreas|discovery/.test(what))).toEqual([]);
  }, 60_000);
});
