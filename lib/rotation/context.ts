import "server-only";
import type { Db } from "@/db";
import { getApplication } from "@/db/queries/applications";
import { getDevopsSettings } from "@/db/queries/tenants";
import type { Application } from "@/db/schema";

/** Where the new secret goes; `registryHosts` is the tenant's docker registry allow-list, checked again at the write. */
export type Binding = { organization: string; project: string; endpointId: string; endpointName: string; endpointType: string | null; registryHosts: readonly string[] };

/**
 * The application, and its service connection when DevOps integration is on for tenant and
 * application. `skipWarning` is set when the application IS bound but the connection will be
 * skipped: the rotation then succeeds with that warning, never as a plain success.
 */
export async function rotationContext(
  db: Db,
  applicationId: string,
): Promise<{ application: Application; binding: Binding | null; skipReason: string | null; skipWarning: string | null }> {
  const application = await getApplication(db, { applicationId });
  if (!application) throw new Error(`Application ${applicationId} is gone.`);
  const settings = await getDevopsSettings(db, { tenantId: application.tenantId });
  const tenantOn = settings?.integrationEnabled ?? false;
  const bound = application.devopsEnabled && application.devopsOrganization && application.devopsProjectId && application.devopsEndpointId;
  if (!tenantOn) {
    const skipWarning = bound
      ? `Service connection ${application.devopsEndpointName ?? application.devopsEndpointId} was not updated (DevOps Integration is off for this tenant); it still holds the old secret, which is removed when the overlap ends.`
      : null;
    return { application, binding: null, skipReason: "DevOps Integration is off for this tenant", skipWarning };
  }
  if (!bound) return { application, binding: null, skipReason: "DevOps Integration is off for this application", skipWarning: null };
  return {
    application,
    binding: {
      organization: application.devopsOrganization!,
      project: application.devopsProjectId!,
      endpointId: application.devopsEndpointId!,
      endpointName: application.devopsEndpointName ?? application.devopsEndpointId!,
      endpointType: application.devopsEndpointType,
      registryHosts: settings?.dockerRegistryHosts ?? [],
    },
    skipReason: null,
    skipWarning: null,
  };
}
