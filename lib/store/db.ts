/**
 * @module store/db
 * Opens the SQLite database (better-sqlite3): a file that survives restarts,
 * or `:memory:`. WAL journal, foreign keys on, migrations applied at open.
 * `transaction(fn)` is the one way writes happen: one transaction per write.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export function openDb(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new Error(`The database at schema version ${current} is newer than this apigw-local (${latest}); upgrade apigw-local`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

/** Every table the migrations created, for the admin reset. */
export function userTables(db: Db): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map(
    (r) => r.name,
  );
}

export function resetAll(db: Db): void {
  db.transaction(() => {
    for (const t of userTables(db)) db.exec(`DELETE FROM "${t}"`);
  })();
}
