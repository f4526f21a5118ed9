/**
 * @module store/resources
 * Resource documents (resources table), each holding its methods (with their
 * method responses, integration and integration responses) under
 * `resourceMethods`, as GetResource returns them. Indexed by parent for the
 * tree rules; `subtree` walks that index (a resource and all its descendants),
 * which UpdateResource (path recomputation) and DeleteResource use.
 */
import type { Db } from './db';
import { DocTable, type Scope, type Page } from './doc-table';
import type { Resource } from '../model';

export class ResourceStore {
  private readonly t: DocTable<Resource>;
  private readonly childrenStmt;
  constructor(db: Db) {
    this.t = new DocTable<Resource>(db, {
      table: 'resources',
      keys: ['rest_api_id', 'id'],
      columns: { parent_id: (r) => r.parentId ?? null },
    });
    this.childrenStmt = this.t.prepare(
      'SELECT doc FROM $table WHERE account = ? AND region = ? AND rest_api_id = ? AND parent_id = ? ORDER BY rowid',
    );
  }
  get(scope: Scope, apiId: string, id: string): Resource | undefined {
    return this.t.get(scope, [apiId, id]);
  }
  insert(scope: Scope, apiId: string, r: Resource): void {
    this.t.insert(scope, [apiId, r.id], r);
  }
  update(scope: Scope, apiId: string, r: Resource): void {
    this.t.update(scope, [apiId, r.id], r);
  }
  delete(scope: Scope, apiId: string, id: string): boolean {
    return this.t.delete(scope, [apiId, id]);
  }
  deleteAll(scope: Scope, apiId: string): void {
    this.t.deleteUnder(scope, [apiId]);
  }
  children(scope: Scope, apiId: string, parentId: string): Resource[] {
    return (this.childrenStmt.all(scope.account, scope.region, apiId, parentId) as { doc: string }[]).map((r) => JSON.parse(r.doc));
  }
  /** The resource and all its descendants, parents before children (empty when `id` is unknown). */
  subtree(scope: Scope, apiId: string, id: string): Resource[] {
    const root = this.get(scope, apiId, id);
    if (!root) return [];
    const out: Resource[] = [root];
    for (let i = 0; i < out.length; i++) out.push(...this.children(scope, apiId, out[i].id));
    return out;
  }
  all(scope: Scope, apiId: string): Resource[] {
    return this.t.all(scope, [apiId]);
  }
  page(scope: Scope, apiId: string, after: number, limit: number): Page<Resource> {
    return this.t.page(scope, [apiId], after, limit);
  }
  count(scope: Scope, apiId: string): number {
    return this.t.count(scope, [apiId]);
  }
}
