import { Providers } from "@/components/providers";
import { Logo } from "@/components/shell/logo";
import { NavLinks } from "@/components/shell/nav-links";
import { UserMenu } from "@/components/shell/user-menu";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { Building2 } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen md:grid md:grid-cols-[15rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white md:min-h-screen md:border-b-0 md:border-r">
        <div className="flex h-16 items-center px-5">
          <Link href="/applications" aria-label="Rotor home">
            <Logo />
          </Link>
        </div>
        <nav aria-label="Main" className="overflow-x-auto px-3 pb-3 md:pb-0">
          <NavLinks isAdmin={user.role === "admin"} />
        </nav>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex h-16 items-center justify-between gap-4 border-b border-slate-200 bg-white px-6">
          <p className="flex items-center gap-2 text-sm text-slate-600" data-testid="tenant-name">
            <Building2 className="size-4 text-slate-400" aria-hidden />
            <span className="sr-only">Tenant:</span>
            <span className="font-medium text-slate-900">{user.tenantName}</span>
            {user.isGuest ? <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800">Guest</span> : null}
          </p>
          <UserMenu name={user.name} email={user.email} tenantName={user.tenantName} role={user.role} isGuest={user.isGuest} />
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">
          <Providers>{children}</Providers>
        </main>
        {env().embeddedOutsideDemo ? (
          <footer className="border-t border-amber-200 bg-amber-50 px-6 py-2 text-xs text-amber-900" data-testid="embedded-profile-warning">
            <strong className="font-semibold">Embedded default:</strong> ROTOR_PROFILE is not set, so Rotor runs against its bundled Azure emulator
            with keys it made itself — not real Azure. Set ROTOR_PROFILE=azure for production.
          </footer>
        ) : null}
      </div>
    </div>
  );
}
