/**
 * @module store/vpc-links
 * VPC links (vpc_links table).
 */
import type { Db } from './db';
import { DocTable, type Scope, type Page } from './doc-table';
import type { VpcLink } from '../model';

export class VpcLinkStore {
  private readonly t: DocTable<VpcLink>;
  constructor(db: Db) {
    this.t = new DocTable<VpcLink>(db, { table: 'vpc_links', keys: ['id'] });
  }
  get(scope: Scope, id: string): VpcLink | undefined {
    return this.t.get(scope, [id]);
  }
  exists(scope: Scope, id: string): boolean {
    return this.t.exists(scope, [id]);
  }
  insert(scope: Scope, link: VpcLink): void {
    this.t.insert(scope, [link.id], link);
  }
  update(scope: Scope, link: VpcLink): void {
    this.t.update(scope, [link.id], link);
  }
  delete(scope: Scope, id: string): boolean {
    return this.t.delete(scope, [id]);
  }
  page(scope: Scope, after: number, limit: number): Page<VpcLink> {
    return this.t.page(scope, [], after, limit);
  }
}
