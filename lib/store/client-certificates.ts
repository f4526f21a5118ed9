/**
 * @module store/client-certificates
 * Client certificates (client_certificates table). Only the certificate is
 * kept: its private key is not stored (nothing in apigw-local signs with it).
 */
import type { Db } from './db';
import { DocTable, type Scope, type Page } from './doc-table';
import type { ClientCertificate } from '../model';

export class ClientCertificateStore {
  private readonly t: DocTable<ClientCertificate>;
  constructor(db: Db) {
    this.t = new DocTable<ClientCertificate>(db, { table: 'client_certificates', keys: ['id'] });
  }
  get(scope: Scope, id: string): ClientCertificate | undefined {
    return this.t.get(scope, [id]);
  }
  exists(scope: Scope, id: string): boolean {
    return this.t.exists(scope, [id]);
  }
  insert(scope: Scope, cert: ClientCertificate): void {
    this.t.insert(scope, [cert.clientCertificateId], cert);
  }
  update(scope: Scope, cert: ClientCertificate): void {
    this.t.update(scope, [cert.clientCertificateId], cert);
  }
  delete(scope: Scope, id: string): boolean {
    return this.t.delete(scope, [id]);
  }
  page(scope: Scope, after: number, limit: number): Page<ClientCertificate> {
    return this.t.page(scope, [], after, limit);
  }
}
