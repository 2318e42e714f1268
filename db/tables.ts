import { databaseEngine, type DatabaseEngine } from "@/lib/env";
import * as pg from "./schema-pg";
import * as sqlite from "./schema";

/**
 * The tables the queries use, for the engine this process runs on. One set of queries serves
 * SQLite and PostgreSQL: `db/queries/*` import their tables from here (types and enums still come
 * from db/schema.ts), and drizzle builds each engine's SQL from that engine's table objects.
 *
 * The PostgreSQL tables are typed as the SQLite ones: their row and insert types are identical
 * (tests/unit/schema-engines.test.ts checks types, columns, keys and indexes), and only the
 * query builder's dialect differs at run time. The engine is fixed for the process at start-up
 * (ROTOR_DATABASE_URL); a process that needs both (`db copy`, the schema test) imports
 * db/schema.ts and db/schema-pg.ts directly.
 */
const sqliteTables = {
  tenants: sqlite.tenants,
  users: sqlite.users,
  accounts: sqlite.accounts,
  sessions: sqlite.sessions,
  tenantDevopsSettings: sqlite.tenantDevopsSettings,
  applications: sqlite.applications,
  applicationOwners: sqlite.applicationOwners,
  rotations: sqlite.rotations,
  rotationOutput: sqlite.rotationOutput,
  rotationIdempotencyKeys: sqlite.rotationIdempotencyKeys,
  apiKeys: sqlite.apiKeys,
  tenantScheduleSettings: sqlite.tenantScheduleSettings,
  dueRuns: sqlite.dueRuns,
  auditLog: sqlite.auditLog,
  auditChainHeads: sqlite.auditChainHeads,
  authFailures: sqlite.authFailures,
  notificationChannels: sqlite.notificationChannels,
  tenantNotificationSettings: sqlite.tenantNotificationSettings,
  notificationEvents: sqlite.notificationEvents,
  notificationOutbox: sqlite.notificationOutbox,
  watchedOrganizations: sqlite.watchedOrganizations,
  consumerScans: sqlite.consumerScans,
  credentialSnapshots: sqlite.credentialSnapshots,
  unmanagedSnapshots: sqlite.unmanagedSnapshots,
};

export type Tables = typeof sqliteTables;

const pgTables = {
  tenants: pg.tenants,
  users: pg.users,
  accounts: pg.accounts,
  sessions: pg.sessions,
  tenantDevopsSettings: pg.tenantDevopsSettings,
  applications: pg.applications,
  applicationOwners: pg.applicationOwners,
  rotations: pg.rotations,
  rotationOutput: pg.rotationOutput,
  rotationIdempotencyKeys: pg.rotationIdempotencyKeys,
  apiKeys: pg.apiKeys,
  tenantScheduleSettings: pg.tenantScheduleSettings,
  dueRuns: pg.dueRuns,
  auditLog: pg.auditLog,
  auditChainHeads: pg.auditChainHeads,
  authFailures: pg.authFailures,
  notificationChannels: pg.notificationChannels,
  tenantNotificationSettings: pg.tenantNotificationSettings,
  notificationEvents: pg.notificationEvents,
  notificationOutbox: pg.notificationOutbox,
  watchedOrganizations: pg.watchedOrganizations,
  consumerScans: pg.consumerScans,
  credentialSnapshots: pg.credentialSnapshots,
  unmanagedSnapshots: pg.unmanagedSnapshots,
} satisfies Record<keyof Tables, unknown>;

/** Every table of `engine`, under the names db/schema.ts gives them. */
export function tablesFor(engine: DatabaseEngine): Tables {
  return engine === "postgres" ? (pgTables as unknown as Tables) : sqliteTables;
}

/** The engine whose tables this module exports (checked against the database getDb opens). */
export const tablesEngine: DatabaseEngine = databaseEngine();

export const {
  tenants,
  users,
  accounts,
  sessions,
  tenantDevopsSettings,
  applications,
  applicationOwners,
  rotations,
  rotationOutput,
  rotationIdempotencyKeys,
  apiKeys,
  tenantScheduleSettings,
  dueRuns,
  auditLog,
  auditChainHeads,
  authFailures,
  notificationChannels,
  tenantNotificationSettings,
  notificationEvents,
  notificationOutbox,
  watchedOrganizations,
  consumerScans,
  credentialSnapshots,
  unmanagedSnapshots,
} = tablesFor(tablesEngine);
