/** A place to return to after sign-in: only a path on Rotor's own origin, else the Applications page. */
export function sameOriginPath(requested: string | null | undefined, appUrl: string): string {
  try {
    const target = new URL(requested || "/applications", appUrl);
    const path = `${target.pathname}${target.search}`;
    // "http://rotor//evil.example" has the path "//evil.example", which a browser reads as another origin.
    if (target.origin === new URL(appUrl).origin && !path.startsWith("//")) return path;
  } catch {}
  return "/applications";
}
