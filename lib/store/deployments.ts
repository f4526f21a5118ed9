/**
 * @module store/deployments
 * Deployment documents and their frozen API snapshots (deployments table).
 */
import type { Db } from './db';
import { DocTable, type Scope, type Page } from './doc-table';
import type { ApiSnapshot, Deployment } from '../model';


export class DeploymentStore {
  private readonly t: DocTable<Deployment>;
  private readonly insertStmt;
  private readonly snapshotStmt;
  constructor(db: Db) {
    this.t = new DocTable<Deployment>(db, { table: 'deployments', keys: ['rest_api_id', 'id'] });
    this.insertStmt = this.t.prepare(
      'INSERT INTO $table (account, region, rest_api_id, id, doc, snapshot) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.snapshotStmt = this.t.prepare('SELECT snapshot FROM $table WHERE account = ? AND region = ? AND rest_api_id = ? AND id = ?');
  }
  get(scope: Scope, apiId: string, id: string): Deployment | undefined {
    return this.t.get(scope, [apiId, id]);
  }
  exists(scope: Scope, apiId: string, id: string): boolean {
    return this.t.exists(scope, [apiId, id]);
  }
  insert(scope: Scope, apiId: string, d: Deployment, snapshot: ApiSnapshot): void {
    this.insertStmt.run(scope.account, scope.region, apiId, d.id, JSON.stringify(d), JSON.stringify(snapshot));
  }
  update(scope: Scope, apiId: string, d: Deployment): void {
    this.t.update(scope, [apiId, d.id], d);
  }
  snapshot(scope: Scope, apiId: string, id: string): ApiSnapshot | undefined {
    const row = this.snapshotStmt.get(scope.account, scope.region, apiId, id) as { snapshot: string } | undefined;
    return row ? (JSON.parse(row.snapshot) as ApiSnapshot) : undefined;
  }
  delete(scope: Scope, apiId: string, id: string): boolean {
    return this.t.delete(scope, [apiId, id]);
  }
  deleteAll(scope: Scope, apiId: string): void {
    this.t.deleteUnder(scope, [apiId]);
  }
  page(scope: Scope, apiId: string, after: number, limit: number): Page<Deployment> {
    return this.t.page(scope, [apiId], after, limit);
  }
}
