/**
 * @module dataplane/auth/authorizer-cache
 * Authorizer results cached per identity, as API Gateway caches them: for
 * `authorizerResultTtlInSeconds` (default 300; 0 disables caching), keyed by
 * the API, the stage, the authorizer and its identity-source values (the
 * token of a TOKEN authorizer; every listed source of a REQUEST authorizer).
 * The key also names the deployment, so a redeployed stage starts afresh.
 * Only results are cached (a policy, whatever it allows or denies) — never a
 * refusal (`Unauthorized`) or a failure, which are asked again next time.
 *
 * In memory, bounded (the oldest entries go first past `maxEntries`);
 * expired entries are dropped when met. FlushStageAuthorizersCache and
 * stage changes drop a stage's or an API's entries.
 */

export interface CacheOptions {
  /** Milliseconds (Date.now by default). */
  now?: () => number;
  maxEntries?: number;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/** The cache key of a result: API, stage, deployment, authorizer and identity values. */
export function cacheKey(apiId: string, stage: string, deploymentId: string, authorizerId: string, identity: string[]): string {
  return `${apiId}\n${stage}\n${deploymentId}\n${authorizerId}\n${JSON.stringify(identity)}`;
}

export class AuthorizerCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(opts: CacheOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.maxEntries = opts.maxEntries ?? 10_000;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() >= e.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Keeps `value` for `ttlSeconds` (nothing is kept for 0). */
  set(key: string, value: T, ttlSeconds: number): void {
    if (ttlSeconds <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Forgets an API's entries ('*': all), or one stage's. */
  drop(apiId: string, stage?: string): void {
    if (apiId === '*') {
      this.entries.clear();
      return;
    }
    const prefix = stage === undefined ? `${apiId}\n` : `${apiId}\n${stage}\n`;
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
