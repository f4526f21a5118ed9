/**
 * @module store/usage-plans
 * Usage plan documents (usage_plans table) and usage plan keys
 * (usage_plan_keys table: one row per API key in a plan, indexed by key id so
 * "which plans hold this key" is one lookup). A plan key row holds only
 * `{id, type}`; its name and value are read from the API key when shown.
 * Plan keys list newest first, as AWS lists them (recorded AWS answers).
 */
import type { Db } from './db';
import { DocTable, type Scope, type Page } from './doc-table';
import type { UsagePlan } from '../model';

export interface PlanKeyRow {
  id: string;
  type: string;
}

export class UsagePlanStore {
  private readonly plans: DocTable<UsagePlan>;
  private readonly keys: DocTable<PlanKeyRow>;
  private readonly plansOfKeyStmt;
  private readonly deleteKeyEverywhereStmt;
  private readonly keysPageStmt;
  constructor(db: Db) {
    this.plans = new DocTable<UsagePlan>(db, { table: 'usage_plans', keys: ['id'] });
    this.keys = new DocTable<PlanKeyRow>(db, { table: 'usage_plan_keys', keys: ['usage_plan_id', 'id'] });
    this.plansOfKeyStmt = this.keys.prepare(
      'SELECT usage_plan_id AS planId FROM $table WHERE account = ? AND region = ? AND id = ? ORDER BY rowid',
    );
    this.deleteKeyEverywhereStmt = this.keys.prepare('DELETE FROM $table WHERE account = ? AND region = ? AND id = ?');
    this.keysPageStmt = this.keys.prepare(
      `SELECT rowid AS rid, doc FROM $table WHERE account = ? AND region = ? AND usage_plan_id = ?
         AND (? = 0 OR rowid < ?) ORDER BY rowid DESC`,
    );
  }

  // ---- plans ----------------------------------------------------------------------------------

  get(scope: Scope, id: string): UsagePlan | undefined {
    return this.plans.get(scope, [id]);
  }
  insert(scope: Scope, plan: UsagePlan): void {
    this.plans.insert(scope, [plan.id], plan);
  }
  update(scope: Scope, plan: UsagePlan): void {
    this.plans.update(scope, [plan.id], plan);
  }
  delete(scope: Scope, id: string): boolean {
    this.keys.deleteUnder(scope, [id]);
    return this.plans.delete(scope, [id]);
  }
  all(scope: Scope): UsagePlan[] {
    return this.plans.all(scope, []);
  }
  page(scope: Scope, after: number, limit: number): Page<UsagePlan> {
    return this.plans.page(scope, [], after, limit);
  }

  // ---- plan keys ------------------------------------------------------------------------------

  hasKey(scope: Scope, planId: string, keyId: string): boolean {
    return this.keys.exists(scope, [planId, keyId]);
  }
  addKey(scope: Scope, planId: string, row: PlanKeyRow): void {
    this.keys.insert(scope, [planId, row.id], row);
  }
  removeKey(scope: Scope, planId: string, keyId: string): boolean {
    return this.keys.delete(scope, [planId, keyId]);
  }
  /** Removes an API key from every plan (DeleteApiKey). */
  removeKeyEverywhere(scope: Scope, keyId: string): void {
    this.deleteKeyEverywhereStmt.run(scope.account, scope.region, keyId);
  }
  /** The ids of the plans that hold this API key, oldest association first. */
  plansOfKey(scope: Scope, keyId: string): string[] {
    return (this.plansOfKeyStmt.all(scope.account, scope.region, keyId) as { planId: string }[]).map((r) => r.planId);
  }
  /**
   * A plan's keys newest first with their rowid cursors, after `before` (0: from the newest).
   * Not limited in SQL: the caller filters by name (which lives on the API key) before paging.
   */
  keysNewestFirst(scope: Scope, planId: string, before: number): { rid: number; row: PlanKeyRow }[] {
    return (this.keysPageStmt.all(scope.account, scope.region, planId, before, before) as { rid: number; doc: string }[]).map(
      (r) => ({ rid: r.rid, row: JSON.parse(r.doc) as PlanKeyRow }),
    );
  }
  keyCount(scope: Scope, planId: string): number {
    return this.keys.count(scope, [planId]);
  }
}
