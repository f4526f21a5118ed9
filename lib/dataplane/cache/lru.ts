/**
 * @module dataplane/cache/lru
 * The store behind one stage's API cache: entries by key, each with the
 * time it expires (the method's `cacheTtlInSeconds` when it was stored) and
 * the bytes it counts for. A lookup of an expired entry drops it and misses;
 * a hit makes the entry the most recently used. When an insert takes the
 * total past the byte budget, least recently used entries are evicted until
 * it fits (API Gateway documents its cache as best-effort: a full cache
 * forgets entries early). Time is always passed in (epoch ms), so tests drive
 * expiry with their own clock.
 */

interface Slot<V> {
  value: V;
  bytes: number;
  expiresAt: number;
}

export class ResponseLru<V> {
  /** Map iteration order is insertion order: the first key is the least recently used. */
  private readonly entries = new Map<string, Slot<V>>();
  private used = 0;

  constructor(readonly byteBudget: number) {}

  /** The live entry for `key`, made the most recently used; undefined (and an expired entry dropped) otherwise. */
  get(key: string, now: number): V | undefined {
    const slot = this.entries.get(key);
    if (!slot) return undefined;
    this.entries.delete(key);
    if (slot.expiresAt <= now) {
      this.used -= slot.bytes;
      return undefined;
    }
    this.entries.set(key, slot);
    return slot.value;
  }

  /** Stores (or replaces) `key` until `expiresAt`; false when the entry alone is larger than the whole budget. */
  set(key: string, value: V, bytes: number, expiresAt: number): boolean {
    this.delete(key);
    if (bytes > this.byteBudget) return false;
    this.entries.set(key, { value, bytes, expiresAt });
    this.used += bytes;
    for (const [k, slot] of this.entries) {
      if (this.used <= this.byteBudget) break;
      this.entries.delete(k);
      this.used -= slot.bytes;
    }
    return true;
  }

  delete(key: string): void {
    const slot = this.entries.get(key);
    if (!slot) return;
    this.entries.delete(key);
    this.used -= slot.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  /** Entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.entries.size;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.used;
  }

  /** Keys from least to most recently used (for tests and debugging). */
  keys(): string[] {
    return [...this.entries.keys()];
  }
}
