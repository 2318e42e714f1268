import "server-only";
import { and, count, desc, eq, gt, lte } from "drizzle-orm";
import type { Db } from "../index";
import { authFailures } from "../tables";

/** The newest `limit` failures of a bucket since `since`, oldest first. */
export async function recentAuthFailures(db: Db, { bucket, since, limit }: { bucket: string; since: Date; limit: number }): Promise<Date[]> {
  const rows = await db
    .select({ at: authFailures.at })
    .from(authFailures)
    .where(and(eq(authFailures.bucket, bucket), gt(authFailures.at, since)))
    .orderBy(desc(authFailures.at), desc(authFailures.id))
    .limit(limit);
  return rows.map((row) => row.at).reverse();
}

/** Records one failure, and forgets every bucket's failures at or before `forgetBefore` (out of every window). */
export async function recordAuthFailure(db: Db, { bucket, at, forgetBefore }: { bucket: string; at: Date; forgetBefore: Date }): Promise<void> {
  await db.insert(authFailures).values({ bucket, at });
  await db.delete(authFailures).where(lte(authFailures.at, forgetBefore));
}

/** How many failures are remembered (for tests and bounds). */
export async function countAuthFailures(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(authFailures);
  return row?.n ?? 0;
}
