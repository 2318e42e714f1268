import type { ServiceEndpoint } from "azure-devops-node-api/interfaces/ServiceEndpointInterfaces";

/** A registry host as an admin writes it in the allow-list: a DNS name, optionally with a port. */
const HOST = /^(?=[^:]{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]{1,5})?$/;
export const MAX_REGISTRY_HOSTS = 50;

/**
 * The allow-list as typed in System → Azure DevOps (one per line or comma-separated, case
 * ignored), with any entry that is not a host. A URL is not accepted: the list names hosts, so
 * nobody wonders whether a path or a scheme is compared.
 */
export function parseRegistryHosts(text: string): { hosts: string[]; invalid: string[] } {
  const entries = text.split(/[\s,]+/).map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  return { hosts: [...new Set(entries.filter((e) => HOST.test(e)))], invalid: entries.filter((e) => !HOST.test(e)) };
}

/** `name[:port]` of a registry URL as a docker connection holds it (with or without a scheme); null when unreadable. */
function hostOf(value: string): string | null {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    return url.host.toLowerCase() || null;
  } catch {
    return null;
  }
}

/**
 * Null when every registry the docker connection names (its URL, and the `registry` parameter
 * the Docker task logs in to) is on the tenant's allow-list; otherwise why not. Both are checked:
 * a connection could show an allowed URL and log in to another registry.
 */
export function registryRefusal(endpoint: ServiceEndpoint, allowed: readonly string[]): string | null {
  const named = [endpoint.url, endpoint.authorization?.parameters?.registry].filter((v): v is string => typeof v === "string" && v.trim() !== "");
  if (named.length === 0) return "Does not name its registry.";
  const hosts = named.map(hostOf);
  if (hosts.some((h) => h === null)) return "Its registry URL cannot be read.";
  const outside = [...new Set(hosts as string[])].filter((h) => !allowed.includes(h));
  if (outside.length === 0) return null;
  if (allowed.length === 0) {
    return `Registry ${outside.join(", ")} is not on this tenant's allow-list, which is empty: a tenant admin adds trusted registry hosts in System → Azure DevOps.`;
  }
  return `Registry ${outside.join(", ")} is not on this tenant's allow-list of docker registries (System → Azure DevOps).`;
}
