/**
 * @module store/models
 * Model documents (models table), keyed by API and model id, with the model
 * name as a unique index column: the API addresses models by name
 * (`/restapis/{id}/models/{name}`, method `requestModels`, `$ref` URLs).
 */
import type { Db } from './db';
import type { Scope } from './doc-table';
import { ApiDefinitionsTable } from './api-definitions-table';
import type { Model } from '../model';

export class ModelStore extends ApiDefinitionsTable<Model> {
  private readonly byNameStmt;
  constructor(db: Db) {
    super(db, 'models', { name: (m) => m.name });
    this.byNameStmt = this.t.prepare('SELECT doc FROM $table WHERE account = ? AND region = ? AND rest_api_id = ? AND name = ?');
  }
  getByName(scope: Scope, apiId: string, name: string): Model | undefined {
    const row = this.byNameStmt.get(scope.account, scope.region, apiId, name) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Model) : undefined;
  }
}
