/**
 * @module store/tags
 * Tags by resource ARN (tags table): one `{key: value}` document per ARN.
 */
import type { Db } from './db';
import { DocTable, type Scope } from './doc-table';

export class TagStore {
  private readonly t: DocTable<Record<string, string>>;
  constructor(db: Db) {
    this.t = new DocTable<Record<string, string>>(db, { table: 'tags', keys: ['id'] });
  }
  get(scope: Scope, arn: string): Record<string, string> {
    return this.t.get(scope, [arn]) ?? {};
  }
  set(scope: Scope, arn: string, tags: Record<string, string>): void {
    this.t.delete(scope, [arn]);
    if (Object.keys(tags).length) this.t.insert(scope, [arn], tags);
  }
  /** Drops the tags of an ARN and of every ARN under it (`arn/…`), for deletes. */
  deleteUnder(scope: Scope, arn: string): void {
    this.t.delete(scope, [arn]);
    this.t
      .prepare("DELETE FROM $table WHERE account = ? AND region = ? AND id LIKE ? ESCAPE '\\'")
      .run(scope.account, scope.region, arn.replace(/[\\%_]/g, (c) => '\\' + c) + '/%');
  }
}
