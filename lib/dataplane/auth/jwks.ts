/**
 * @module dataplane/auth/jwks
 * A Cognito user pool's signing keys, fetched from its JWKS document
 * (`{cognito endpoint}/{userPoolId}/.well-known/jwks.json`) with node:http(s)
 * and kept per URL. A token whose `kid` is not among the keys held makes the
 * document be fetched again (pools rotate keys), at most once per
 * `refetchAfterMs` per URL, so a stream of tokens with made-up key ids does
 * not turn into a stream of fetches. Concurrent requests share one fetch.
 *
 * A document that cannot be fetched (no answer within the timeout, a status
 * other than 200, not a JSON `{"keys": […]}`) is `unreachable`: the caller
 * answers a configuration error, as API Gateway does when it cannot reach the
 * pool. Keys that are not RSA keys node:crypto accepts are skipped.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { publicKeyOf } from './jwt';

export type KeyLookup = { kind: 'key'; key: KeyObject } | { kind: 'unknown' } | { kind: 'unreachable'; message: string };

export interface JwksOptions {
  timeoutMs?: number;
  refetchAfterMs?: number;
  /** Milliseconds, for the refetch limit (Date.now by default). */
  now?: () => number;
}

interface Entry {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
  pending?: Promise<void>;
  /** Why the last fetch failed (kept until one succeeds). */
  failure?: string;
}

const MAX_BYTES = 1024 * 1024;

export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly timeoutMs: number;
  private readonly refetchAfterMs: number;
  private readonly now: () => number;

  constructor(opts: JwksOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.refetchAfterMs = opts.refetchAfterMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  /** The key `kid` of the JWKS at `url`. */
  async key(url: string, kid: string): Promise<KeyLookup> {
    let entry = this.entries.get(url);
    const held = entry?.keys.get(kid);
    if (held) return { kind: 'key', key: held };
    if (!entry) {
      entry = { keys: new Map(), fetchedAt: -Infinity };
      this.entries.set(url, entry);
    }
    if (entry.pending) await entry.pending;
    else if (this.now() - entry.fetchedAt >= this.refetchAfterMs || entry.failure !== undefined) await this.refresh(url, entry);
    const key = entry.keys.get(kid);
    if (key) return { kind: 'key', key };
    return entry.failure !== undefined ? { kind: 'unreachable', message: entry.failure } : { kind: 'unknown' };
  }

  /** Forgets every document. */
  clear(): void {
    this.entries.clear();
  }

  private refresh(url: string, entry: Entry): Promise<void> {
    entry.pending = fetchJson(url, this.timeoutMs)
      .then((doc) => {
        const keys = (doc as { keys?: unknown } | null)?.keys;
        if (!Array.isArray(keys)) throw new Error('the document has no "keys" list');
        const map = new Map<string, KeyObject>();
        for (const k of keys as JsonWebKey[]) {
          const kid = (k as { kid?: unknown }).kid;
          const key = typeof kid === 'string' ? publicKeyOf(k) : undefined;
          if (key) map.set(kid as string, key);
        }
        entry.keys = map;
        entry.failure = undefined;
      })
      .catch((e: unknown) => {
        entry.failure = `JWKS ${url}: ${(e as Error)?.message ?? String(e)}`;
      })
      .finally(() => {
        entry.fetchedAt = this.now();
        entry.pending = undefined;
      });
    return entry.pending;
  }
}

function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error('not a URL'));
      return;
    }
    const get = target.protocol === 'https:' ? https.get : http.get;
    const req = get(target, { timeout: timeoutMs, headers: { accept: 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`status ${res.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BYTES) req.destroy(new Error('the document is larger than 1 MB'));
        else chunks.push(c);
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new Error('the document is not JSON'));
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
