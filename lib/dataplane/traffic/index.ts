/**
 * @module dataplane/traffic
 * Traffic control on the data plane: API keys, throttles and quotas, all in
 * memory (the key index, the token buckets, the quota counters), with the
 * store read once per change and written in batches (quota counts only).
 *
 * Throttles, at every level AWS has ("Throttle requests to your REST APIs",
 * applied in this order, and a request needs a token from each — the most
 * restrictive wins):
 * 1. per client per method: the usage plan's throttle for this method of
 *    this API stage (`apiStages[].throttle`), per API key;
 * 2. per client: the usage plan's `throttle`, per API key, shared by every
 *    stage of the plan ("aggregated across all API stages within a usage
 *    plan");
 * 3. the stage's method settings (per method; the `*` `/` `*` default);
 * 4. the account, per region (GetAccount `throttleSettings`: 10,000 rps,
 *    burst 5,000 unless changed).
 * Levels 1 and 2 (and quotas) apply only to methods that require an API
 * key: elsewhere "the throttle and quota limits of the usage plan are
 * bypassed" (Developer Guide, "Test usage plans").
 */
import type { Logger } from '../../log';
import type { Scope, Store } from '../../store';
import type { CompiledMethod, CompiledStage } from '../types';
import { DEFAULT_ACCOUNT } from '../../control/account';
import { BucketTable, type BucketSpec, type Clock } from './token-bucket';
import { KeyIndex, type AdmittedKey, type KeyVerdict } from './key-index';
import { QuotaCounters, type QuotaCounter, type QuotaOptions } from './quota';
import { StageThrottles, planMethodLimit, throttleLimit } from './limits';

export type { AdmittedKey, KeyVerdict } from './key-index';
export type { BucketSpec } from './token-bucket';

export interface TrafficOptions {
  /** The throttles' clock (monotonic milliseconds); performance.now() by default. */
  clock?: Clock;
  quota?: QuotaOptions;
}

/** What a compiled stage needs for throttling, built once per CompiledStage. */
interface StageTraffic {
  account: BucketSpec;
  throttles: StageThrottles;
  /** Per method: the stage bucket (if any) and the account bucket. */
  byMethod: Map<CompiledMethod, BucketSpec[]>;
}

export class Traffic {
  readonly buckets: BucketTable;
  readonly keys: KeyIndex;
  readonly quotas: QuotaCounters;
  private readonly stages = new WeakMap<CompiledStage, StageTraffic>();
  private readonly accounts = new Map<string, BucketSpec>();

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    opts: TrafficOptions = {},
  ) {
    this.buckets = new BucketTable(opts.clock ?? (() => performance.now()));
    this.keys = new KeyIndex(store);
    this.quotas = new QuotaCounters(store, log, opts.quota);
  }

  /** Whether the API key `value` may call this stage (and through which usage plan). */
  checkKey(stage: CompiledStage, value: string | undefined): KeyVerdict {
    return this.keys.check(stage.scope, stage.apiId, stage.stageName, value);
  }

  /**
   * Takes a token at every level that applies to `method` (and to `key`, for
   * a method that requires one); returns the bucket that had none (nothing
   * is taken then), or undefined when the request passes.
   */
  throttle(stage: CompiledStage, method: CompiledMethod, key?: AdmittedKey): BucketSpec | undefined {
    const base = this.stageBuckets(stage, method);
    const specs = key ? [...this.keyBuckets(stage, method, key), ...base] : base;
    const refused = this.buckets.takeAll(specs);
    return refused < 0 ? undefined : specs[refused];
  }

  /** The quota counter of an admitted key in its plan (undefined when the plan has no quota). */
  quota(stage: CompiledStage, key: AdmittedKey): QuotaCounter | undefined {
    return this.quotas.open(stage.scope, key.plan, key.keyId);
  }

  /** API keys, usage plans or plan keys changed in `scope`: rebuild the index, re-read quota counts. */
  usagePlansChanged(scope: Scope): void {
    this.keys.drop(scope);
    this.quotas.invalidate(scope);
  }

  /**
   * A stage or API changed (`*`: the state was reset, POST /_apigw/reset).
   * Deleted stages leave their plans, so the key index is rebuilt; after a
   * reset, counts not yet written are dropped with everything else.
   */
  stageChanged(apiId: string): void {
    this.keys.drop();
    if (apiId === '*') {
      this.quotas.discard();
      this.buckets.clear();
      this.accounts.clear();
    }
  }

  /** Writes pending quota counts now. */
  flush(): void {
    this.quotas.flush();
  }

  close(): void {
    this.quotas.close();
  }

  private stageTraffic(stage: CompiledStage): StageTraffic {
    let st = this.stages.get(stage);
    if (!st) {
      st = { account: this.accountBucket(stage.scope), throttles: new StageThrottles(stage.methodSettings), byMethod: new Map() };
      this.stages.set(stage, st);
    }
    return st;
  }

  private stageBuckets(stage: CompiledStage, method: CompiledMethod): BucketSpec[] {
    const st = this.stageTraffic(stage);
    let specs = st.byMethod.get(method);
    if (!specs) {
      specs = [];
      const limit = st.throttles.limitFor(method.resourcePath, method.httpMethod);
      if (limit) {
        const { account, region } = stage.scope;
        const key = `s\n${account}\n${region}\n${stage.apiId}\n${stage.stageName}\n${method.resourcePath}\n${method.httpMethod}`;
        specs.push({ key, ...limit, level: 'stage' });
      }
      specs.push(st.account);
      st.byMethod.set(method, specs);
    }
    return specs;
  }

  private keyBuckets(stage: CompiledStage, method: CompiledMethod, key: AdmittedKey): BucketSpec[] {
    let specs = key.buckets.get(method);
    if (!specs) {
      specs = [];
      const { account, region } = stage.scope;
      const perClient = `${account}\n${region}\n${key.plan.id}\n${key.keyId}`;
      const perMethod = planMethodLimit(key.apiStage, method.resourcePath, method.httpMethod);
      if (perMethod) {
        const where = `${stage.apiId}\n${stage.stageName}\n${method.resourcePath}\n${method.httpMethod}`;
        specs.push({ key: `m\n${perClient}\n${where}`, ...perMethod, level: 'usage plan method' });
      }
      const plan = throttleLimit(key.plan.throttle);
      if (plan) specs.push({ key: `p\n${perClient}`, ...plan, level: 'usage plan' });
      key.buckets.set(method, specs);
    }
    return specs;
  }

  private accountBucket(scope: Scope): BucketSpec {
    const k = scope.account + '\n' + scope.region;
    let spec = this.accounts.get(k);
    if (!spec) {
      const t = this.store.accountSettings.get(scope)?.throttleSettings ?? DEFAULT_ACCOUNT.throttleSettings;
      spec = { key: `a\n${k}`, rate: t.rateLimit, burst: t.burstLimit, level: 'account' };
      this.accounts.set(k, spec);
      this.log.debug(`data plane: account ${scope.account} in ${scope.region}: throttle ${t.rateLimit} rps, burst ${t.burstLimit}`);
    }
    return spec;
  }
}
