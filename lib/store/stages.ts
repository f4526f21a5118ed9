/**
 * @module store/stages
 * Stage documents (stages table), indexed by the deployment they point at.
 */
import type { Db } from './db';
import { DocTable, type Scope } from './doc-table';
import type { Stage } from '../model';

export class StageStore {
  private readonly t: DocTable<Stage>;
  private readonly byDeploymentStmt;
  constructor(db: Db) {
    this.t = new DocTable<Stage>(db, {
      table: 'stages',
      keys: ['rest_api_id', 'id'],
      columns: { deployment_id: (s) => s.deploymentId ?? null },
    });
    this.byDeploymentStmt = this.t.prepare(
      'SELECT doc FROM $table WHERE account = ? AND region = ? AND rest_api_id = ? AND deployment_id = ? ORDER BY rowid',
    );
  }
  get(scope: Scope, apiId: string, name: string): Stage | undefined {
    return this.t.get(scope, [apiId, name]);
  }
  exists(scope: Scope, apiId: string, name: string): boolean {
    return this.t.exists(scope, [apiId, name]);
  }
  insert(scope: Scope, apiId: string, s: Stage): void {
    this.t.insert(scope, [apiId, s.stageName], s);
  }
  update(scope: Scope, apiId: string, s: Stage): void {
    this.t.update(scope, [apiId, s.stageName], s);
  }
  delete(scope: Scope, apiId: string, name: string): boolean {
    return this.t.delete(scope, [apiId, name]);
  }
  deleteAll(scope: Scope, apiId: string): void {
    this.t.deleteUnder(scope, [apiId]);
  }
  all(scope: Scope, apiId: string): Stage[] {
    return this.t.all(scope, [apiId]);
  }
  /** Stages whose own deployment is `deploymentId` (canary deployments are checked by the caller). */
  usingDeployment(scope: Scope, apiId: string, deploymentId: string): Stage[] {
    return (this.byDeploymentStmt.all(scope.account, scope.region, apiId, deploymentId) as { doc: string }[]).map((r) =>
      JSON.parse(r.doc),
    );
  }
}
