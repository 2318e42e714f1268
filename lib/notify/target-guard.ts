import ipaddr from "ipaddr.js";
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";

/**
 * Where Rotor may send an alert. A webhook URL (or an SMTP host) is typed by an admin, so it must
 * not become a way to probe the server's own network: every address the name resolves to is
 * checked, and the request then goes to the address that was checked (pinned), so a DNS answer
 * that changes between the check and the connection (rebinding) cannot slip through.
 *
 *  - public unicast addresses: allowed;
 *  - loopback, private (RFC 1918, unique-local fc00::/7) and carrier-grade NAT: only when the admin
 *    allowed private targets for that channel (an on-premises relay, the embedded default's sinks);
 *  - link-local (169.254.0.0/16 with the cloud metadata service, fe80::/10), unspecified,
 *    multicast, broadcast, reserved and the IPv6 ranges that embed an IPv4 address (NAT64, 6to4,
 *    Teredo): never, whatever the setting — nothing legitimate receives alerts there.
 */
export type TargetPolicy = {
  allowPrivateTargets: boolean;
  /** Plain http is accepted only on the embedded default (its sinks); everywhere else https. */
  allowHttp: boolean;
};

export type PinnedTarget = { url: URL; hostname: string; address: string; family: 4 | 6 };

export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetRefusedError";
  }
}

const PRIVATE_RANGES = new Set(["private", "loopback", "uniqueLocal", "carrierGradeNat"]);

const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address (this server itself)",
  private: "a private network address",
  uniqueLocal: "a private network address",
  carrierGradeNat: "a carrier-grade NAT address",
  linkLocal: "a link-local address (such as a cloud metadata service)",
  unspecified: "the unspecified address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
};

/** How an address counts: `public`, `private` (allowed on request) or `refused`, with its range in words. */
export function classifyAddress(raw: string): { verdict: "public" | "private" | "refused"; range: string } {
  if (!ipaddr.isValid(raw)) return { verdict: "refused", range: "not an IP address" };
  // ::ffff:127.0.0.1 is 127.0.0.1.
  const address = ipaddr.process(raw);
  const range = address.range();
  if (range === "unicast") return { verdict: "public", range: "a public address" };
  return { verdict: PRIVATE_RANGES.has(range) ? "private" : "refused", range: RANGE_WORDS[range] ?? `a reserved address (${range})` };
}

const systemLookup: Lookup = async (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Parses the URL an admin typed and refuses what Rotor may never send to; no network. */
export function parseTargetUrl(raw: string, policy: Pick<TargetPolicy, "allowHttp">): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefusedError("Enter a full URL, starting with https://.");
  }
  if (url.protocol !== "https:" && !(policy.allowHttp && url.protocol === "http:")) {
    throw new TargetRefusedError(policy.allowHttp ? "The URL must start with https:// or http://." : "The URL must start with https:// (alerts never travel unencrypted).");
  }
  if (url.username || url.password) throw new TargetRefusedError("Put no user name or password in the URL: they would be stored and shown in plain text.");
  return url;
}

/**
 * Resolves `hostname` and checks every address it has; answers the first, to connect to. Throws
 * TargetRefusedError with a sentence an admin can act on.
 */
export async function resolveTarget(hostname: string, policy: TargetPolicy, lookup: Lookup = systemLookup): Promise<{ address: string; family: 4 | 6 }> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (isIP(bare)) addresses = [{ address: bare, family: isIP(bare) }];
  else {
    try {
      addresses = await lookup(bare);
    } catch {
      throw new TargetRefusedError(`The host name ${bare} does not resolve.`);
    }
    if (!addresses.length) throw new TargetRefusedError(`The host name ${bare} does not resolve.`);
  }
  for (const { address } of addresses) {
    const { verdict, range } = classifyAddress(address);
    if (verdict === "public") continue;
    if (verdict === "private" && policy.allowPrivateTargets) continue;
    const what = address === bare ? address : `${bare} (${address})`;
    throw new TargetRefusedError(
      verdict === "private"
        ? `${what} is ${range}. Rotor sends alerts there only when “Allow private targets” is on for this channel.`
        : `${what} is ${range}; Rotor never sends alerts there.`,
    );
  }
  const first = addresses[0]!;
  return { address: ipaddr.process(first.address).toString(), family: first.family === 6 && ipaddr.process(first.address).kind() === "ipv6" ? 6 : 4 };
}

/** parseTargetUrl + resolveTarget: the URL, checked, with the address to connect to. */
export async function checkTargetUrl(raw: string, policy: TargetPolicy, lookup?: Lookup): Promise<PinnedTarget> {
  const url = parseTargetUrl(raw, policy);
  const pinned = await resolveTarget(url.hostname, policy, lookup);
  return { url, hostname: url.hostname.replace(/^\[|\]$/g, ""), ...pinned };
}
