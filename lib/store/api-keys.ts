/**
 * @module store/api-keys
 * API key documents (api_keys table), indexed by value (unique per account
 * and region: the 409 "API Key already exists" check and the data plane's
 * `x-api-key` lookup) and by name and customer id for GetApiKeys' filters.
 * Listings come newest first, as AWS lists API keys (recorded AWS answers).
 */
import type { Db } from './db';
import { DocTable, type Scope, type Page } from './doc-table';
import type { ApiKey } from '../model';

export interface ApiKeyFilter {
  /** Case-sensitive name prefix (GetApiKeys `name`). */
  namePrefix?: string;
  customerId?: string;
}

export class ApiKeyStore {
  private readonly t: DocTable<ApiKey>;
  private readonly byValueStmt;
  private readonly pageStmt;
  constructor(db: Db) {
    this.t = new DocTable<ApiKey>(db, {
      table: 'api_keys',
      keys: ['id'],
      columns: { value: (k) => k.value, name: (k) => k.name ?? null, customer_id: (k) => k.customerId ?? null },
    });
    this.byValueStmt = this.t.prepare('SELECT doc FROM $table WHERE account = ? AND region = ? AND value = ?');
    // @before = rowid bound (0: none), @prefix = name prefix (NULL: any), @customer = customer id (NULL: any).
    this.pageStmt = this.t.prepare(
      `SELECT rowid AS rid, doc FROM $table WHERE account = @account AND region = @region
         AND (@before = 0 OR rowid < @before)
         AND (@prefix IS NULL OR substr(name, 1, length(@prefix)) = @prefix)
         AND (@customer IS NULL OR customer_id = @customer)
       ORDER BY rowid DESC LIMIT @limit`,
    );
  }
  get(scope: Scope, id: string): ApiKey | undefined {
    return this.t.get(scope, [id]);
  }
  byValue(scope: Scope, value: string): ApiKey | undefined {
    const row = this.byValueStmt.get(scope.account, scope.region, value) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as ApiKey) : undefined;
  }
  insert(scope: Scope, key: ApiKey): void {
    this.t.insert(scope, [key.id], key);
  }
  update(scope: Scope, key: ApiKey): void {
    this.t.update(scope, [key.id], key);
  }
  delete(scope: Scope, id: string): boolean {
    return this.t.delete(scope, [id]);
  }
  /** Newest first; `before` is the rowid cursor of the last item of the previous page (0: from the newest). */
  page(scope: Scope, before: number, limit: number, filter: ApiKeyFilter = {}): Page<ApiKey> {
    const rows = this.pageStmt.all({
      account: scope.account,
      region: scope.region,
      before,
      prefix: filter.namePrefix ?? null,
      customer: filter.customerId ?? null,
      limit: limit + 1,
    }) as { rid: number; doc: string }[];
    const more = rows.length > limit;
    const used = more ? rows.slice(0, limit) : rows;
    const page: Page<ApiKey> = { items: used.map((r) => JSON.parse(r.doc) as ApiKey) };
    if (more) page.next = used[used.length - 1].rid;
    return page;
  }
}
