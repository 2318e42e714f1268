"use server";

import { getDb } from "@/db";
import { writeAudit } from "@/db/queries/audit";
import { getDevopsSettings, updateDevopsSettings, type DevopsSettingsChange } from "@/db/queries/tenants";
import { safeAction } from "@/lib/actions/safe-action";
import { patContext } from "@/lib/crypto/contexts";
import { parseRegistryHosts } from "@/lib/azure/devops/registry-hosts";
import { validatePat } from "@/lib/azure/devops/validate-pat";
import { seal } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { devopsSettingsFields, PAT_REQUIRED, patMissing } from "@/lib/validations/devops-settings";
import { revalidatePath } from "next/cache";
import { withTransaction } from "@/db/transaction";
import { auditActor } from "@/lib/actor";

export type SavedDevopsSettings = { changed: string[]; patCheckedIn?: string };

/**
 * Saves System → Azure DevOps for the admin's tenant. Checks again what the form checked, asks the
 * database whether a PAT is stored, checks a new PAT against Azure DevOps before sealing it, and
 * audits the change (names of what changed; never the PAT).
 */
export const saveDevopsSettings = safeAction({
  name: "saveDevopsSettings",
  schema: devopsSettingsFields.omit({ hasStoredPat: true }),
  role: "admin",
  handler: async (input, admin): Promise<SavedDevopsSettings> => {
    const db = await getDb();
    const current = await getDevopsSettings(db, { tenantId: admin.tenantId });
    if (!current) throw new AppError("not_found", "This tenant has no Azure DevOps settings yet. Sign in again.");
    const values = { ...input, hasStoredPat: current.patSealed !== null };
    if (patMissing(values)) throw new AppError("invalid_input", PAT_REQUIRED, { pat: [PAT_REQUIRED] });
    if (values.removePat && values.pat) throw new AppError("invalid_input", "Either replace the PAT or remove it, not both.", { pat: ["Either replace the PAT or remove it, not both."] });

    let pat: DevopsSettingsChange["pat"];
    let patCheckedIn: string | undefined;
    if (values.pat) {
      const check = await validatePat(values.pat);
      if (!check.ok) throw new AppError("invalid_input", "Azure DevOps did not accept the PAT.", { pat: [check.reason] });
      patCheckedIn = check.organization;
      pat = { sealed: seal(env().keyring, values.pat, patContext(admin.tenantId)), last4: values.pat.slice(-4) };
    } else if (values.removePat) {
      pat = current.patSealed ? null : undefined;
    }

    const registryHosts = values.dockerRegistryHosts === undefined ? undefined : parseRegistryHosts(values.dockerRegistryHosts).hosts;
    const registryChanged = registryHosts !== undefined && registryHosts.join(",") !== current.dockerRegistryHosts.join(",");

    const changed = [
      current.integrationEnabled !== values.integrationEnabled && `DevOps Integration ${values.integrationEnabled ? "on" : "off"}`,
      current.useServicePrincipal !== values.useServicePrincipal && `Use ServicePrincipal ${values.useServicePrincipal ? "on" : "off"}`,
      current.includeHomeTenantOrgs !== values.includeHomeTenantOrgs && `Include Home Tenant Organizations ${values.includeHomeTenantOrgs ? "on" : "off"}`,
      registryChanged && `Docker registry allow-list ${registryHosts.length ? registryHosts.join(", ") : "emptied"}`,
      pat === null && "PAT removed",
      pat && (current.patSealed ? `PAT replaced (ends …${pat.last4})` : `PAT set (ends …${pat.last4})`),
    ].filter((c): c is string => typeof c === "string");

    await withTransaction(db, async () => {
      await updateDevopsSettings(db, { tenantId: admin.tenantId, userId: admin.id, change: { ...values, pat, dockerRegistryHosts: registryHosts } });
      if (changed.length) {
        await writeAudit(db, {
          tenantId: admin.tenantId,
          actor: auditActor(admin),
          action: "settings.devops_updated",
          target: { type: "tenant", id: admin.tenantId },
          detail: { changes: changed },
        });
      }
    });
    revalidatePath("/system/azure-devops");
    revalidatePath("/audit");
    return { changed, patCheckedIn };
  },
});
