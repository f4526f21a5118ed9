/**
 * @module control/operations
 * The operation table: every apigateway operation (from the SDK-derived
 * table) with its handler from the group modules. An operation without a
 * handler answers 501 naming it, never silence; the README's support matrix
 * lists them.
 */
import { OPERATIONS, type OperationSpec } from './operation-table';
import type { Handler, HandlerTable } from './context';
import { restApiHandlers } from './rest-apis';
import { resourceHandlers } from './resources';
import { methodHandlers } from './methods';
import { integrationHandlers } from './integrations';
import { deploymentHandlers } from './deployments';
import { stageHandlers } from './stages';
import { tagHandlers } from './tags';
import { accountHandlers } from './account';
import { gatewayResponseHandlers } from './gateway-responses';
import { authorizerHandlers } from './authorizers';
import { modelHandlers } from './models';
import { requestValidatorHandlers } from './request-validators';
import { documentationHandlers } from './documentation';
import { apiKeyHandlers } from './api-keys';
import { usagePlanHandlers } from './usage-plans';
import { domainNameHandlers } from './domain-names';
import { vpcLinkHandlers } from './vpc-links';
import { clientCertificateHandlers } from './client-certificates';
import { importExportHandlers } from './import-export';
import { sdkHandlers } from './sdk';
import { testInvokeHandlers } from './test-invoke';
import { testInvokeMethodHandlers } from './test-invoke-method';
import { stageCacheHandlers } from './stage-caches';

const GROUPS: HandlerTable[] = [
  restApiHandlers,
  resourceHandlers,
  methodHandlers,
  integrationHandlers,
  deploymentHandlers,
  stageHandlers,
  tagHandlers,
  accountHandlers,
  gatewayResponseHandlers,
  authorizerHandlers,
  modelHandlers,
  requestValidatorHandlers,
  documentationHandlers,
  apiKeyHandlers,
  usagePlanHandlers,
  domainNameHandlers,
  vpcLinkHandlers,
  clientCertificateHandlers,
  importExportHandlers,
  sdkHandlers,
  testInvokeHandlers,
  testInvokeMethodHandlers,
  stageCacheHandlers,
];

export const HANDLERS: Map<string, Handler> = new Map();
for (const group of GROUPS) {
  for (const [name, handler] of Object.entries(group)) {
    if (HANDLERS.has(name)) throw new Error(`Operation ${name} has two handlers`);
    if (!OPERATIONS.some((o: OperationSpec) => o.name === name)) throw new Error(`Handler for unknown operation ${name}`);
    HANDLERS.set(name, handler);
  }
}

export function supportedOperations(): string[] {
  return OPERATIONS.filter((o) => HANDLERS.has(o.name)).map((o) => o.name);
}
export function unsupportedOperations(): string[] {
  return OPERATIONS.filter((o) => !HANDLERS.has(o.name)).map((o) => o.name);
}
