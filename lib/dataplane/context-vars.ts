/**
 * @module dataplane/context-vars
 * `$context` as API Gateway fills it for REST APIs: accountId, apiId,
 * deploymentId, domainName/domainPrefix, extendedRequestId, httpMethod,
 * identity.*, isCanaryRequest, path (with the stage; through a custom domain
 * name, the path as sent), protocol, requestId,
 * requestTime (`21/Nov/2026:20:06:39 +0000`), requestTimeEpoch (ms),
 * resourceId, resourcePath, stage, and the mutable requestOverride /
 * responseOverride maps templates may set. `identity.apiKey`/`apiKeyId` are
 * the key a method that requires one was called with (null otherwise);
 * `identity.accessKey`, `accountId`, `caller`, `user`, `userArn` the caller
 * of an AWS_IAM method (steps/iam-auth); `identity.vpceId` / `vpcId` the
 * endpoint named by the `x-apigw-local-source-vpce` / `-vpc` headers.
 * `authorizer` is what the method's Lambda or Cognito authorizer granted
 * (auth/authorizers.ts: principalId, context keys, integrationLatency, or
 * claims), empty otherwise. The identity fields of Cognito identity pools
 * (cognitoIdentityId…) stay null.
 */
import type { InvocationContext } from './context';
import { authorizerVars } from './auth/authorizers';
import { SOURCE_VPC_HEADER, SOURCE_VPCE_HEADER } from './steps/resource-policy';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

let cachedSecond = -1;
let cachedText = '';

/** `dd/MMM/yyyy:HH:mm:ss +0000`, the CLF time API Gateway uses for `$context.requestTime` (cached per second). */
export function formatRequestTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === cachedSecond) return cachedText;
  const d = new Date(second * 1000);
  cachedText = `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())} +0000`;
  cachedSecond = second;
  return cachedText;
}

/** The Host header without its port: `$context.domainName`. */
export function domainNameOf(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end > 0 ? host.slice(0, end + 1) : host;
  }
  const colon = host.lastIndexOf(':');
  return colon > 0 ? host.slice(0, colon) : host;
}

export function buildContextVars(ctx: InvocationContext): Record<string, unknown> {
  const route = ctx.route;
  const domainName = domainNameOf(ctx.request.headerLc.host);
  const dot = domainName.indexOf('.');
  const stageName = ctx.stage.stageName;
  return {
    accountId: ctx.stage.scope.account,
    apiId: ctx.stage.apiId,
    authorizer: authorizerVars(ctx.authorizer),
    deploymentId: ctx.variant.deployment.deploymentId,
    domainName,
    domainPrefix: dot > 0 ? domainName.slice(0, dot) : domainName,
    extendedRequestId: ctx.extendedRequestId,
    httpMethod: ctx.request.httpMethod,
    identity: {
      accessKey: ctx.iamCaller?.accessKey ?? null,
      accountId: ctx.iamCaller?.accountId ?? null,
      apiKey: ctx.apiKey?.keyValue ?? null,
      apiKeyId: ctx.apiKey?.keyId ?? null,
      caller: ctx.iamCaller?.principalId ?? null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: ctx.request.sourceIp,
      clientCert: null,
      user: ctx.iamCaller?.principalId ?? null,
      userAgent: ctx.request.headerLc['user-agent'] ?? null,
      userArn: ctx.iamCaller?.userArn ?? null,
      vpcId: ctx.request.headerLc[SOURCE_VPC_HEADER] ?? null,
      vpceId: ctx.request.headerLc[SOURCE_VPCE_HEADER] ?? null,
    },
    isCanaryRequest: ctx.variant.isCanary,
    // Through a custom domain name: the path as sent, base path included (custom-domains.ts).
    path: ctx.target.clientPath ?? '/' + stageName + (ctx.request.path === '/' ? '/' : ctx.request.path),
    protocol: `HTTP/${ctx.client.httpVersion}`,
    requestId: ctx.requestId,
    requestTime: formatRequestTime(ctx.startedAt),
    requestTimeEpoch: ctx.startedAt,
    resourceId: route?.resource.id ?? null,
    resourcePath: route?.resource.path ?? null,
    stage: stageName,
    wafResponseCode: null,
    webaclArn: null,
    xrayTraceId: ctx.traceId,
    requestOverride: { header: {}, querystring: {}, path: {} },
    responseOverride: { header: {} },
  };
}
