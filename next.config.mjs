/**
 * Security headers for every response. The Content-Security-Policy is set per request by proxy.ts
 * (it carries a fresh nonce), as is HSTS when the request came over https.
 */
/** @type {import('next').NextConfig} */
const nextConfig = {
  // A second build beside the first (a parallel test run); the default is Next's own.
  distDir: process.env.ROTOR_NEXT_DIST_DIR || ".next",
  // The Docker image's build (ROTOR_STANDALONE=1, see Dockerfile) traces what the server needs into
  // .next/standalone; `next start` (the demo, the tests) keeps the usual output.
  output: process.env.ROTOR_STANDALONE === "1" ? "standalone" : undefined,
  serverExternalPackages: ["better-sqlite3", "pino", "pg"],
  poweredByHeader: false,
  // proxy.ts redirects "/path/" to "/path" itself, after refusing an address too long to echo back.
  skipTrailingSlashRedirect: true,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
