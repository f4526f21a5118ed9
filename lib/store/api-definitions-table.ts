/**
 * @module store/api-definitions-table
 * The table shape the API-level definitions share (authorizers, request
 * validators, models): documents keyed by (API, id), listed in id order as
 * API Gateway lists them, paged by the id of the last item returned (keyset
 * paging: a deleted cursor item does not break the next page).
 */
import type { Db } from './db';
import { DocTable, type Scope } from './doc-table';

export interface IdPage<T> {
  items: T[];
  /** The id of the last item when more follow. */
  next?: string;
}

export class ApiDefinitionsTable<T extends { id: string }> {
  readonly t: DocTable<T>;
  private readonly allStmt;
  private readonly pageStmt;

  constructor(db: Db, table: string, columns?: Record<string, (doc: T) => string | number | null>) {
    this.t = new DocTable<T>(db, { table, keys: ['rest_api_id', 'id'], columns });
    this.allStmt = this.t.prepare('SELECT doc FROM $table WHERE account = ? AND region = ? AND rest_api_id = ? ORDER BY id');
    this.pageStmt = this.t.prepare(
      'SELECT doc FROM $table WHERE account = ? AND region = ? AND rest_api_id = ? AND id > ? ORDER BY id LIMIT ?',
    );
  }

  get(scope: Scope, apiId: string, id: string): T | undefined {
    return this.t.get(scope, [apiId, id]);
  }
  insert(scope: Scope, apiId: string, doc: T): void {
    this.t.insert(scope, [apiId, doc.id], doc);
  }
  update(scope: Scope, apiId: string, doc: T): void {
    this.t.update(scope, [apiId, doc.id], doc);
  }
  delete(scope: Scope, apiId: string, id: string): boolean {
    return this.t.delete(scope, [apiId, id]);
  }
  deleteAll(scope: Scope, apiId: string): void {
    this.t.deleteUnder(scope, [apiId]);
  }
  /** Every item of the API, in id order. */
  all(scope: Scope, apiId: string): T[] {
    return (this.allStmt.all(scope.account, scope.region, apiId) as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
  }
  /** Up to `limit` items with an id after `afterId` ('' = from the start). */
  page(scope: Scope, apiId: string, afterId: string, limit: number): IdPage<T> {
    const rows = this.pageStmt.all(scope.account, scope.region, apiId, afterId, limit + 1) as { doc: string }[];
    const items = rows.slice(0, limit).map((r) => JSON.parse(r.doc) as T);
    const page: IdPage<T> = { items };
    if (rows.length > limit) page.next = items[items.length - 1].id;
    return page;
  }
}
