import type { NextAuthConfig } from "next-auth";

/**
 * The part of the Auth.js configuration with no database or Node-only imports: pages, session
 * strategy and the coarse gate the proxy applies. Real authorization happens in lib/auth/session.
 */
export const authConfig = {
  pages: { signIn: "/signin", error: "/signin" },
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const { pathname } = request.nextUrl;
      const isPublic = pathname === "/signin" || pathname.startsWith("/api/");
      return isPublic || !!auth?.user;
    },
  },
} satisfies NextAuthConfig;
