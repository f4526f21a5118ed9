/**
 * @module store/domain-names
 * Custom domain names (domain_names table) with their base path mappings
 * (base_path_mappings) and domain name access associations
 * (domain_name_access_associations).
 *
 * A domain's key is its name, or `name+domainNameId` for a private custom
 * domain name (several private domain names may share a name; the id tells
 * them apart, as in their ARNs). Mappings are keyed by the domain key and the
 * base path as AWS labels it (`(none)` for the empty one) and indexed by REST
 * API. Associations are keyed by their ARN and indexed by the domain's ARN,
 * so the domain's owner finds associations made from other accounts.
 */
import type { Db } from './db';
import { DocTable, type Scope, type Page } from './doc-table';
import type { BasePathMapping, DomainName, DomainNameAccessAssociation } from '../model';

/** The key a domain name is stored under. */
export function domainKey(domainName: string, domainNameId?: string): string {
  return domainNameId ? `${domainName}+${domainNameId}` : domainName;
}

export class DomainNameStore {
  private readonly t: DocTable<DomainName>;
  private readonly mappings: DocTable<BasePathMapping>;
  private readonly associations: DocTable<DomainNameAccessAssociation>;
  private readonly byDomainArnStmt;
  private readonly allDomainsStmt;
  private readonly allMappingsStmt;
  private readonly mappingsOfApiStmt;

  constructor(db: Db) {
    this.t = new DocTable<DomainName>(db, { table: 'domain_names', keys: ['id'] });
    this.mappings = new DocTable<BasePathMapping>(db, {
      table: 'base_path_mappings',
      keys: ['domain_name', 'id'],
      columns: { rest_api_id: (m) => m.restApiId },
    });
    this.associations = new DocTable<DomainNameAccessAssociation>(db, {
      table: 'domain_name_access_associations',
      keys: ['id'],
      columns: { domain_name_arn: (a) => a.domainNameArn },
    });
    this.byDomainArnStmt = this.associations.prepare(
      'SELECT account, region, doc FROM $table WHERE domain_name_arn = ? ORDER BY rowid',
    );
    this.allDomainsStmt = this.t.prepare('SELECT account, region, id, doc FROM $table ORDER BY account, region, id');
    this.allMappingsStmt = this.mappings.prepare('SELECT account, region, domain_name, doc FROM $table ORDER BY rowid');
    this.mappingsOfApiStmt = this.mappings.prepare(
      'SELECT domain_name, doc FROM $table WHERE account = ? AND region = ? AND rest_api_id = ? ORDER BY rowid',
    );
  }

  // ---- domain names ----
  get(scope: Scope, key: string): DomainName | undefined {
    return this.t.get(scope, [key]);
  }
  exists(scope: Scope, key: string): boolean {
    return this.t.exists(scope, [key]);
  }
  insert(scope: Scope, d: DomainName): void {
    this.t.insert(scope, [domainKey(d.domainName, d.domainNameId)], d);
  }
  update(scope: Scope, d: DomainName): void {
    this.t.update(scope, [domainKey(d.domainName, d.domainNameId)], d);
  }
  /** Deletes the domain name and its base path mappings. */
  delete(scope: Scope, key: string): boolean {
    this.mappings.deleteUnder(scope, [key]);
    return this.t.delete(scope, [key]);
  }
  page(scope: Scope, after: number, limit: number): Page<DomainName> {
    return this.t.page(scope, [], after, limit);
  }
  all(scope: Scope): DomainName[] {
    return this.t.all(scope, []);
  }

  // ---- base path mappings ----
  getMapping(scope: Scope, key: string, basePath: string): BasePathMapping | undefined {
    return this.mappings.get(scope, [key, basePath]);
  }
  mappingExists(scope: Scope, key: string, basePath: string): boolean {
    return this.mappings.exists(scope, [key, basePath]);
  }
  insertMapping(scope: Scope, key: string, m: BasePathMapping): void {
    this.mappings.insert(scope, [key, m.basePath], m);
  }
  deleteMapping(scope: Scope, key: string, basePath: string): boolean {
    return this.mappings.delete(scope, [key, basePath]);
  }
  allMappings(scope: Scope, key: string): BasePathMapping[] {
    return this.mappings.all(scope, [key]);
  }
  /** The mappings of `scope` that point at the API, each with its domain's key. */
  mappingsOfApi(scope: Scope, restApiId: string): { key: string; mapping: BasePathMapping }[] {
    return (this.mappingsOfApiStmt.all(scope.account, scope.region, restApiId) as { domain_name: string; doc: string }[]).map((r) => ({
      key: r.domain_name,
      mapping: JSON.parse(r.doc) as BasePathMapping,
    }));
  }
  /** Every domain name of every account and region with its base path mappings (the data plane's custom domain index). */
  everywhere(): { scope: Scope; domain: DomainName; mappings: BasePathMapping[] }[] {
    const out = new Map<string, { scope: Scope; domain: DomainName; mappings: BasePathMapping[] }>();
    for (const r of this.allDomainsStmt.all() as { account: string; region: string; id: string; doc: string }[]) {
      out.set(`${r.account}\n${r.region}\n${r.id}`, { scope: { account: r.account, region: r.region }, domain: JSON.parse(r.doc) as DomainName, mappings: [] });
    }
    for (const r of this.allMappingsStmt.all() as { account: string; region: string; domain_name: string; doc: string }[]) {
      out.get(`${r.account}\n${r.region}\n${r.domain_name}`)?.mappings.push(JSON.parse(r.doc) as BasePathMapping);
    }
    return [...out.values()];
  }

  // ---- domain name access associations ----
  getAssociation(scope: Scope, arn: string): DomainNameAccessAssociation | undefined {
    return this.associations.get(scope, [arn]);
  }
  associationExists(scope: Scope, arn: string): boolean {
    return this.associations.exists(scope, [arn]);
  }
  insertAssociation(scope: Scope, a: DomainNameAccessAssociation): void {
    this.associations.insert(scope, [a.domainNameAccessAssociationArn], a);
  }
  deleteAssociation(scope: Scope, arn: string): boolean {
    return this.associations.delete(scope, [arn]);
  }
  /** The caller's own associations, in creation order. */
  allAssociations(scope: Scope): DomainNameAccessAssociation[] {
    return this.associations.all(scope, []);
  }
  /** Every association (of any account or region) made with the domain name of this ARN. */
  associationsWithDomain(domainNameArn: string): { scope: Scope; association: DomainNameAccessAssociation }[] {
    return (this.byDomainArnStmt.all(domainNameArn) as { account: string; region: string; doc: string }[]).map((r) => ({
      scope: { account: r.account, region: r.region },
      association: JSON.parse(r.doc) as DomainNameAccessAssociation,
    }));
  }
}
