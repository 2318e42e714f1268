import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

/**
 * Every page is rendered per request: a prerendered page's scripts would carry no nonce, and the
 * CSP proxy.ts sets would block them.
 */
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Rotor", template: "%s · Rotor" },
  description: "Rotates Entra ID application secrets and keeps Azure DevOps service connections working.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
