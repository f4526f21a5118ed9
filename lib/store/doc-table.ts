/**
 * @module store/doc-table
 * A table of JSON documents keyed by (account, region, …keys), with optional
 * index columns derived from the document. Each aggregate module wraps one of
 * these with its typed API. Statements are prepared once; lists come back in
 * insertion order (rowid), paged by rowid so a page is an index range scan.
 */
import type { Db } from './db';

export interface Scope {
  account: string;
  region: string;
}

export interface DocTableSpec<T> {
  table: string;
  /** Key columns after (account, region); the last is the item's own id. */
  keys: string[];
  /** Index columns, each derived from the document on every write. */
  columns?: Record<string, (doc: T) => string | number | null>;
  /** Extra stored columns written alongside (not derived), e.g. a deployment's snapshot. */
}

export interface Page<T> {
  items: T[];
  /** rowid of the last item when more follow. */
  next?: number;
}

export class DocTable<T> {
  private readonly stmts: Record<string, import('better-sqlite3').Statement>;
  private readonly extra: [string, (doc: T) => string | number | null][];

  constructor(
    private readonly db: Db,
    private readonly spec: DocTableSpec<T>,
  ) {
    const { table, keys } = spec;
    this.extra = Object.entries(spec.columns ?? {});
    const keyWhere = ['account', 'region', ...keys].map((k) => `${k} = ?`).join(' AND ');
    const parentWhere = ['account', 'region', ...keys.slice(0, -1)].map((k) => `${k} = ?`).join(' AND ');
    const insertCols = ['account', 'region', ...keys, ...this.extra.map(([c]) => c), 'doc'];
    const updateSet = [...this.extra.map(([c]) => `${c} = ?`), 'doc = ?'].join(', ');
    this.stmts = {
      get: db.prepare(`SELECT doc FROM ${table} WHERE ${keyWhere}`),
      exists: db.prepare(`SELECT 1 FROM ${table} WHERE ${keyWhere}`),
      insert: db.prepare(`INSERT INTO ${table} (${insertCols.join(', ')}) VALUES (${insertCols.map(() => '?').join(', ')})`),
      update: db.prepare(`UPDATE ${table} SET ${updateSet} WHERE ${keyWhere}`),
      delete: db.prepare(`DELETE FROM ${table} WHERE ${keyWhere}`),
      deleteUnder: db.prepare(`DELETE FROM ${table} WHERE ${parentWhere}`),
      all: db.prepare(`SELECT doc FROM ${table} WHERE ${parentWhere} ORDER BY rowid`),
      page: db.prepare(`SELECT rowid AS rid, doc FROM ${table} WHERE ${parentWhere} AND rowid > ? ORDER BY rowid LIMIT ?`),
      rowid: db.prepare(`SELECT rowid AS rid FROM ${table} WHERE ${keyWhere}`),
      count: db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${parentWhere}`),
    };
  }

  /** A prepared statement on this table, for queries the generic ones do not cover. */
  prepare(sql: string): import('better-sqlite3').Statement {
    return this.db.prepare(sql.replace(/\$table/g, this.spec.table));
  }

  get(scope: Scope, keys: string[]): T | undefined {
    const row = this.stmts.get.get(scope.account, scope.region, ...keys) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  exists(scope: Scope, keys: string[]): boolean {
    return this.stmts.exists.get(scope.account, scope.region, ...keys) !== undefined;
  }

  insert(scope: Scope, keys: string[], doc: T): void {
    this.stmts.insert.run(scope.account, scope.region, ...keys, ...this.extra.map(([, f]) => f(doc)), JSON.stringify(doc));
  }

  update(scope: Scope, keys: string[], doc: T): void {
    this.stmts.update.run(...this.extra.map(([, f]) => f(doc)), JSON.stringify(doc), scope.account, scope.region, ...keys);
  }

  delete(scope: Scope, keys: string[]): boolean {
    return this.stmts.delete.run(scope.account, scope.region, ...keys).changes > 0;
  }

  /** Deletes every item under the parent keys (e.g. all resources of an API). */
  deleteUnder(scope: Scope, parentKeys: string[]): number {
    return this.stmts.deleteUnder.run(scope.account, scope.region, ...parentKeys).changes;
  }

  all(scope: Scope, parentKeys: string[]): T[] {
    return (this.stmts.all.all(scope.account, scope.region, ...parentKeys) as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
  }

  count(scope: Scope, parentKeys: string[]): number {
    return (this.stmts.count.get(scope.account, scope.region, ...parentKeys) as { n: number }).n;
  }

  /** One page after the item whose rowid is `after` (0 = from the start). */
  page(scope: Scope, parentKeys: string[], after: number, limit: number): Page<T> {
    const rows = this.stmts.page.all(scope.account, scope.region, ...parentKeys, after, limit + 1) as { rid: number; doc: string }[];
    const more = rows.length > limit;
    const used = more ? rows.slice(0, limit) : rows;
    const page: Page<T> = { items: used.map((r) => JSON.parse(r.doc) as T) };
    if (more) page.next = used[used.length - 1].rid;
    return page;
  }
}
