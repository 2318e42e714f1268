"use client";

import { useSyncExternalStore } from "react";

/** In UTC for the title; the visible text is the same moment in the browser's zone (named, except for bare times). */
const UTC_STYLES = {
  date: { dateStyle: "medium" },
  datetime: { dateStyle: "medium", timeStyle: "short" },
  "datetime-seconds": { dateStyle: "medium", timeStyle: "medium" },
  time: { timeStyle: "medium" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const DAY = { day: "numeric", month: "short", year: "numeric" } as const;
const LOCAL_STYLES = {
  date: DAY,
  datetime: { ...DAY, hour: "2-digit", minute: "2-digit", timeZoneName: "short" },
  "datetime-seconds": { ...DAY, hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" },
  time: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
} as const satisfies Record<keyof typeof UTC_STYLES, Intl.DateTimeFormatOptions>;

export type LocalTimeStyle = keyof typeof UTC_STYLES;

const utc = (date: Date, style: LocalTimeStyle) => `${new Intl.DateTimeFormat("en-GB", { ...UTC_STYLES[style], timeZone: "UTC" }).format(date)} UTC`;
const local = (date: Date, style: LocalTimeStyle) => new Intl.DateTimeFormat("en-GB", LOCAL_STYLES[style]).format(date);

const subscribe = () => () => {};

/**
 * A moment in the browser's time zone, with the UTC time on hover (title) and in `dateTime`.
 * The server does not know the browser's zone, so its HTML (and hydration) shows UTC; the
 * browser then switches to local time without a hydration mismatch.
 */
export function LocalTime({ value, style = "datetime", className }: { value: string | Date; style?: LocalTimeStyle; className?: string }) {
  const date = typeof value === "string" ? new Date(value) : value;
  const inBrowser = useSyncExternalStore(subscribe, () => true, () => false);
  const inUtc = utc(date, style);
  return (
    <time dateTime={date.toISOString()} title={inUtc} className={className}>
      {inBrowser ? local(date, style) : inUtc}
    </time>
  );
}
