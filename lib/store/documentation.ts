/**
 * @module store/documentation
 * Documentation parts (documentation_parts table) and documentation versions
 * (documentation_versions table) of a REST API.
 *
 * A part's location is unique per API (AWS answers 409 for a second part at
 * the same location), so the table keeps a canonical `location_key` under a
 * unique index: a lookup by location is one index probe. Parts list in
 * creation order. A version keeps the parts as they were when it was created
 * (`parts` column, JSON), beside its wire document.
 */
import type { Db } from './db';
import { DocTable, type Page, type Scope } from './doc-table';
import type { DocumentationPart, DocumentationPartLocation, DocumentationVersion } from '../model';

/** The canonical key of a (defaults-filled) location: equal keys are the same location. */
export function locationKey(loc: DocumentationPartLocation): string {
  return JSON.stringify([loc.type, loc.path ?? null, loc.method ?? null, loc.statusCode ?? null, loc.name ?? null]);
}

export class DocumentationPartStore {
  private readonly t: DocTable<DocumentationPart>;
  private readonly byLocationStmt;
  constructor(db: Db) {
    this.t = new DocTable<DocumentationPart>(db, {
      table: 'documentation_parts',
      keys: ['rest_api_id', 'id'],
      columns: { location_key: (p) => locationKey(p.location) },
    });
    this.byLocationStmt = this.t.prepare('SELECT doc FROM $table WHERE account = ? AND region = ? AND rest_api_id = ? AND location_key = ?');
  }
  get(scope: Scope, apiId: string, id: string): DocumentationPart | undefined {
    return this.t.get(scope, [apiId, id]);
  }
  /** The part at exactly this (defaults-filled) location, if any. */
  atLocation(scope: Scope, apiId: string, loc: DocumentationPartLocation): DocumentationPart | undefined {
    const row = this.byLocationStmt.get(scope.account, scope.region, apiId, locationKey(loc)) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as DocumentationPart) : undefined;
  }
  insert(scope: Scope, apiId: string, p: DocumentationPart): void {
    this.t.insert(scope, [apiId, p.id], p);
  }
  update(scope: Scope, apiId: string, p: DocumentationPart): void {
    this.t.update(scope, [apiId, p.id], p);
  }
  delete(scope: Scope, apiId: string, id: string): boolean {
    return this.t.delete(scope, [apiId, id]);
  }
  deleteAll(scope: Scope, apiId: string): void {
    this.t.deleteUnder(scope, [apiId]);
  }
  /** Every part of the API, in creation order. */
  all(scope: Scope, apiId: string): DocumentationPart[] {
    return this.t.all(scope, [apiId]);
  }
}

export class DocumentationVersionStore {
  private readonly t: DocTable<DocumentationVersion>;
  private readonly insertStmt;
  private readonly partsStmt;
  constructor(db: Db) {
    this.t = new DocTable<DocumentationVersion>(db, { table: 'documentation_versions', keys: ['rest_api_id', 'id'] });
    this.insertStmt = this.t.prepare('INSERT INTO $table (account, region, rest_api_id, id, doc, parts) VALUES (?, ?, ?, ?, ?, ?)');
    this.partsStmt = this.t.prepare('SELECT parts FROM $table WHERE account = ? AND region = ? AND rest_api_id = ? AND id = ?');
  }
  get(scope: Scope, apiId: string, version: string): DocumentationVersion | undefined {
    return this.t.get(scope, [apiId, version]);
  }
  exists(scope: Scope, apiId: string, version: string): boolean {
    return this.t.exists(scope, [apiId, version]);
  }
  /** A new version with the parts it freezes. */
  insert(scope: Scope, apiId: string, v: DocumentationVersion, parts: DocumentationPart[]): void {
    this.insertStmt.run(scope.account, scope.region, apiId, v.version, JSON.stringify(v), JSON.stringify(parts));
  }
  /** Rewrites the version's document (its parts never change). */
  update(scope: Scope, apiId: string, v: DocumentationVersion): void {
    this.t.update(scope, [apiId, v.version], v);
  }
  /** The parts as they were when the version was created. */
  parts(scope: Scope, apiId: string, version: string): DocumentationPart[] | undefined {
    const row = this.partsStmt.get(scope.account, scope.region, apiId, version) as { parts: string } | undefined;
    return row ? (JSON.parse(row.parts) as DocumentationPart[]) : undefined;
  }
  delete(scope: Scope, apiId: string, version: string): boolean {
    return this.t.delete(scope, [apiId, version]);
  }
  deleteAll(scope: Scope, apiId: string): void {
    this.t.deleteUnder(scope, [apiId]);
  }
  /** One page in creation order, after the row `after` (0 = from the start). */
  page(scope: Scope, apiId: string, after: number, limit: number): Page<DocumentationVersion> {
    return this.t.page(scope, [apiId], after, limit);
  }
}
