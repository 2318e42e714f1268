import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../index";
import { tenants } from "../schema";

/** Throws when the database does not answer a trivial read. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.select({ one: sql`1` }).from(tenants).limit(1);
}
