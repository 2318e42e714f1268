import { Logo } from "@/components/shell/logo";
import { Button } from "@/components/ui/button";
import { signInAction } from "@/lib/actions/auth/sign-in";
import { getCurrentUser } from "@/lib/auth/session";
import { CalendarClock, ShieldCheck, Workflow } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  AccessDenied: "Your account could not be placed in a tenant. Sign in with a work or school account.",
  Configuration: "Rotor could not complete the sign-in. An administrator can find the reason in the server log.",
  OAuthSignin: "The sign-in could not be started. Try again.",
  OAuthCallbackError: "Microsoft Entra ID refused the sign-in. Try again, or ask your administrator.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const { error, callbackUrl } = await searchParams;
  if (await getCurrentUser()) redirect("/applications");
  const message = error ? (ERRORS[error] ?? "The sign-in did not complete. Try again.") : null;
  return (
    <main className="grid min-h-screen lg:grid-cols-2">
      <section className="flex flex-col justify-center px-8 py-12 sm:px-16">
        <Logo />
        <h1 className="mt-10 text-3xl font-semibold tracking-tight text-slate-900">Secrets that rotate themselves</h1>
        <p className="mt-3 max-w-md text-slate-600">
          Rotor renews your Entra ID application secrets on schedule and writes each new one into the Azure DevOps service
          connection that uses it, so pipelines never break on an expired secret.
        </p>
        {message ? (
          <p role="alert" className="mt-6 max-w-md rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            {message}
          </p>
        ) : null}
        <form action={signInAction} className="mt-8">
          <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/applications"} />
          <Button type="submit" size="lg">
            <svg viewBox="0 0 21 21" aria-hidden className="size-4">
              <path fill="#f25022" d="M0 0h10v10H0z" />
              <path fill="#7fba00" d="M11 0h10v10H11z" />
              <path fill="#00a4ef" d="M0 11h10v10H0z" />
              <path fill="#ffb900" d="M11 11h10v10H11z" />
            </svg>
            Sign in with Microsoft
          </Button>
        </form>
        <p className="mt-4 text-xs text-slate-500">Use your work or school account. Guests sign in through the tenant that invited them.</p>
      </section>
      <aside className="hidden flex-col justify-center gap-6 bg-brand-700 px-16 text-brand-50 lg:flex">
        {[
          { icon: CalendarClock, title: "On schedule", text: "Each application rotates before its secret expires, with an overlap you choose." },
          { icon: Workflow, title: "Into the pipeline", text: "The new secret lands in the service connection that uses it, then the old one goes." },
          { icon: ShieldCheck, title: "On the record", text: "Every step is journaled and audited; no secret is ever stored in the clear." },
        ].map(({ icon: Icon, title, text }) => (
          <div key={title} className="flex max-w-md gap-4">
            <Icon className="mt-1 size-5 shrink-0" aria-hidden />
            <div>
              <h2 className="font-semibold text-white">{title}</h2>
              <p className="text-sm text-brand-100">{text}</p>
            </div>
          </div>
        ))}
      </aside>
    </main>
  );
}
