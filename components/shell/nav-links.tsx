"use client";

import { cn } from "@/lib/utils";
import { Bell, CalendarClock, KeyRound, KeySquare, ScrollText, Users, Workflow } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/applications", label: "Applications", icon: KeyRound, adminOnly: false },
  { href: "/expiry", label: "Expiry overview", icon: CalendarClock, adminOnly: false },
  { href: "/system/azure-devops", label: "Azure DevOps", icon: Workflow, adminOnly: true, group: "System" },
  { href: "/system/api-keys", label: "API keys", icon: KeySquare, adminOnly: true },
  { href: "/system/people", label: "People", icon: Users, adminOnly: true },
  { href: "/system/notifications", label: "Notifications", icon: Bell, adminOnly: true },
  { href: "/audit", label: "Audit log", icon: ScrollText, adminOnly: true },
] as const;

export function NavLinks({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  // Wraps on a phone, so every entry stays in sight.
  return (
    <ul className="flex flex-wrap gap-1 md:flex-col md:flex-nowrap">
      {LINKS.filter((link) => isAdmin || !link.adminOnly).map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        const Icon = link.icon;
        return (
          <li key={link.href}>
            {"group" in link ? (
              <p className="hidden px-3 pb-1 pt-4 text-xs font-semibold uppercase tracking-wide text-slate-500 md:block">{link.group}</p>
            ) : null}
            <Link
              href={link.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium transition-colors",
                active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
              )}
            >
              <Icon className="size-4" aria-hidden />
              {"group" in link ? <span><span className="md:hidden">System → </span>{link.label}</span> : link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
