/**
 * @module dataplane/cache
 * The stage API cache (response caching), as API Gateway keeps it: one cache
 * per stage — per account, region, API and stage — holding integration
 * responses (what the backend or MOCK answered, before the integration
 * response mapping), keyed as keys.ts says, each for its method's TTL, within
 * a byte budget derived from `cacheClusterSize` (settings.ts) with the least
 * recently used entries evicted first (lru.ts).
 *
 * - A canary whose `useStageCache` is false has a cache of its own (same
 *   size); with `useStageCache` it reads and fills the stage's.
 * - FlushStageCache empties the stage's cache and its canary's (`flush`).
 * - The cache starts empty again when the cluster is enabled, disabled or
 *   resized (AWS deletes the cache instance and creates a new one, "all
 *   existing cached data is deleted"), when the stage is pointed at another
 *   deployment, and when the stage is deleted; a canary's own cache when the
 *   canary's deployment changes. Other stage updates (variables, method
 *   settings, description…) keep the entries: `stageChanged` compares the
 *   stored stage's cache fingerprint with the one the entries were made under.
 * - Responses over 1,048,576 bytes are not cached.
 *
 * The caches live in this process's memory: a restart empties them, as a new
 * cache instance would be.
 */
import type { Logger } from '../../log';
import type { Stage } from '../../model';
import type { Scope } from '../../store';
import type { IntegrationResponseData } from '../context';
import type { CompiledMethod, CompiledStage, StageVariant } from '../types';
import { compileCacheKey, type CacheKeyer } from './keys';
import { ResponseLru } from './lru';
import { MAX_ENTRY_BYTES, StageCacheSettings, stageCacheConfig, type MethodCachePolicy } from './settings';

export { stageCacheConfig, capacityBytes, type StageCacheConfig } from './settings';

/** An integration response as cached: what the integration step produced. */
export type CachedResponse = Readonly<IntegrationResponseData>;

/** What the cache step needs for one request. */
export interface CachePlan {
  cache: ResponseLru<CachedResponse>;
  policy: MethodCachePolicy;
  keyer: CacheKeyer;
}

interface StageEntry {
  scope: Scope;
  apiId: string;
  stageName: string;
  fingerprint: string;
  main: ResponseLru<CachedResponse>;
  canary?: { fingerprint: string; cache: ResponseLru<CachedResponse> };
}

/** What one compiled stage resolved once: its caches and its methods' policies. */
interface Binding {
  main: ResponseLru<CachedResponse>;
  canary?: ResponseLru<CachedResponse>;
  settings: StageCacheSettings;
  methods: Map<CompiledMethod, { policy: MethodCachePolicy; keyer: CacheKeyer } | null>;
}

const ENTRY_OVERHEAD = 64;

export type StageLookup = (scope: Scope, apiId: string, stageName: string) => Stage | undefined;

export class ApiCache {
  private readonly stages = new Map<string, StageEntry>();
  private readonly bindings = new WeakMap<CompiledStage, Binding | null>();
  /** Keys by method of a compiled deployment (shared by the stages serving it); their warnings are logged once. */
  private readonly keyers = new WeakMap<CompiledMethod, CacheKeyer>();

  constructor(
    private readonly log: Logger,
    /** The clock TTLs are measured with (epoch ms). */
    readonly now: () => number = Date.now,
  ) {}

  /** How this request (of `method`, on `variant` of `stage`) uses the cache; undefined when it does not. */
  planFor(stage: CompiledStage, variant: StageVariant, method: CompiledMethod, httpMethod: string): CachePlan | undefined {
    const b = this.bind(stage);
    if (!b) return undefined;
    const cache = variant.isCanary ? b.canary : b.main;
    if (!cache) return undefined;
    let m = b.methods.get(method);
    if (m === undefined) {
      const policy = b.settings.policyFor(method.resourcePath, method.httpMethod);
      m = policy ? { policy, keyer: this.keyerFor(stage, method) } : null;
      b.methods.set(method, m);
    }
    if (!m || (!m.policy.allVerbs && httpMethod !== 'GET')) return undefined;
    return { cache, policy: m.policy, keyer: m.keyer };
  }

  /** Stores `response` under `key` for `ttlSeconds` from now; false when it is too large to cache. */
  store(plan: CachePlan, key: string, response: IntegrationResponseData): boolean {
    let bytes = ENTRY_OVERHEAD + key.length + response.body.length + (response.selectionValue?.length ?? 0);
    for (const h of response.rawHeaders) bytes += h.length;
    if (response.body.length > MAX_ENTRY_BYTES) return false;
    const cached: CachedResponse = {
      statusCode: response.statusCode,
      rawHeaders: response.rawHeaders.slice(),
      body: response.body,
      selectionValue: response.selectionValue,
      payloadFinal: response.payloadFinal,
    };
    return plan.cache.set(key, cached, bytes, this.now() + plan.policy.ttlSeconds * 1000);
  }

  /** FlushStageCache: empties the stage's cache (and its canary's own). */
  flush(scope: Scope, apiId: string, stageName: string): void {
    const e = this.stages.get(entryKey(scope, apiId, stageName));
    if (!e) return;
    e.main.clear();
    e.canary?.cache.clear();
  }

  /**
   * After a control-plane write to `apiId` ('*': the state was reset): drops
   * the caches of stages that are gone or whose cache must start empty
   * (`lookup` reads the stage as stored now).
   */
  stageChanged(apiId: string, lookup: StageLookup): void {
    if (apiId === '*') {
      this.stages.clear();
      return;
    }
    for (const [k, e] of this.stages) {
      if (e.apiId !== apiId) continue;
      const stage = lookup(e.scope, apiId, e.stageName);
      const config = stage ? stageCacheConfig(stage) : undefined;
      if (!config || !config.enabled || config.fingerprint !== e.fingerprint) {
        this.stages.delete(k);
        continue;
      }
      if (e.canary && (config.canary?.shared !== false || config.canary.fingerprint !== e.canary.fingerprint)) delete e.canary;
    }
  }

  private keyerFor(stage: CompiledStage, method: CompiledMethod): CacheKeyer {
    let keyer = this.keyers.get(method);
    if (!keyer) {
      keyer = compileCacheKey(method);
      for (const w of keyer.warnings) this.log.warn(`data plane: API ${stage.apiId}: ${method.httpMethod} ${method.resourcePath}: ${w}`);
      this.keyers.set(method, keyer);
    }
    return keyer;
  }

  private bind(stage: CompiledStage): Binding | undefined {
    let b = this.bindings.get(stage);
    if (b !== undefined) return b ?? undefined;
    const config = stage.cache;
    if (!config || !config.enabled) {
      this.bindings.set(stage, null);
      return undefined;
    }
    const key = entryKey(stage.scope, stage.apiId, stage.stageName);
    let e = this.stages.get(key);
    if (!e || e.fingerprint !== config.fingerprint) {
      e = { scope: stage.scope, apiId: stage.apiId, stageName: stage.stageName, fingerprint: config.fingerprint, main: new ResponseLru(config.byteBudget) };
      this.stages.set(key, e);
    }
    let canary: ResponseLru<CachedResponse> | undefined;
    const c = config.canary;
    if (c?.shared) canary = e.main;
    else if (c) {
      if (!e.canary || e.canary.fingerprint !== c.fingerprint) e.canary = { fingerprint: c.fingerprint, cache: new ResponseLru(config.byteBudget) };
      canary = e.canary.cache;
    }
    b = { main: e.main, canary, settings: new StageCacheSettings(stage.methodSettings), methods: new Map() };
    this.bindings.set(stage, b);
    return b;
  }
}

function entryKey(scope: Scope, apiId: string, stageName: string): string {
  return `${scope.account}\n${scope.region}\n${apiId}\n${stageName}`;
}
