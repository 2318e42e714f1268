import { SessionList } from "@/components/sessions/session-list";
import { SignOutEverywhereButton } from "@/components/sessions/sign-out-everywhere-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getSessionContext } from "@/lib/auth/session";
import { listOwnSessions } from "@/lib/auth/sessions/list";
import type { Metadata } from "next";
import { redirect } from "next/navigation";

export const metadata: Metadata = { title: "Your sessions" };

export default async function SessionsPage() {
  const current = await getSessionContext();
  if (!current) redirect("/signin");
  const sessions = await listOwnSessions(await getDb(), current.user, current.sessionId);
  return (
    <>
      <PageHeader title="Your sessions" description="Every browser where you are signed in to Rotor. End one you do not recognise, or all of them." />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Signed in</CardTitle>
            <CardDescription>A session ends when you sign out, when you end it here, or at the latest at the time shown.</CardDescription>
          </CardHeader>
          <SessionList sessions={sessions} />
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Sign out everywhere</CardTitle>
            <CardDescription>Ends every session above, this one included. Use it when a device was lost or a cookie may have been copied.</CardDescription>
          </CardHeader>
          <CardContent>
            <SignOutEverywhereButton />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
