/** A place to return to after sign-in: only a path on Rotor's own origin, else the Applications page. */
export function sameOriginPath(requested: string | null | undefined, appUrl: string): string {
  try {
    const target = new URL(requested || "/applications", appUrl);
    if (target.origin === new URL(appUrl).origin) return `${target.pathname}${target.search}`;
  } catch {}
  return "/applications";
}
