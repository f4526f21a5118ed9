/**
 * @module control/quota-period
 * Calendar arithmetic for usage plan quotas, in UTC days (`yyyy-MM-dd`, the
 * form GetUsage takes and answers): which quota period a day falls in, and
 * what remains of the quota at the end of a day. The data plane uses the same
 * functions when it checks and counts quota.
 *
 * A quota's `offset` is read as AWS's SDK documents it: the day its period
 * starts — for WEEK 0 is Sunday … 6 Saturday, for MONTH 0 is the 1st … 27 the
 * 28th; a DAY period always starts at 00:00 UTC (offset 0).
 */
import type { QuotaSettings } from '../model';

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** The UTC day of a moment, as `yyyy-MM-dd`. */
export function utcDay(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10);
}

/** Parses a strict `yyyy-MM-dd` calendar date; undefined when it is not one. */
export function parseDay(s: unknown): Date | undefined {
  if (typeof s !== 'string') return undefined;
  const m = DAY_RE.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return utcDay(d) === s ? d : undefined;
}

export function addDays(day: string, n: number): string {
  return utcDay(new Date(parseDay(day)!.getTime() + n * MS_PER_DAY));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to)!.getTime() - parseDay(from)!.getTime()) / MS_PER_DAY);
}

export interface Period {
  start: string;
  end: string;
}

/** The quota period (first and last day, inclusive) that contains `day`. */
export function quotaPeriod(quota: QuotaSettings, day: string): Period {
  const d = parseDay(day)!;
  const offset = quota.offset ?? 0;
  switch (quota.period) {
    case 'WEEK': {
      const back = (d.getUTCDay() - offset + 7) % 7;
      const start = addDays(day, -back);
      return { start, end: addDays(start, 6) };
    }
    case 'MONTH': {
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth();
      const startMonth = d.getUTCDate() >= offset + 1 ? m : m - 1;
      const start = utcDay(new Date(Date.UTC(y, startMonth, offset + 1)));
      const next = utcDay(new Date(Date.UTC(y, startMonth + 1, offset + 1)));
      return { start, end: addDays(next, -1) };
    }
    default:
      return { start: day, end: day };
  }
}

/** What remains of the quota after `used` requests and `granted` extra quota in a period (never below 0). */
export function remainingQuota(quota: QuotaSettings | undefined, used: number, granted: number): number {
  if (!quota) return 0;
  return Math.max(0, (quota.limit ?? 0) + granted - used);
}
