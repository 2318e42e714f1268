import "server-only";

/** How long the dialog's Azure DevOps answers are reused. */
export const LOOKUP_TTL_MS = 5 * 60_000;
/** Entries kept at most; the least recently used goes first. */
export const LOOKUP_MAX_ENTRIES = 2_000;

type Entry = { value: Promise<unknown>; storedAt: number };

/**
 * A small in-memory cache of look-up answers with a time to live and a size bound. The key must
 * start with the person it belongs to (see `personKey`), so one person never reads another's answer.
 * Callers asking at once share one call; a failed call is forgotten at once, never cached.
 */
export class LookupCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = LOOKUP_TTL_MS,
    private readonly maxEntries = LOOKUP_MAX_ENTRIES,
  ) {}

  /** The cached answer for `key`, or `load()`'s; `refresh` skips the cached one and stores the new. */
  get<T>(key: string, load: () => Promise<T>, { refresh = false }: { refresh?: boolean } = {}): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && !refresh && Date.now() - hit.storedAt < this.ttlMs) {
      // Map order is insertion order: re-inserting marks it as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    const entry: Entry = { value: load(), storedAt: Date.now() };
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry.value as Promise<T>;
  }

  /** Drops every answer of one person (their last session ended). */
  forgetPerson(personId: string): void {
    const prefix = `${encodeURIComponent(personId)}|`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A cache key that names the person first; each part is encoded, so no part can pose as another. */
export const personKey = (personId: string, ...parts: string[]) => [personId, ...parts].map(encodeURIComponent).join("|");
