/**
 * @module store/request-validators
 * Request validator documents (request_validators table), keyed by API and validator id.
 */
import type { Db } from './db';
import { ApiDefinitionsTable } from './api-definitions-table';
import type { RequestValidator } from '../model';

export class RequestValidatorStore extends ApiDefinitionsTable<RequestValidator> {
  constructor(db: Db) {
    super(db, 'request_validators');
  }
}
