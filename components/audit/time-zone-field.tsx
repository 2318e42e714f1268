"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Sends the browser's time zone with the filter form, so From and To are days where the person
 * is. Before hydration (or without JavaScript) it sends what the page was given, else nothing (UTC).
 */
export function TimeZoneField({ initial }: { initial?: string }) {
  const zone = useSyncExternalStore(subscribe, browserZone, () => initial ?? "");
  return zone ? <input type="hidden" name="tz" value={zone} /> : null;
}
