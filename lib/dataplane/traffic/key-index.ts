/**
 * @module dataplane/traffic/key-index
 * Which API key may call which stage, compiled in memory per account and
 * region from the API keys, the usage plans and their keys, so that checking
 * a request's key costs map lookups, not SQL. The control plane's
 * `usagePlansChanged` (and `stageChanged`: a deleted stage leaves its plans)
 * drops a scope's index; the next request rebuilds it.
 *
 * Emulates ("Choose an API key source", "Usage plans"): a key is admitted on
 * a stage when it exists, is enabled, and is in a usage plan that has this
 * API stage; every other case is the same 403 (INVALID_API_KEY, "Forbidden")
 * for the caller — the reason is only logged. A key is in at most one plan
 * per stage (the control plane refuses a second one, 409).
 * Not emulated: the deprecated `stageKeys` of an API key (accounts with the
 * UsagePlans feature, the default, use usage plans only).
 */
import type { Scope, Store } from '../../store';
import type { ApiKey, ApiStage, UsagePlan } from '../../model';
import type { BucketSpec } from './token-bucket';

/** An API key admitted on a stage, with the usage plan (and its API stage) that admits it. */
export interface AdmittedKey {
  keyId: string;
  keyValue: string;
  plan: UsagePlan;
  apiStage: ApiStage;
  /** The plan's buckets for this key, by method (filled on first use by traffic/index). */
  readonly buckets: Map<object, BucketSpec[]>;
}

export type KeyVerdict = { admitted: AdmittedKey; refusal?: undefined } | { admitted?: undefined; refusal: string };

interface StagePlan {
  plan: UsagePlan;
  apiStage: ApiStage;
  keyIds: Set<string>;
  /** One AdmittedKey per key, made on first use (the throttle step caches its buckets there). */
  admitted: Map<string, AdmittedKey>;
}

interface ScopeIndex {
  keysByValue: Map<string, ApiKey>;
  /** `apiId\nstage` → the plans that have this API stage. */
  plansByStage: Map<string, StagePlan[]>;
}

/** More than AWS's per-account key quota (10,000 after an increase): one read loads them all. */
const ALL_KEYS = 1_000_000;

const scopeKey = (scope: Scope): string => scope.account + '\n' + scope.region;

export class KeyIndex {
  private readonly scopes = new Map<string, ScopeIndex>();

  constructor(private readonly store: Store) {}

  /** Whether the key `value` may call stage `stageName` of API `apiId` in `scope`. */
  check(scope: Scope, apiId: string, stageName: string, value: string | undefined): KeyVerdict {
    if (value === undefined || value === '') return { refusal: 'the request carries no API key' };
    const index = this.index(scope);
    const key = index.keysByValue.get(value);
    if (!key) return { refusal: 'the API key is not known' };
    if (!key.enabled) return { refusal: `API key ${key.id} is disabled` };
    const plans = index.plansByStage.get(apiId + '\n' + stageName);
    if (plans) {
      for (const sp of plans) {
        if (!sp.keyIds.has(key.id)) continue;
        let admitted = sp.admitted.get(key.id);
        if (!admitted) {
          admitted = { keyId: key.id, keyValue: key.value, plan: sp.plan, apiStage: sp.apiStage, buckets: new Map() };
          sp.admitted.set(key.id, admitted);
        }
        return { admitted };
      }
    }
    return { refusal: `API key ${key.id} is in no usage plan with API stage ${apiId}:${stageName}` };
  }

  /** Forgets a scope's index (`undefined` = every scope). */
  drop(scope?: Scope): void {
    if (scope === undefined || scope.account === '*') this.scopes.clear();
    else this.scopes.delete(scopeKey(scope));
  }

  private index(scope: Scope): ScopeIndex {
    const k = scopeKey(scope);
    let index = this.scopes.get(k);
    if (!index) {
      index = this.build(scope);
      this.scopes.set(k, index);
    }
    return index;
  }

  private build(scope: Scope): ScopeIndex {
    const keysByValue = new Map<string, ApiKey>();
    for (const key of this.store.apiKeys.page(scope, 0, ALL_KEYS).items) keysByValue.set(key.value, key);
    const plansByStage = new Map<string, StagePlan[]>();
    for (const plan of this.store.usagePlans.all(scope)) {
      if (plan.apiStages.length === 0) continue;
      const keyIds = new Set(this.store.usagePlans.keysNewestFirst(scope, plan.id, 0).map((r) => r.row.id));
      for (const apiStage of plan.apiStages) {
        const at = apiStage.apiId + '\n' + apiStage.stage;
        const list = plansByStage.get(at) ?? [];
        list.push({ plan, apiStage, keyIds, admitted: new Map() });
        plansByStage.set(at, list);
      }
    }
    return { keysByValue, plansByStage };
  }
}
