/**
 * Signs a seeded user in to a running Rotor over plain HTTP, the way a browser does — Auth.js's
 * CSRF token, its sign-in POST, the emulator's account picker, the callback — with a small cookie
 * jar, and returns the Cookie header of the session. For load tests and benches that need pages.
 */
export async function signInOverHttp(appUrl: string, userKey: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  const cookie = () => [...jar].map(([n, v]) => `${n}=${v}`).join("; ");
  const step = async (what: string, res: Response, status: number) => {
    keep(res);
    if (res.status !== status) throw new Error(`sign-in: ${what} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res;
  };

  const csrf = await step("csrf", await fetch(`${appUrl}/api/auth/csrf`), 200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await step(
    "sign-in POST",
    await fetch(`${appUrl}/api/auth/signin/microsoft-entra-id`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: `${appUrl}/applications` }),
    }),
    302,
  );
  // The emulator's account picker: posting the chosen account is the person's click.
  const authorize = new URL(start.headers.get("location")!);
  const picked = await step(
    "account picker",
    await fetch(`${authorize.origin}${authorize.pathname}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([...authorize.searchParams, ["user", userKey]]),
    }),
    302,
  );
  await step("callback", await fetch(picked.headers.get("location")!, { redirect: "manual", headers: { cookie: cookie() } }), 302);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) throw new Error("sign-in: no session cookie was set");
  const session = [...jar].filter(([name]) => name.includes("session-token")).map(([n, v]) => `${n}=${v}`).join("; ");
  const check = await fetch(`${appUrl}/applications`, { redirect: "manual", headers: { cookie: session } });
  if (check.status !== 200) throw new Error(`sign-in: /applications answered ${check.status} with the new session`);
  return session;
}
