import { Button } from "@/components/ui/button";
import Link from "next/link";

export default function NotFound() {
  return (
    <main className="grid min-h-[60vh] place-items-center p-8 text-center">
      <div>
        <p className="text-sm font-semibold text-brand-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">It does not exist, or your role in this tenant does not include it.</p>
        <Button asChild variant="secondary" className="mt-6">
          <Link href="/applications">Back to applications</Link>
        </Button>
      </div>
    </main>
  );
}
