const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Dates in UTC, so the server's HTML and the browser's render agree. */
export const formatWhen = (iso: string) => `${when.format(new Date(iso))} UTC`;
