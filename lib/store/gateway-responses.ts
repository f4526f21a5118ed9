/**
 * @module store/gateway-responses
 * The gateway responses a user put on an API (gateway_responses table, keyed
 * by API and response type). Types never put are not stored: their answer is
 * computed from the defaults (see dataplane/gateway-responses).
 */
import type { Db } from './db';
import { DocTable, type Scope } from './doc-table';
import type { GatewayResponse } from '../model';

export class GatewayResponseStore {
  private readonly t: DocTable<GatewayResponse>;
  constructor(db: Db) {
    this.t = new DocTable<GatewayResponse>(db, { table: 'gateway_responses', keys: ['rest_api_id', 'id'] });
  }
  get(scope: Scope, apiId: string, responseType: string): GatewayResponse | undefined {
    return this.t.get(scope, [apiId, responseType]);
  }
  /** Inserts or replaces the response of its type (PutGatewayResponse replaces the whole document). */
  put(scope: Scope, apiId: string, r: GatewayResponse): void {
    if (this.t.exists(scope, [apiId, r.responseType])) this.t.update(scope, [apiId, r.responseType], r);
    else this.t.insert(scope, [apiId, r.responseType], r);
  }
  delete(scope: Scope, apiId: string, responseType: string): boolean {
    return this.t.delete(scope, [apiId, responseType]);
  }
  deleteAll(scope: Scope, apiId: string): void {
    this.t.deleteUnder(scope, [apiId]);
  }
  all(scope: Scope, apiId: string): GatewayResponse[] {
    return this.t.all(scope, [apiId]);
  }
}
