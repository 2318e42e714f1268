"use client";

import { signOutAction } from "@/lib/actions/auth/sign-out";
import { ChevronDown, LogOut, MonitorSmartphone } from "lucide-react";
import Link from "next/link";
import { DropdownMenu } from "radix-ui";

export type UserMenuProps = {
  name: string;
  email: string | null;
  tenantName: string;
  role: "admin" | "member";
  isGuest: boolean;
};

export function UserMenu({ name, email, tenantName, role, isGuest }: UserMenuProps) {
  const initials = name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    // Not modal: a modal menu hides the page from assistive technology while it stays focusable behind it.
    <DropdownMenu.Root modal={false}>
      {/* Named by what it shows (name and role), so speech input can say what is seen; on a phone only the initials show. */}
      <DropdownMenu.Trigger className="flex items-center gap-3 rounded-md px-2 py-1.5 text-left hover:bg-slate-100 data-[state=open]:bg-slate-100">
        <span className="sr-only">Account menu for </span>
        <span className="grid size-8 place-items-center rounded-full bg-brand-600 text-xs font-semibold text-white" aria-hidden>
          {initials}
        </span>
        <span className="sr-only sm:not-sr-only sm:flex sm:flex-col">
          <span className="text-sm font-medium text-slate-900">{name}</span>{" "}
          <span className="text-xs text-slate-600">{role === "admin" ? "Tenant admin" : isGuest ? "Guest" : "Member"}</span>
        </span>
        <ChevronDown className="size-4 text-slate-400" aria-hidden />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 w-64 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
          <div className="px-3 py-2">
            <p className="text-sm font-medium text-slate-900">{name}</p>
            {email ? <p className="truncate text-xs text-slate-600">{email}</p> : null}
            <p className="mt-1 text-xs text-slate-600">
              {tenantName} · {role === "admin" ? "Tenant admin" : "Member"}
              {isGuest ? " · Guest" : ""}
            </p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
          <DropdownMenu.Item asChild className="flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100">
            <Link href="/account/sessions">
              <MonitorSmartphone className="size-4" aria-hidden /> Your sessions
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item
            className="flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
            onSelect={() => void signOutAction()}
          >
            <LogOut className="size-4" aria-hidden /> Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
