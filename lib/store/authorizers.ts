/**
 * @module store/authorizers
 * Authorizer documents (authorizers table), keyed by API and authorizer id.
 */
import type { Db } from './db';
import { ApiDefinitionsTable } from './api-definitions-table';
import type { Authorizer } from '../model';

export class AuthorizerStore extends ApiDefinitionsTable<Authorizer> {
  constructor(db: Db) {
    super(db, 'authorizers');
  }
}
