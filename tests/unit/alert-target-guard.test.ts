import { describe, expect, it } from "vitest";
import { checkTargetUrl, classifyAddress, TargetRefusedError, type Lookup } from "@/lib/notify/target-guard";

const strict = { allowPrivateTargets: false, allowHttp: false };
const privateAllowed = { allowPrivateTargets: true, allowHttp: false };

/** DNS as an attacker would arrange it: names that resolve to internal addresses. */
const dns: Record<string, string[]> = {
  "hooks.example.com": ["93.184.216.34"],
  "metadata.attacker.example": ["169.254.169.254"],
  "rebind.attacker.example": ["93.184.216.34", "10.0.0.5"],
  "v6-loopback.attacker.example": ["::1"],
  "mapped.attacker.example": ["::ffff:127.0.0.1"],
  "intranet.corp.example": ["10.20.30.40"],
};
const lookup: Lookup = async (name) => {
  const found = dns[name];
  if (!found) throw new Error("ENOTFOUND");
  return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

async function refusal(url: string, policy = strict): Promise<string> {
  const error = await checkTargetUrl(url, policy, lookup).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${url} must be refused`).toBeInstanceOf(TargetRefusedError);
  return (error as Error).message;
}

describe("alert target guard", () => {
  it("accepts an https URL whose name resolves to public addresses only, and pins the address it checked", async () => {
    const target = await checkTargetUrl("https://hooks.example.com/rotor", strict, lookup);
    expect(target).toMatchObject({ address: "93.184.216.34", family: 4, hostname: "hooks.example.com" });
  });

  it.each([
    ["http://hooks.example.com/rotor", /must start with https:\/\//],
    ["ftp://hooks.example.com/", /https:\/\//],
    ["not a url", /full URL/],
    ["https://user:pw@hooks.example.com/", /no user name or password/],
  ])("refuses %s before any DNS query", async (url, message) => {
    expect(await refusal(url)).toMatch(message);
  });

  it.each([
    ["https://127.0.0.1/", /loopback/],
    ["https://localhost.:8443/", /does not resolve|loopback/],
    ["https://[::1]/", /loopback/],
    ["https://2130706433/", /loopback/], // 127.0.0.1 written as one number
    ["https://0177.0.0.1/", /loopback/], // …and in octal
    ["https://10.1.2.3/", /private network/],
    ["https://172.16.0.1/", /private network/],
    ["https://192.168.1.1/", /private network/],
    ["https://[fd00::1]/", /private network/],
    ["https://100.64.0.1/", /carrier-grade NAT/],
    ["https://v6-loopback.attacker.example/", /loopback/],
    ["https://mapped.attacker.example/", /loopback/],
    ["https://intranet.corp.example/", /Allow private targets/],
    ["https://rebind.attacker.example/", /10\.0\.0\.5.*private network/],
  ])("refuses %s unless private targets are allowed", async (url, message) => {
    expect(await refusal(url)).toMatch(message);
  });

  it.each([
    "https://169.254.169.254/latest/meta-data/",
    "https://metadata.attacker.example/",
    "https://[fe80::1]/",
    "https://0.0.0.0/",
    "https://224.0.0.1/",
    "https://255.255.255.255/",
    "https://[64:ff9b::a9fe:a9fe]/", // NAT64 form of 169.254.169.254
    "https://[2002:a9fe:a9fe::1]/", // 6to4 form of it
  ])("never sends to %s, even with private targets allowed", async (url) => {
    expect(await refusal(url, privateAllowed)).toMatch(/never sends alerts there/);
  });

  it("lets an admin allow loopback and private targets explicitly (an on-premises relay, the embedded sinks)", async () => {
    await expect(checkTargetUrl("https://intranet.corp.example/hook", privateAllowed, lookup)).resolves.toMatchObject({ address: "10.20.30.40" });
    await expect(checkTargetUrl("http://127.0.0.1:4010/", { allowPrivateTargets: true, allowHttp: true }, lookup)).resolves.toMatchObject({ address: "127.0.0.1" });
  });

  it("classifies IPv4-mapped IPv6 as the IPv4 address it carries", () => {
    expect(classifyAddress("::ffff:169.254.169.254").verdict).toBe("refused");
    expect(classifyAddress("::ffff:10.0.0.1").verdict).toBe("private");
    expect(classifyAddress("2606:4700::1111").verdict).toBe("public");
  });
});
