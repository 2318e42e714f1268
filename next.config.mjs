const dev = process.env.NODE_ENV !== "production";

/**
 * Security headers for every response. Next's hydration needs inline scripts, hence
 * 'unsafe-inline' for scripts (no third-party script is ever allowed); dev mode also needs eval.
 * HSTS is added by proxy.ts when the request came over https (only then does it mean anything).
 */
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A second build beside the first (a parallel test run); the default is Next's own.
  distDir: process.env.ROTOR_NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3", "pino"],
  poweredByHeader: false,
  // proxy.ts redirects "/path/" to "/path" itself, after refusing an address too long to echo back.
  skipTrailingSlashRedirect: true,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
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
