import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** How a scheduler uses a key: the hourly call, and where the full API is described. */
export function UsageCard({ appUrl }: { appUrl: string }) {
  const example = `curl -fsS -X POST \\
  -H "Authorization: Bearer $ROTOR_API_KEY" \\
  ${appUrl}/api/v1/rotations/due`;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Call the scheduler API</CardTitle>
        <CardDescription>
          Call this every hour: it rotates every application that is due and answers when they are done. A key acts only in this tenant.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 text-sm text-slate-600">
        <pre tabIndex={0} aria-label="Example call" className="overflow-x-auto rounded-lg bg-slate-900 px-4 py-3 font-mono text-xs leading-relaxed text-slate-100">{example}</pre>
        <p>
          To rotate one application, <span className="font-mono text-xs">POST /api/v1/applications/&#123;id&#125;/rotations</span>, then poll the{" "}
          <span className="font-mono text-xs">Location</span> it returns. Every route is described in the{" "}
          <a className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800" href="/api/v1/openapi.json">
            OpenAPI document
          </a>
          .
        </p>
      </CardContent>
    </Card>
  );
}
