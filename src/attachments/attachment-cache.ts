/**
 * The in-memory cache of fetched attachments, shared by every request of one app. Bounded by
 * entry count and total bytes, least recently used out first; entries also expire after
 * `maxAgeMs`, since the gateway does no HTTP revalidation. Only successful fetches are stored,
 * and a response with `Cache-Control: no-store` is not (the caller decides; see
 * `FetchedResource.storable`). Other cache headers are not interpreted: keep it simple.
 *
 * Entries hold the Buffer as fetched; it is never mutated, so requests share it without copies.
 */

export interface CachedAttachment {
  readonly bytes: Buffer;
  readonly contentType: string | undefined;
}

export interface AttachmentCache {
  /** The entry for `url` (marked as recently used), or undefined. */
  get(url: string): CachedAttachment | undefined;
  /** Stores a successful fetch; an entry bigger than the whole budget is not kept. */
  set(url: string, entry: CachedAttachment): void;
  readonly entryCount: number;
  readonly totalBytes: number;
  clear(): void;
}

export interface AttachmentCacheOptions {
  /** Default 256. */
  readonly maxEntries?: number;
  /** Default 256 MiB. */
  readonly maxTotalBytes?: number;
  /** Default 10 minutes. */
  readonly maxAgeMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

interface StoredEntry {
  readonly entry: CachedAttachment;
  readonly storedAt: number;
}

export function createAttachmentCache(options: AttachmentCacheOptions = {}): AttachmentCache {
  const maxEntries = options.maxEntries ?? 256;
  const maxTotalBytes = options.maxTotalBytes ?? 256 * 1024 * 1024;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60 * 1000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order; re-inserting on use makes its first key the LRU one.
  const entries = new Map<string, StoredEntry>();
  let totalBytes = 0;

  function remove(url: string): void {
    const stored = entries.get(url);
    if (stored === undefined) return;
    entries.delete(url);
    totalBytes -= stored.entry.bytes.byteLength;
  }

  function evictUntilFits(incomingBytes: number): void {
    for (const url of entries.keys()) {
      if (entries.size < maxEntries && totalBytes + incomingBytes <= maxTotalBytes) return;
      remove(url);
    }
  }

  return {
    get(url) {
      const stored = entries.get(url);
      if (stored === undefined) return undefined;
      if (now() - stored.storedAt > maxAgeMs) {
        remove(url);
        return undefined;
      }
      entries.delete(url);
      entries.set(url, stored);
      return stored.entry;
    },
    set(url, entry) {
      remove(url);
      const size = entry.bytes.byteLength;
      if (size > maxTotalBytes || maxEntries <= 0) return;
      evictUntilFits(size);
      entries.set(url, { entry, storedAt: now() });
      totalBytes += size;
    },
    get entryCount() {
      return entries.size;
    },
    get totalBytes() {
      return totalBytes;
    },
    clear() {
      entries.clear();
      totalBytes = 0;
    },
  };
}
