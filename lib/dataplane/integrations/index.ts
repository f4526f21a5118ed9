/**
 * @module dataplane/integrations
 * The integration registry, by integration type: MOCK, HTTP, HTTP_PROXY,
 * AWS / AWS_PROXY with Lambda (lambda.ts, lambda-proxy.ts) and AWS with other
 * AWS services (aws-service.ts) are served; VPC-link (private) integrations
 * are not yet — they compile with a logged warning and answer 500 with a
 * message that names the missing feature, never a silent success.
 */
import type { Integration } from '../../model';
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';
import { mockIntegration } from './mock';
import { httpIntegration, httpProxyIntegration } from './http';
import { lambdaAwsKind, lambdaKindFor } from './lambda';
import { lambdaProxyKind } from './lambda-proxy';
import { awsServiceKindFor, isServiceIntegration } from './aws-service';

export interface IntegrationKind {
  /** Proxy integrations pass the request and response through: no templates, no integration-response mapping. */
  proxy: boolean;
  /** Calls the backend with `ctx.integrationRequest` and sets `ctx.integrationResponse` (at once, or through the promise it returns). */
  invoke(ctx: InvocationContext): void | Promise<void>;
}

const REGISTRY: Record<string, IntegrationKind> = {
  MOCK: mockIntegration,
  HTTP: httpIntegration,
  HTTP_PROXY: httpProxyIntegration,
};

function notSupported(message: string, proxy: boolean): IntegrationKind {
  return {
    proxy,
    invoke: async () => {
      throw new GatewayError('API_CONFIGURATION_ERROR', message);
    },
  };
}

/** The registry entry for an integration, or a "not supported yet" entry and the reason. */
export function integrationKindFor(i: Integration): { kind: IntegrationKind; unsupported?: string } {
  const type = i.type;
  if (type === 'AWS' && isServiceIntegration(i)) return awsServiceKindFor(i);
  if (type === 'AWS' || type === 'AWS_PROXY') return lambdaKindFor(i, type === 'AWS_PROXY' ? lambdaProxyKind : lambdaAwsKind);
  if (i.connectionType === 'VPC_LINK') {
    const unsupported = `apigw-local does not support VPC_LINK (private) integrations yet`;
    return { kind: notSupported(unsupported, type === 'HTTP_PROXY'), unsupported };
  }
  const kind = REGISTRY[type];
  if (!kind) {
    const unsupported = `apigw-local does not support integration type ${type}`;
    return { kind: notSupported(unsupported, false), unsupported };
  }
  return { kind };
}
