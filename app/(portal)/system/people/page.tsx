import { PeopleList } from "@/components/people/people-list";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireAdmin } from "@/lib/auth/session";
import { listPeopleWithSessions } from "@/lib/auth/sessions/list";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const admin = await requireAdmin();
  const people = await listPeopleWithSessions(await getDb(), admin);
  return (
    <>
      <PageHeader
        title="People"
        description={`Everyone who has signed in to Rotor in ${admin.tenantName}. End a person's sessions when a device is lost or they leave; your own are on Your sessions.`}
      />
      <Card>
        <CardHeader>
          <CardTitle>Signed-in people</CardTitle>
          <CardDescription>Ending sessions is written to the audit log. Rotor also ends them itself when Entra ID no longer accepts the person.</CardDescription>
        </CardHeader>
        <PeopleList people={people} selfId={admin.id} />
      </Card>
    </>
  );
}
