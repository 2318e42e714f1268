import { beforeAll, describe, expect, it } from "vitest";
import { TENANTS } from "../../emulator/seed";
import { SERVICE_CONNECTIONS } from "../../emulator/seed-devops";
import { manage } from "../support/applications";
import { addFault, removeFault, useTestEmulator } from "../support/rotor";

useTestEmulator();
const { getDb } = await import("@/db");
const { scanConsumers } = await import("@/lib/consumers/scan");
const { getConsumerScan, getWatchedOrganizations, setWatchedOrganizations } = await import("@/db/queries/consumers");
const { AppError } = await import("@/lib/errors");

const contoso = TENANTS.contoso.id;
const C = SERVICE_CONNECTIONS;
const watch = (names: string[]) => names.map((name) => ({ name, tenantId: contoso }));

describe("consumer scans: stored per application with the time of the scan", () => {
  let ledger: Awaited<ReturnType<typeof manage>>;
  beforeAll(async () => {
    ledger = await manage("ledger-sync", { organization: "contoso-platform", projectName: "payments", endpointId: C.ledgerSyncPayments });
  });

  it("refuses to scan before the tenant watches an organization, storing nothing", async () => {
    const db = await getDb();
    const error = await scanConsumers(db, { tenantId: contoso }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as Error).message).toMatch(/Choose the organizations Rotor watches/);
    expect(await getConsumerScan(db, { tenantId: contoso, applicationId: ledger.id })).toBeNull();
  });

  it("finds Ledger Sync's four connections, marks the bound one, and stores the scan whole", async () => {
    const db = await getDb();
    await setWatchedOrganizations(db, { tenantId: contoso, userId: null, organizations: watch(["contoso-platform", "contoso-data"]) });
    expect(await getWatchedOrganizations(db, { tenantId: contoso })).toEqual(watch(["contoso-platform", "contoso-data"]));
    const now = new Date("2026-12-03T12:00:00Z");
    const [result] = await scanConsumers(db, { tenantId: contoso, applicationIds: [ledger.id], now });
    expect(result!.consumers.map((c) => [c.name, c.bound, c.supported, c.holdsSecret])).toEqual([
      ["ledger-sync-reports", false, true, true],
      ["ledger-sync-payments", true, true, true],
      ["ledger-sync-ledger", false, true, true],
      ["ledger-sync-shared", false, true, true],
    ]);
    expect(result!.unreadable).toEqual([]);
    const stored = await getConsumerScan(db, { tenantId: contoso, applicationId: ledger.id });
    expect(stored).toMatchObject({ scannedAt: now, organizations: ["contoso-platform", "contoso-data"], consumers: result!.consumers, unreadable: [] });
    // Another tenant asking for it gets nothing.
    expect(await getConsumerScan(db, { tenantId: TENANTS.northwind.id, applicationId: ledger.id })).toBeNull();
  });

  it("stores what it could not read with the result: a project, or whole organizations when the credential fails", async () => {
    const db = await getDb();
    const before = (await getConsumerScan(db, { tenantId: contoso, applicationId: ledger.id }))?.scannedAt;
    const fault = await addFault({ host: "devops", method: "GET", path: "/d0000000-0000-4000-8000-0000000000a4/_apis/serviceendpoint/endpoints", status: 503 });
    try {
      const [result] = await scanConsumers(db, { tenantId: contoso, applicationIds: [ledger.id] });
      expect(result!.unreadable).toEqual([{ organization: "contoso-data", projectId: "d0000000-0000-4000-8000-0000000000a4", projectName: "ledger", reason: expect.any(String) }]);
      expect(result!.consumers.map((c) => c.name)).not.toContain("ledger-sync-ledger");
    } finally {
      await removeFault(fault);
    }
    const stored = (await getConsumerScan(db, { tenantId: contoso, applicationId: ledger.id }))!;
    expect(stored.unreadable).toHaveLength(1);
    expect(stored.scannedAt).not.toEqual(before);

    // The token cannot be had at all: every organization is stored as unreadable, never as "no consumer".
    const noToken = await addFault({ host: "login", path: "/oauth2/v2.0/token", status: 400 });
    try {
      const { clearAppTokens } = await import("@/lib/azure/app-token");
      const { clearDevopsClients } = await import("@/lib/azure/devops/client");
      clearAppTokens();
      clearDevopsClients();
      const [result] = await scanConsumers(db, { tenantId: contoso, applicationIds: [ledger.id] });
      expect(result!.consumers).toEqual([]);
      expect(result!.unreadable.map((u) => u.organization)).toEqual(["contoso-platform", "contoso-data"]);
    } finally {
      await removeFault(noToken);
    }
  });
});
