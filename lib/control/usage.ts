/**
 * @module control/usage
 * GetUsage and UpdateUsage: the per-key, per-day quota counters of a usage plan.
 *
 * GetUsage answers AWS's Usage shape — `{usagePlanId, startDate, endDate,
 * values: {keyId: [[used, remaining], …one per day]}, position?}` (`values`
 * is the wire name; the SDKs call it `items`) — for the keys that have usage
 * recorded in the range, paged over keys. `remaining` is what was left of
 * the quota at the end of that day, within the quota period the day falls in
 * (see quota-period). UpdateUsage (`replace /remaining`) sets what remains of
 * the current period for one key, as a grant on today's counter, and answers
 * the period: `{startDate, endDate, values: {keyId: [[used, remaining]]}}`.
 * Not verified against AWS (our wording and choices): the date and "no
 * quota" messages, `remaining` 0 for a plan without a quota, the 10-year
 * cap on a GetUsage range.
 */
import { BadRequestException } from '../aws/errors';
import { pageOf } from '../aws/pagination';
import { PatchEngine, patchInteger } from '../aws/patch';
import type { HandlerTable, Input } from './context';
import { requireUsagePlan } from './usage-plan-rules';
import { requirePlanKey } from './usage-plan-keys';
import { addDays, daysBetween, parseDay, quotaPeriod, remainingQuota, utcDay } from './quota-period';
import type { UsageRow } from '../store/usage';
import type { QuotaSettings } from '../model';

const MAX_RANGE_DAYS = 3660;

function checkDate(value: unknown, which: 'start' | 'end'): string {
  if (value === undefined || value === null || value === '') {
    throw new BadRequestException(`The ${which} date must be specified in the yyyy-MM-dd format`);
  }
  if (!parseDay(value)) throw new BadRequestException(`Invalid ${which} date specified: ${value}. Must be in the yyyy-MM-dd format`);
  return value as string;
}

/** One key's `[used, remaining]` per day from `start` to `end`, from its rows (which start at the period of `start`). */
function dailyValues(quota: QuotaSettings | undefined, rows: UsageRow[], start: string, end: string): number[][] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: number[][] = [];
  const first = quota ? quotaPeriod(quota, start).start : start;
  let periodEnd = '';
  let used = 0;
  let granted = 0;
  for (let day = first; day <= end; day = addDays(day, 1)) {
    if (quota && day > periodEnd) {
      periodEnd = quotaPeriod(quota, day).end;
      used = 0;
      granted = 0;
    }
    const row = byDay.get(day);
    used += row?.used ?? 0;
    granted += row?.granted ?? 0;
    if (day >= start) out.push([row?.used ?? 0, remainingQuota(quota, used, granted)]);
  }
  return out;
}

const remainingPatch = new PatchEngine<{ remaining?: number }>([
  { path: '/remaining', ops: ['replace'], set: (doc, _p, value, _op, path) => (doc.remaining = patchInteger(value, path)) },
]);

export const usageHandlers: HandlerTable = {
  GetUsage(input: Input, ctx) {
    ctx.events.flushUsage?.();
    const plan = requireUsagePlan(ctx, input.usagePlanId);
    const start = checkDate(input.startDate, 'start');
    const end = checkDate(input.endDate, 'end');
    const span = daysBetween(start, end);
    if (span < 0) throw new BadRequestException('The end date must not be before the start date');
    if (span > MAX_RANGE_DAYS) throw new BadRequestException(`The date range must not be longer than ${MAX_RANGE_DAYS} days`);
    const from = plan.quota ? quotaPeriod(plan.quota, start).start : start;
    const keyId = typeof input.keyId === 'string' && input.keyId !== '' ? input.keyId : undefined;
    const rows = ctx.store.usage.range(ctx.scope, plan.id, keyId, from, end);
    const byKey = new Map<string, UsageRow[]>();
    for (const r of rows) byKey.set(r.keyId, [...(byKey.get(r.keyId) ?? []), r]);
    const keys = [...byKey.keys()].filter((k) => byKey.get(k)!.some((r) => r.day >= start));
    const page = pageOf(keys, (k) => k, input);
    const values: Record<string, number[][]> = {};
    for (const k of page.item) values[k] = dailyValues(plan.quota, byKey.get(k)!, start, end);
    const out: Record<string, unknown> = { usagePlanId: plan.id, startDate: start, endDate: end, values };
    if (page.position) out.position = page.position;
    return out;
  },

  UpdateUsage(input: Input, ctx) {
    // The data plane's pending counts go in first (what remains is computed from the store), and it re-reads
    // the counts afterwards (the grant changes what it enforces).
    ctx.events.flushUsage?.();
    const out = ctx.store.transaction(() => {
      const { plan, key } = requirePlanKey(ctx, input.usagePlanId, input.keyId);
      const target = remainingPatch.apply({}, input.patchOperations).remaining;
      if (target !== undefined && target < 0) {
        throw new BadRequestException(`Invalid remaining quota: ${target}. Must be a non-negative integer`);
      }
      if (!plan.quota) throw new BadRequestException(`Usage plan ${plan.id} does not have a quota`);
      const today = utcDay();
      const period = quotaPeriod(plan.quota, today);
      const sums = ctx.store.usage.totals(ctx.scope, plan.id, key.id, period.start, today);
      // What remains is limit + granted - used (never below 0): grant today whatever makes it the target.
      if (target !== undefined) {
        const current = (plan.quota.limit ?? 0) + sums.granted - sums.used;
        ctx.store.usage.grant(ctx.scope, plan.id, key.id, today, target - current);
      }
      const remaining = target ?? remainingQuota(plan.quota, sums.used, sums.granted);
      return {
        usagePlanId: plan.id,
        startDate: period.start,
        endDate: period.end,
        values: { [key.id]: [[sums.used, remaining]] },
      };
    });
    ctx.events.usagePlansChanged?.(ctx.scope);
    return out;
  },
};
