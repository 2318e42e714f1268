/**
 * The Content-Security-Policy of every page, with a fresh nonce per request. Next.js reads the
 * nonce from the request's CSP header and puts it on its own scripts; with 'strict-dynamic' only
 * those (and what they load) run, so an injected inline <script> is blocked. Styles keep
 * 'unsafe-inline': Radix sets inline style attributes and injects a <style> for its scroll lock
 * (see the README's security section). Dev mode also needs eval for React's debugging.
 */
export function contentSecurityPolicy(nonce: string, { dev = process.env.NODE_ENV !== "production" } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: a nonce nobody can guess before the page is served. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
