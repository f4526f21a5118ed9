/**
 * @module dataplane/cache/settings
 * Which requests a stage caches, and how, read from its configuration as API
 * Gateway reads it (Developer Guide, "Cache settings for REST APIs"):
 * - nothing is cached unless the stage has `cacheClusterEnabled`;
 * - a method is cached when its method setting (`{resourcePath}/{httpMethod}`,
 *   written with or without `~1` escapes; then `{resourcePath}/*`) — else the
 *   stage's `*` `/` `*` setting — has `cachingEnabled` and a TTL above 0
 *   (`cacheTtlInSeconds`, 300 when unset, at most 3600);
 * - "only GET methods have caching enabled by default": the stage-wide setting
 *   caches GET requests only; other verbs need the method's own setting (an
 *   override of a POST, or of an ANY method);
 * - `requireAuthorizationForCacheControl` (default true) and
 *   `unauthorizedCacheControlHeaderStrategy` (default
 *   SUCCEED_WITH_RESPONSE_HEADER) decide what `Cache-Control: max-age=0` does;
 * - the cache's capacity follows `cacheClusterSize` (see `capacityBytes`).
 *
 * `cacheDataEncrypted` changes nothing observable and is not emulated.
 */
import type { CanarySettings, MethodSetting, Stage } from '../../model';
import { normalizePath, splitMethodKey } from '../traffic/limits';

export type UnauthorizedStrategy = 'FAIL_WITH_403' | 'SUCCEED_WITH_RESPONSE_HEADER' | 'SUCCEED_WITHOUT_RESPONSE_HEADER';

/** How one method of a stage caches (undefined where it does not). */
export interface MethodCachePolicy {
  ttlSeconds: number;
  requireAuthorization: boolean;
  unauthorizedStrategy: UnauthorizedStrategy;
  /** False when only the stage-wide setting enables caching: then only GET requests are cached. */
  allVerbs: boolean;
}

export const DEFAULT_TTL_SECONDS = 300;
export const MAX_TTL_SECONDS = 3600;
/** "The maximum size of a response that can be cached is 1048576 bytes." */
export const MAX_ENTRY_BYTES = 1_048_576;

/** The cache cluster sizes (GB) AWS offers; see stage-rules CACHE_CLUSTER_SIZES. */
const GIB = 1024 * 1024 * 1024;
/** Memory is held in this process: a cluster's capacity is scaled down by this factor… */
export const CAPACITY_SCALE = 64;
/** …and capped per cache (a stage, or a canary with its own cache). */
export const MAX_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * The byte budget of a cache for `cacheClusterSize` (GB): 1/64 of the
 * cluster, at most 256 MiB — 0.5 GB holds 8 MiB of responses, 1.6 GB about
 * 26 MiB, 13.5 GB and up the cap. Never below one maximal entry.
 */
export function capacityBytes(clusterSize: string | undefined): number {
  const gb = Number(clusterSize ?? '0.5');
  const bytes = Number.isFinite(gb) && gb > 0 ? Math.floor((gb * GIB) / CAPACITY_SCALE) : Math.floor((0.5 * GIB) / CAPACITY_SCALE);
  return Math.max(MAX_ENTRY_BYTES, Math.min(bytes, MAX_CACHE_BYTES));
}

/** A stage's cache cluster as the data plane needs it (built when the stage is loaded). */
export interface StageCacheConfig {
  enabled: boolean;
  byteBudget: number;
  /**
   * Changes when the cache must start empty: the cluster enabled, disabled or
   * resized (AWS deletes the cache instance and creates a new one), the stage
   * pointed at another deployment, or the stage deleted and created again.
   */
  fingerprint: string;
  /** The canary's cache: undefined without a canary; `shared` when it uses the stage cache (`useStageCache`). */
  canary?: { shared: true } | { shared: false; fingerprint: string };
}

export function stageCacheConfig(stage: Stage): StageCacheConfig {
  const enabled = stage.cacheClusterEnabled === true;
  const fingerprint = JSON.stringify([stage.createdDate, enabled, stage.cacheClusterSize ?? '', stage.deploymentId ?? '']);
  return { enabled, byteBudget: capacityBytes(stage.cacheClusterSize), fingerprint, canary: canaryCache(stage.canarySettings, fingerprint) };
}

function canaryCache(canary: CanarySettings | undefined, stageFingerprint: string): StageCacheConfig['canary'] {
  if (!canary) return undefined;
  if (canary.useStageCache) return { shared: true };
  return { shared: false, fingerprint: JSON.stringify([stageFingerprint, canary.deploymentId ?? '']) };
}

/** A stage's method settings, indexed once for the cache lookups of its methods. */
export class StageCacheSettings {
  private readonly byMethod = new Map<string, MethodSetting>();
  private readonly stageDefault?: MethodSetting;

  constructor(methodSettings: Record<string, MethodSetting> | undefined) {
    for (const [key, s] of Object.entries(methodSettings ?? {})) {
      if (key === '*/*') {
        this.stageDefault = s;
        continue;
      }
      const k = splitMethodKey(key);
      if (k) this.byMethod.set(k.path + ' ' + k.method, s);
    }
  }

  /** How the method `httpMethod` of the resource at `resourcePath` caches; undefined when it does not. */
  policyFor(resourcePath: string, httpMethod: string): MethodCachePolicy | undefined {
    const path = normalizePath(resourcePath);
    const own = this.byMethod.get(path + ' ' + httpMethod.toUpperCase()) ?? this.byMethod.get(path + ' *');
    const s = own ?? this.stageDefault;
    if (!s || s.cachingEnabled !== true) return undefined;
    const ttl = ttlOf(s.cacheTtlInSeconds);
    if (ttl === 0) return undefined;
    return {
      ttlSeconds: ttl,
      requireAuthorization: s.requireAuthorizationForCacheControl !== false,
      unauthorizedStrategy: strategyOf(s.unauthorizedCacheControlHeaderStrategy),
      allVerbs: own !== undefined,
    };
  }
}

function ttlOf(v: number | undefined): number {
  if (v === undefined || v === null || !Number.isFinite(v)) return DEFAULT_TTL_SECONDS;
  return Math.max(0, Math.min(MAX_TTL_SECONDS, Math.floor(v)));
}

function strategyOf(v: string | undefined): UnauthorizedStrategy {
  return v === 'FAIL_WITH_403' || v === 'SUCCEED_WITHOUT_RESPONSE_HEADER' ? v : 'SUCCEED_WITH_RESPONSE_HEADER';
}
