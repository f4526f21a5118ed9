/**
 * @module store/account-settings
 * The per-account-and-region settings GetAccount/UpdateAccount read and write.
 */
import type { Db } from './db';
import { DocTable, type Scope } from './doc-table';

export interface AccountDoc {
  cloudwatchRoleArn?: string;
  throttleSettings: { burstLimit: number; rateLimit: number };
  features: string[];
  apiKeyVersion: string;
}

export class AccountSettingsStore {
  private readonly t: DocTable<AccountDoc>;
  constructor(db: Db) {
    this.t = new DocTable<AccountDoc>(db, { table: 'account_settings', keys: ['id'] });
  }
  get(scope: Scope): AccountDoc | undefined {
    return this.t.get(scope, ['account']);
  }
  put(scope: Scope, doc: AccountDoc): void {
    if (this.t.exists(scope, ['account'])) this.t.update(scope, ['account'], doc);
    else this.t.insert(scope, ['account'], doc);
  }
}
