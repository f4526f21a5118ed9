/**
 * @module store/rest-apis
 * RestApi documents (rest_apis table).
 */
import type { Db } from './db';
import { DocTable, type Scope, type Page } from './doc-table';
import type { RestApi } from '../model';

export class RestApiStore {
  private readonly t: DocTable<RestApi>;
  private readonly scopesStmt;
  constructor(db: Db) {
    this.t = new DocTable<RestApi>(db, { table: 'rest_apis', keys: ['id'] });
    this.scopesStmt = this.t.prepare('SELECT account, region FROM $table WHERE id = ? ORDER BY rowid');
  }
  /**
   * The account/region scopes holding an API with this id (the data plane's
   * lookup: its requests carry no SigV4, so the id alone must find the API).
   */
  findScopes(id: string): Scope[] {
    return this.scopesStmt.all(id) as Scope[];
  }
  get(scope: Scope, id: string): RestApi | undefined {
    return this.t.get(scope, [id]);
  }
  exists(scope: Scope, id: string): boolean {
    return this.t.exists(scope, [id]);
  }
  insert(scope: Scope, api: RestApi): void {
    this.t.insert(scope, [api.id], api);
  }
  update(scope: Scope, api: RestApi): void {
    this.t.update(scope, [api.id], api);
  }
  delete(scope: Scope, id: string): boolean {
    return this.t.delete(scope, [id]);
  }
  page(scope: Scope, after: number, limit: number): Page<RestApi> {
    return this.t.page(scope, [], after, limit);
  }
  count(scope: Scope): number {
    return this.t.count(scope, []);
  }
}
