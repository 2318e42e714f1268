import "server-only";
import type { Application } from "@/db/schema";
import { tenantCredential } from "@/lib/azure/devops/credential";
import { confirmServiceConnectionWrite, stampedKeyId, updateServiceConnectionSecret } from "@/lib/azure/devops/service-connections";
import { testServiceConnection } from "@/lib/azure/devops/test-connection";
import type { NewSecret } from "@/lib/azure/graph";
import type { Binding } from "./context";
import { azureSentence } from "./describe-error";
import type { Journal } from "./journal";

type Step = {
  journal: Journal;
  tenant: string;
  application: Application;
  binding: Binding;
  /** The new secret's text, held in memory only by the run that created it. */
  secret?: NewSecret;
  compensate: (reason: string) => Promise<void>;
};

/**
 * verified → connection_written: PUT the new secret (stamped with its key id), then read the
 * connection back. An answer of success is not trusted on its own: when the read-back does not
 * show what Rotor wrote, the write did not take and the rotation is compensated like any failure.
 * A run resumed after a crash, without the secret's text, goes by the stamp alone.
 */
export async function writeConnection({ journal, tenant, application, binding, secret, compensate }: Step): Promise<void> {
  const r = journal.rotation;
  const credential = await tenantCredential(tenant);
  if (secret) {
    await journal.say(`Writing the new secret into service connection ${binding.endpointName} (${binding.organization}).`);
    try {
      await updateServiceConnectionSecret(credential, { ...binding, appId: application.appId, secret: secret.secretText, keyId: secret.keyId });
    } catch (error) {
      // The PUT may have landed although its answer was lost: only the stamp can tell. When it
      // cannot be read either, the outcome is unknown — keep both secrets and let a later run decide.
      const stamped = await stampedKeyId(credential, binding).catch(() => undefined);
      if (stamped === undefined) {
        await journal.say(`Azure DevOps did not confirm the update of ${binding.endpointName} (${azureSentence(error)}); both secrets are kept and a later run will check.`, "warn");
        throw error;
      }
      if (stamped !== r.newKeyId) return compensate(`Azure DevOps did not take the new secret for ${binding.endpointName}: ${azureSentence(error)}`);
    }
  } else if ((await stampedKeyId(credential, binding)) !== r.newKeyId) {
    return compensate("Rotor stopped before the service connection was updated (restart).");
  }
  let problems: string[];
  try {
    problems = await confirmServiceConnectionWrite(credential, { ...binding, appId: application.appId, keyId: r.newKeyId! });
  } catch (error) {
    await journal.say(`Could not read ${binding.endpointName} back to confirm the update (${azureSentence(error)}); both secrets are kept and a later run will check.`, "warn");
    throw error;
  }
  if (problems.length) {
    return compensate(`Azure DevOps answered the update of ${binding.endpointName} as done, but reading it back shows ${problems.join("; ")}: the write did not take.`);
  }
  await journal.advance({ state: "connection_written" });
  await journal.say(`Read ${binding.endpointName} back from Azure DevOps: it carries the new secret's stamp (key id ${r.newKeyId}).`);
  await journal.say(`Service connection ${binding.endpointName} now holds the new secret.`);
}

/**
 * connection_written → connection_updated: Azure DevOps tests the connection with the secret it
 * now stores (azurerm: its TestConnection data source). A failed test fails the rotation but is
 * NOT compensated: Entra ID already accepts the new secret and the read-back shows it stored, so
 * removing it could break a connection that holds it; instead both the new and the old secrets
 * are kept (the old ones are not removed, whatever the overlap) and the output says what to check.
 * When the test cannot be run (Azure DevOps unreachable, no such test for the type), the read-back
 * stands as the confirmation.
 */
export async function testConnection({ journal, tenant, binding }: Step): Promise<void> {
  let outcome: Awaited<ReturnType<typeof testServiceConnection>>;
  try {
    outcome = await testServiceConnection(await tenantCredential(tenant), { ...binding, type: binding.endpointType });
  } catch (error) {
    await journal.say(`Could not run Azure DevOps' connection test on ${binding.endpointName} (${azureSentence(error)}); the read-back confirmed the update.`, "warn");
    await journal.advance({ state: "connection_updated" });
    return;
  }
  if (!outcome.ran) {
    await journal.say(`Azure DevOps has no connection test for ${outcome.type || "this type of"} connections; the read-back confirmed the update.`);
  } else if (outcome.ok) {
    await journal.say(`Azure DevOps tested ${binding.endpointName} with the new secret: it signs in.`);
  } else {
    const reason = `Azure DevOps' connection test of ${binding.endpointName} failed: ${outcome.message}`;
    await journal.say(reason, "error");
    await journal.say("Not rolled back: the new secret works in Entra ID and the connection stores it, so both the new and the old secret(s) are kept. Check the connection in Azure DevOps (Edit → Verify), then rotate again.", "warn");
    await journal.advance({ state: "failed", failureReason: reason });
    return;
  }
  await journal.advance({ state: "connection_updated" });
}
