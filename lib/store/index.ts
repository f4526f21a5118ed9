/**
 * @module store
 * The store: one open database and one module per aggregate. `transaction`
 * is how every write happens (one transaction per write operation).
 */
import { openDb, resetAll, type Db } from './db';
import { RestApiStore } from './rest-apis';
import { ResourceStore } from './resources';
import { DeploymentStore } from './deployments';
import { StageStore } from './stages';
import { TagStore } from './tags';
import { AccountSettingsStore } from './account-settings';
import { GatewayResponseStore } from './gateway-responses';
import { AuthorizerStore } from './authorizers';
import { RequestValidatorStore } from './request-validators';
import { ModelStore } from './models';
import { DocumentationPartStore, DocumentationVersionStore } from './documentation';
import { ApiKeyStore } from './api-keys';
import { UsagePlanStore } from './usage-plans';
import { UsageStore } from './usage';
import { DomainNameStore } from './domain-names';
import { VpcLinkStore } from './vpc-links';
import { ClientCertificateStore } from './client-certificates';

export type { Scope } from './doc-table';

export class Store {
  readonly restApis: RestApiStore;
  readonly resources: ResourceStore;
  readonly deployments: DeploymentStore;
  readonly stages: StageStore;
  readonly tags: TagStore;
  readonly accountSettings: AccountSettingsStore;
  readonly gatewayResponses: GatewayResponseStore;
  readonly authorizers: AuthorizerStore;
  readonly requestValidators: RequestValidatorStore;
  readonly models: ModelStore;
  readonly documentationParts: DocumentationPartStore;
  readonly documentationVersions: DocumentationVersionStore;
  readonly apiKeys: ApiKeyStore;
  readonly usagePlans: UsagePlanStore;
  readonly usage: UsageStore;
  readonly domainNames: DomainNameStore;
  readonly vpcLinks: VpcLinkStore;
  readonly clientCertificates: ClientCertificateStore;

  constructor(readonly db: Db) {
    this.restApis = new RestApiStore(db);
    this.resources = new ResourceStore(db);
    this.deployments = new DeploymentStore(db);
    this.stages = new StageStore(db);
    this.tags = new TagStore(db);
    this.accountSettings = new AccountSettingsStore(db);
    this.gatewayResponses = new GatewayResponseStore(db);
    this.authorizers = new AuthorizerStore(db);
    this.requestValidators = new RequestValidatorStore(db);
    this.models = new ModelStore(db);
    this.documentationParts = new DocumentationPartStore(db);
    this.documentationVersions = new DocumentationVersionStore(db);
    this.apiKeys = new ApiKeyStore(db);
    this.usagePlans = new UsagePlanStore(db);
    this.usage = new UsageStore(db);
    this.domainNames = new DomainNameStore(db);
    this.vpcLinks = new VpcLinkStore(db);
    this.clientCertificates = new ClientCertificateStore(db);
  }

  static open(file: string): Store {
    return new Store(openDb(file));
  }

  /** Runs `fn` in one SQLite transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  reset(): void {
    resetAll(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
