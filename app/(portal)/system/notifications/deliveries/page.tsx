import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { listDeliveries } from "@/db/queries/notifications";
import { requireAdmin } from "@/lib/auth/session";
import { EVENT_LABELS, type EventType } from "@/lib/notify/message";
import { Inbox } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Delivery log" };

const STATUS = {
  delivered: { tone: "success", words: "Delivered" },
  pending: { tone: "warning", words: "Waiting to retry" },
  failed: { tone: "danger", words: "Failed" },
} as const;

/** Every alert message of the tenant and what became of it (the last 200). */
export default async function DeliveryLogPage() {
  const admin = await requireAdmin();
  const rows = await listDeliveries(await getDb(), { tenantId: admin.tenantId, limit: 200 });
  return (
    <>
      <PageHeader
        title="Delivery log"
        description={
          <>
            Each alert of {admin.tenantName}, per recipient, and its outcome. Channels are set up in{" "}
            <Link href="/system/notifications" className="font-medium text-brand-700 hover:underline">
              Notifications
            </Link>
            .
          </>
        }
      />
      <Card>
        {rows.length === 0 ? (
          <EmptyState icon={Inbox} title="No alert sent yet">
            Alerts and tests appear here as they are sent.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto" role="region" aria-label="Deliveries" tabIndex={0}>
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2 font-semibold">Queued</th>
                  <th scope="col" className="px-4 py-2 font-semibold">Alert</th>
                  <th scope="col" className="px-4 py-2 font-semibold">Channel → recipient</th>
                  <th scope="col" className="px-4 py-2 font-semibold">Outcome</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((row) => {
                  const status = STATUS[row.status];
                  return (
                    <tr key={row.id} className="align-top">
                      <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                        <LocalTime value={row.createdAt} />
                      </td>
                      <td className="px-4 py-3">
                        <p className="font-medium text-slate-900">{row.title ?? EVENT_LABELS[row.eventType as EventType] ?? row.eventType}</p>
                        <p className="text-xs text-slate-500">{EVENT_LABELS[row.eventType as EventType] ?? row.eventType}</p>
                      </td>
                      <td className="px-4 py-3 text-slate-700">
                        {row.channelName}
                        {row.channelKind === "email" ? <span className="text-slate-500"> → {row.recipient}</span> : null}
                      </td>
                      <td className="px-4 py-3">
                        <Badge tone={status.tone}>{status.words}</Badge>
                        <p className="mt-1 text-xs text-slate-500">
                          {row.attempts} attempt{row.attempts === 1 ? "" : "s"}
                          {row.deliveredAt ? (
                            <>
                              {" "}· delivered <LocalTime value={row.deliveredAt} />
                            </>
                          ) : row.status === "pending" ? (
                            <>
                              {" "}· next <LocalTime value={row.nextAttemptAt} />
                            </>
                          ) : null}
                        </p>
                        {row.lastError && row.status !== "delivered" ? <p className="mt-1 max-w-md text-xs text-red-800">{row.lastError}</p> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
