/**
 * @module store/usage
 * The quota counters (usage table): per account, region, usage plan, API key
 * and UTC day (`yyyy-MM-dd`), the requests `used` and the quota `granted`
 * on top of the plan's limit (UpdateUsage's "temporary extension", which may
 * be negative). GetUsage reads them; the data plane adds to them in batches
 * (`addUsed` with many entries runs as one transaction of upserts), so the
 * hot path never pays a write per request.
 */
import type { Db } from './db';
import type { Scope } from './doc-table';

export interface UsageIncrement {
  scope: Scope;
  usagePlanId: string;
  keyId: string;
  day: string;
  used: number;
}

export interface UsageRow {
  keyId: string;
  day: string;
  used: number;
  granted: number;
}

export class UsageStore {
  private readonly addUsedStmt;
  private readonly grantStmt;
  private readonly rangeStmt;
  private readonly totalsStmt;
  private readonly deletePlanStmt;
  private readonly deleteKeyStmt;
  constructor(private readonly db: Db) {
    this.addUsedStmt = db.prepare(
      `INSERT INTO usage (account, region, usage_plan_id, key_id, day, used) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, region, usage_plan_id, key_id, day) DO UPDATE SET used = used + excluded.used`,
    );
    this.grantStmt = db.prepare(
      `INSERT INTO usage (account, region, usage_plan_id, key_id, day, granted) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, region, usage_plan_id, key_id, day) DO UPDATE SET granted = granted + excluded.granted`,
    );
    this.rangeStmt = db.prepare(
      `SELECT key_id AS keyId, day, used, granted FROM usage
       WHERE account = ? AND region = ? AND usage_plan_id = ? AND (? IS NULL OR key_id = ?) AND day >= ? AND day <= ?
       ORDER BY key_id, day`,
    );
    this.totalsStmt = db.prepare(
      `SELECT coalesce(sum(used), 0) AS used, coalesce(sum(granted), 0) AS granted FROM usage
       WHERE account = ? AND region = ? AND usage_plan_id = ? AND key_id = ? AND day >= ? AND day <= ?`,
    );
    this.deletePlanStmt = db.prepare('DELETE FROM usage WHERE account = ? AND region = ? AND usage_plan_id = ?');
    this.deleteKeyStmt = db.prepare('DELETE FROM usage WHERE account = ? AND region = ? AND key_id = ?');
  }

  /** Adds requests to the day counters: one upsert each, all in one transaction. */
  addUsed(entries: UsageIncrement[]): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const e of entries) {
        this.addUsedStmt.run(e.scope.account, e.scope.region, e.usagePlanId, e.keyId, e.day, e.used);
      }
    })();
  }

  /** Adds `delta` (may be negative) to the quota granted on `day`. */
  grant(scope: Scope, usagePlanId: string, keyId: string, day: string, delta: number): void {
    this.grantStmt.run(scope.account, scope.region, usagePlanId, keyId, day, delta);
  }

  /** The rows between two days (inclusive), for one key or all, ordered by key then day. */
  range(scope: Scope, usagePlanId: string, keyId: string | undefined, fromDay: string, toDay: string): UsageRow[] {
    const k = keyId ?? null;
    return this.rangeStmt.all(scope.account, scope.region, usagePlanId, k, k, fromDay, toDay) as UsageRow[];
  }

  /** Sums of used and granted for one key between two days (inclusive). */
  totals(scope: Scope, usagePlanId: string, keyId: string, fromDay: string, toDay: string): { used: number; granted: number } {
    return this.totalsStmt.get(scope.account, scope.region, usagePlanId, keyId, fromDay, toDay) as { used: number; granted: number };
  }

  deleteForPlan(scope: Scope, usagePlanId: string): void {
    this.deletePlanStmt.run(scope.account, scope.region, usagePlanId);
  }

  deleteForKey(scope: Scope, keyId: string): void {
    this.deleteKeyStmt.run(scope.account, scope.region, keyId);
  }
}
