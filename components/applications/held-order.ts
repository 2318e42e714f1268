"use client";

import { useCallback, useRef, useState } from "react";

/**
 * Keeps the rows in the order they had when a row action started, while the person is still
 * there: a rotation changes the row's expiry, and a re-sort would move another application's
 * button under the pointer. Released when the pointer leaves the table and focus is not in it
 * (the person moved on), or when they change the search or the sort.
 */
export function useHeldOrder<T extends { id: string }>(rows: T[]) {
  const [held, setHeld] = useState<string[] | null>(null);
  const table = useRef<HTMLTableElement>(null);
  const pointerInside = useRef(false);

  const hold = useCallback(() => setHeld((current) => current ?? rows.map((r) => r.id)), [rows]);
  const release = useCallback(() => setHeld(null), []);
  const releaseIfAway = useCallback(() => {
    // A dialog opened from the row (the confirmation) holds focus outside the table: still there.
    const active = document.activeElement;
    const inDialog = !!active?.closest("[role=dialog],[role=alertdialog]");
    if (!pointerInside.current && !inDialog && !table.current?.contains(active)) setHeld(null);
  }, []);

  let ordered = rows;
  if (held) {
    const position = new Map(held.map((id, i) => [id, i]));
    // Rows that were not there when the order was held go last, in their sorted order.
    ordered = [...rows].sort((a, b) => (position.get(a.id) ?? held.length) - (position.get(b.id) ?? held.length));
  }
  const tableProps = {
    ref: table,
    onPointerEnter: () => {
      pointerInside.current = true;
    },
    onPointerLeave: () => {
      pointerInside.current = false;
      releaseIfAway();
    },
    onBlur: () => setTimeout(releaseIfAway, 0),
  };
  return { ordered, held: held !== null, hold, release, tableProps };
}
