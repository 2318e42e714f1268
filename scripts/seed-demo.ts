import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { openDatabase } from "../db";
import { applicationOwners, applications, notificationChannels, tenantDevopsSettings, tenantNotificationSettings, tenants, watchedOrganizations } from "../db/schema";
import { channelSecretContext } from "../lib/crypto/contexts";
import { createKeyring, parseKey, seal } from "../lib/crypto/secret-box";
import { emulatorUrls } from "../lib/embedded-defaults";
import { ensureEmbeddedSecrets } from "../lib/embedded-secrets";
import { newSigningSecret } from "../lib/notify/signature";
import { APPS, ORGANIZATIONS, TENANTS, USERS } from "../emulator/seed";
import { CONTOSO_REGISTRY_HOSTS } from "../emulator/seed-devops";

/**
 * The demo tenant, ready to use on first start: Contoso and Northwind known to Rotor, Contoso's
 * Azure DevOps integration on (service principal mode, home-tenant organizations for guests,
 * Contoso's own docker registry on the allow-list, its organizations watched for consumers), and
 * the applications Rotor's service principal owns under management with their Entra owners. No
 * binding yet: binding one is what the demo shows. Contoso's alerts go to the emulator's sinks: its
 * SMTP server (STARTTLS on loopback, mailbox at /_emulator/mail) and a signed generic webhook
 * (/_emulator/webhooks), both allowed a loopback target. Only ever seeds an empty database.
 */
export function seedDemo(dataDir: string, urls = emulatorUrls()): boolean {
  const db = openDatabase(join(dataDir, "rotor.db"));
  try {
    if (db.select().from(tenants).get()) return false;
    db.transaction(() => {
      for (const tenant of [TENANTS.contoso, TENANTS.northwind]) {
        db.insert(tenants).values({ id: tenant.id, name: tenant.name }).run();
        db.insert(tenantDevopsSettings)
          .values({
            tenantId: tenant.id,
            integrationEnabled: tenant === TENANTS.contoso,
            useServicePrincipal: true,
            includeHomeTenantOrgs: tenant === TENANTS.contoso,
            dockerRegistryHosts: tenant === TENANTS.contoso ? CONTOSO_REGISTRY_HOSTS : [],
          })
          .run();
        // Each tenant watches its own organizations, so the demo shows every consumer from the first scan.
        const own = ORGANIZATIONS.filter((o) => TENANTS[o.tenant].id === tenant.id).map((o) => ({ name: o.name, tenantId: tenant.id }));
        db.insert(watchedOrganizations).values({ tenantId: tenant.id, organizations: own, updatedAt: new Date() }).run();
      }
      for (const app of APPS.filter((a) => a.managed)) {
        const id = randomUUID();
        db.insert(applications).values({ id, tenantId: TENANTS[app.tenant].id, appId: app.appId, objectId: app.objectId, displayName: app.displayName }).run();
        for (const ownerKey of app.owners) {
          const owner = USERS.find((u) => u.key === ownerKey);
          if (owner) db.insert(applicationOwners).values({ applicationId: id, ownerOid: owner.oid, syncedAt: new Date() }).run();
        }
      }
      const contoso = TENANTS.contoso.id;
      const keyring = createKeyring(parseKey(ensureEmbeddedSecrets(dataDir).encryptionKey, "embedded encryption key"));
      const everyAlert = ["rotation.failed", "old_secret.not_removed", "secret.expiring", "due_run.summary"];
      db.insert(notificationChannels)
        .values({ id: randomUUID(), tenantId: contoso, kind: "email", name: "E-mail (SMTP)", smtpHost: urls.smtp.host, smtpPort: urls.smtp.port, smtpTlsMode: "starttls", mailFrom: "rotor@contoso.example", allowPrivateTargets: true })
        .run();
      const hookId = randomUUID();
      db.insert(notificationChannels)
        .values({
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
        })
        .run();
      db.insert(tenantNotificationSettings).values({ tenantId: contoso, adminAddresses: ["secops@contoso.example"] }).run();
    });
    return true;
  } finally {
    db.$client.close();
  }
}
