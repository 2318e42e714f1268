"use client";

import type { ActionResult } from "@/lib/actions/safe-action";
import { useQuery, type QueryKey } from "@tanstack/react-query";
import { useRef } from "react";
import { retryTransient, unwrap } from "./lookup";

/**
 * One of the dialog's look-ups. The server reuses its Azure DevOps answers for five minutes; the
 * returned `refresh` asks it to skip them once (the picker's Refresh control), a plain refetch does not.
 */
export function useLookup<T>(queryKey: QueryKey, load: (refresh: boolean) => Promise<ActionResult<T>>, enabled = true) {
  const fresh = useRef(false);
  const query = useQuery({
    queryKey,
    queryFn: () => {
      const refresh = fresh.current;
      fresh.current = false;
      return unwrap(load(refresh));
    },
    enabled,
    retry: retryTransient,
  });
  const refresh = () => {
    fresh.current = true;
    void query.refetch();
  };
  return { query, refresh };
}
