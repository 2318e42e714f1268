import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { closeDatabase, openDatabase } from "../db";
import { insertDemoData, isEmpty, type DemoAlerts } from "../db/queries/demo-seed";
import { APPS, ORGANIZATIONS, TENANTS, USERS } from "../emulator/seed";
import { CONTOSO_REGISTRY_HOSTS } from "../emulator/seed-devops";
import { channelSecretContext } from "../lib/crypto/contexts";
import { createKeyring, parseKey, seal } from "../lib/crypto/secret-box";
import { emulatorUrls } from "../lib/embedded-defaults";
import { ensureEmbeddedSecrets } from "../lib/embedded-secrets";
import { newSigningSecret } from "../lib/notify/signature";

/**
 * The demo tenant, ready to use on first start: Contoso and Northwind known to Rotor, Contoso's
 * Azure DevOps integration on (service principal mode, home-tenant organizations for guests,
 * Contoso's own docker registry on the allow-list, its organizations watched for consumers), and
 * the applications Rotor's service principal owns under management with their Entra owners. No
 * binding yet: binding one is what the demo shows. Contoso's alerts go to the emulator's sinks: its
 * SMTP server (STARTTLS on loopback, mailbox at /_emulator/mail) and a signed generic webhook
 * (/_emulator/webhooks), both allowed a loopback target. Only ever seeds an empty database.
 */
export async function seedDemo(dataDir: string, urls = emulatorUrls()): Promise<boolean> {
  const db = await openDatabase(join(dataDir, "rotor.db"));
  try {
    if (!(await isEmpty(db))) return false;
    await insertDemoData(db, {
      tenantRows: [TENANTS.contoso, TENANTS.northwind].map((tenant) => ({
        id: tenant.id,
        name: tenant.name,
        devops: {
          integrationEnabled: tenant === TENANTS.contoso,
          useServicePrincipal: true,
          includeHomeTenantOrgs: tenant === TENANTS.contoso,
          dockerRegistryHosts: tenant === TENANTS.contoso ? CONTOSO_REGISTRY_HOSTS : [],
        },
        // Each tenant watches its own organizations, so the demo shows every consumer from the first scan.
        watched: ORGANIZATIONS.filter((o) => TENANTS[o.tenant].id === tenant.id).map((o) => ({ name: o.name, tenantId: tenant.id })),
      })),
      applicationRows: APPS.filter((a) => a.managed).map((app) => ({
        id: randomUUID(),
        tenantId: TENANTS[app.tenant].id,
        appId: app.appId,
        objectId: app.objectId,
        displayName: app.displayName,
        ownerOids: app.owners.flatMap((key) => USERS.filter((u) => u.key === key).map((u) => u.oid)),
      })),
      alerts: contosoAlerts(dataDir, urls),
    });
    return true;
  } finally {
    closeDatabase(db);
  }
}

/** Contoso's alert channels: the emulator's SMTP sink and a signed generic webhook into its webhook sink. */
function contosoAlerts(dataDir: string, urls: ReturnType<typeof emulatorUrls>): DemoAlerts {
  const contoso = TENANTS.contoso.id;
  const keyring = createKeyring(parseKey(ensureEmbeddedSecrets(dataDir).encryptionKey, "embedded encryption key"));
  const everyAlert = ["rotation.failed", "old_secret.not_removed", "secret.expiring", "due_run.summary"];
  const hookId = randomUUID();
  return {
    channels: [
      { id: randomUUID(), tenantId: contoso, kind: "email", name: "E-mail (SMTP)", smtpHost: urls.smtp.host, smtpPort: urls.smtp.port, smtpTlsMode: "starttls", mailFrom: "rotor@contoso.example", allowPrivateTargets: true },
      {
        id: hookId,
        tenantId: contoso,
        kind: "webhook",
        name: "Contoso ops (emulator sink)",
        webhookUrl: `${urls.webhookSink}/contoso-ops`,
        webhookFormat: "generic",
        events: everyAlert,
        allowPrivateTargets: true,
        // Nobody needs it in the demo (the sink does not check); a real receiver would be shown it once.
        secretSealed: seal(keyring, newSigningSecret(), channelSecretContext(hookId)),
      },
    ],
    settings: [{ tenantId: contoso, adminAddresses: ["secops@contoso.example"] }],
  };
}
