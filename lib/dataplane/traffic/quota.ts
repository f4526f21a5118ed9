/**
 * @module dataplane/traffic/quota
 * Usage plan quotas on the request path, counted in memory and written in
 * batches. For each (usage plan, API key) the counter of the current quota
 * period (DAY, WEEK or MONTH with its `offset`, UTC — the same arithmetic as
 * GetUsage, control/quota-period) is loaded from the usage table on first
 * use: what was used and what UpdateUsage granted in the period so far. So
 * counts survive a restart, and UpdateUsage's `remaining` is what the data
 * plane enforces. A request is admitted while `limit + granted - used > 0`;
 * the (limit+1)-th of a period is refused (429 QUOTA_EXCEEDED).
 *
 * Writes: every counted request is added to a pending per-day increment;
 * pending increments go to the store (`usage.addUsed`, one transaction) every
 * `flushIntervalMs` (100 ms), as soon as `flushEvery` (1,000) are pending, on
 * `flush()` (GetUsage/UpdateUsage ask for one first) and on `close()`. No SQL
 * per request. A process killed without closing loses at most the last
 * interval's counts.
 */
import type { Logger } from '../../log';
import type { Scope, Store } from '../../store';
import type { UsagePlan } from '../../model';
import type { UsageIncrement } from '../../store/usage';
import { quotaPeriod } from '../../control/quota-period';

export interface QuotaOptions {
  /** Wall clock in epoch milliseconds (quota periods are calendar days, UTC). */
  now?: () => number;
  flushIntervalMs?: number;
  flushEvery?: number;
}

/** A key's count in the current period of its plan's quota. */
export interface QuotaCounter {
  readonly mapKey: string;
  readonly scope: Scope;
  readonly planId: string;
  readonly keyId: string;
  limit: number;
  /** The UTC day the counter was last used on, and the period it falls in. */
  day: string;
  periodStart: string;
  periodEnd: string;
  used: number;
  granted: number;
}

const MS_PER_DAY = 86_400_000;

export class QuotaCounters {
  private readonly counters = new Map<string, QuotaCounter>();
  private readonly pending = new Map<string, UsageIncrement>();
  private pendingCount = 0;
  private timer?: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly flushIntervalMs: number;
  private readonly flushEvery: number;
  private dayStart = 0;
  private dayEnd = -1;
  private dayText = '';

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    opts: QuotaOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.flushIntervalMs = opts.flushIntervalMs ?? 100;
    this.flushEvery = opts.flushEvery ?? 1000;
  }

  /** The counter of `keyId` in `plan` for today's quota period; undefined when the plan has no quota. */
  open(scope: Scope, plan: UsagePlan, keyId: string): QuotaCounter | undefined {
    const quota = plan.quota;
    if (!quota) return undefined;
    const today = this.today();
    const mapKey = scope.account + '\n' + scope.region + '\n' + plan.id + '\n' + keyId;
    let c = this.counters.get(mapKey);
    if (c && c.day !== today) {
      if (today >= c.periodStart && today <= c.periodEnd) c.day = today;
      else c = undefined;
    }
    if (!c) {
      c = this.load(mapKey, scope, plan, keyId, today);
      this.counters.set(mapKey, c);
    }
    c.limit = quota.limit ?? 0;
    return c;
  }

  /** What remains of the quota in the counter's period (never below 0). */
  remaining(c: QuotaCounter): number {
    return Math.max(0, c.limit + c.granted - c.used);
  }

  /** Counts one request. */
  add(c: QuotaCounter): void {
    c.used++;
    const k = c.mapKey + '\n' + c.day;
    const p = this.pending.get(k);
    if (p) p.used++;
    else this.pending.set(k, { scope: c.scope, usagePlanId: c.planId, keyId: c.keyId, day: c.day, used: 1 });
    if (++this.pendingCount >= this.flushEvery) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Writes the pending counts now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.size === 0) return;
    const entries = [...this.pending.values()];
    this.pending.clear();
    this.pendingCount = 0;
    try {
      this.store.usage.addUsed(entries);
    } catch (e) {
      this.log.error(`data plane: writing ${entries.length} usage counters failed: ${(e as Error)?.message ?? e}`);
    }
  }

  /** Writes the pending counts and forgets the loaded ones (of a scope, or all), so they are read again. */
  invalidate(scope?: Scope): void {
    this.flush();
    if (scope === undefined || scope.account === '*') {
      this.counters.clear();
      return;
    }
    const prefix = scope.account + '\n' + scope.region + '\n';
    for (const k of this.counters.keys()) if (k.startsWith(prefix)) this.counters.delete(k);
  }

  /** Forgets the pending and the loaded counts without writing them (the state was reset: they belong to nothing now). */
  discard(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.pending.clear();
    this.pendingCount = 0;
    this.counters.clear();
  }

  /** Flushes and stops the timer (the app is closing). */
  close(): void {
    this.flush();
  }

  /** Pending increments not yet written (for tests). */
  get pendingRequests(): number {
    return this.pendingCount;
  }

  private load(mapKey: string, scope: Scope, plan: UsagePlan, keyId: string, today: string): QuotaCounter {
    // Counts still pending (from an earlier day of the same period) must be in the store before it is read.
    this.flush();
    const period = quotaPeriod(plan.quota!, today);
    const sums = this.store.usage.totals(scope, plan.id, keyId, period.start, today);
    return {
      mapKey,
      scope,
      planId: plan.id,
      keyId,
      limit: plan.quota!.limit ?? 0,
      day: today,
      periodStart: period.start,
      periodEnd: period.end,
      used: sums.used,
      granted: sums.granted,
    };
  }

  /** Today as `yyyy-MM-dd` (UTC), recomputed only when the clock crosses midnight. */
  private today(): string {
    const now = this.now();
    if (now < this.dayStart || now > this.dayEnd) {
      this.dayStart = Math.floor(now / MS_PER_DAY) * MS_PER_DAY;
      this.dayEnd = this.dayStart + MS_PER_DAY - 1;
      this.dayText = new Date(this.dayStart).toISOString().slice(0, 10);
    }
    return this.dayText;
  }
}
