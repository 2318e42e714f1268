import { Alert } from "@/components/ui/alert";
import Link from "next/link";

/** Why a page's filters (from the query string) were not applied, with a way back to none. */
export function FilterProblems({ id, problems, what, clearHref }: { id: string; problems: string[]; what: string; clearHref: string }) {
  return (
    <Alert tone="danger" role="alert" id={id}>
      <p className="font-medium">These filters could not be applied; {what}.</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
      <p className="mt-1">
        Fix them above, or{" "}
        <Link href={clearHref} className="font-medium underline">
          clear the filters
        </Link>
        .
      </p>
    </Alert>
  );
}
