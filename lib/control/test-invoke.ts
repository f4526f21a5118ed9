/**
 * @module control/test-invoke
 * TestInvokeAuthorizer: runs an authorizer of the API (not a deployed one:
 * the authorizer as it is now) on a simulated request — `headers`,
 * `multiValueHeaders`, `pathWithQueryString`, `stageVariables`,
 * `additionalContext` (looked up by the dotted name after `context.`) — and
 * answers what it decided, as TestInvokeAuthorizerResponse:
 * - `clientStatus`: what a client would have got — 401 for a missing
 *   identity or `Unauthorized` (or an expired Cognito token), 500 for an
 *   authorizer that fails; 200 when it returned a policy or accepted the token
 *   (the policy is not evaluated against any method here; the API Reference
 *   says 0 for success, the console and recorded answers show 200);
 * - Lambda: `principalId`, `policy` (the returned document as JSON text),
 *   `authorization` (the returned `context`, each value as a one-item list),
 *   `latency` (ms);
 * - Cognito: `claims` (strings, as the data plane passes them on);
 * - `log`: an execution log in API Gateway's style.
 * The Lambda function gets the TOKEN event, or a REQUEST event built from the
 * simulated request; its `methodArn` is
 * `arn:aws:execute-api:{region}:{account}:{apiId}/ESTestInvoke-stage/GET/{path}`.
 * Unknown API: 404 "Invalid API identifier specified …"; unknown authorizer:
 * 404 "Invalid Authorizer identifier specified".
 * Nothing is cached, and the Cognito keys are fetched for each call.
 */
import { NotFoundException } from '../aws/errors';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireRestApi } from './lookups';
import { compileAuthorizer, functionOf, identityOf, type CompiledAuthorizer, type IdentityRequest } from '../dataplane/auth/authorizer-config';
import { invokeLambdaAuthorizer, tokenEvent } from '../dataplane/auth/lambda-authorizer';
import { javaDate, verifyCognitoToken } from '../dataplane/auth/cognito';
import { JwksCache } from '../dataplane/auth/jwks';
import { methodArn } from '../dataplane/auth/policy-eval';

const TEST_STAGE = 'ESTestInvoke-stage';

type StringMap = Record<string, string>;

interface Simulated {
  headers: StringMap;
  multiValueHeaders: Record<string, string[]>;
  path: string;
  query: Record<string, string[]>;
  stageVariables: StringMap;
  additionalContext: StringMap;
}

function stringMap(v: unknown): StringMap {
  const out: StringMap = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x === 'string') out[k] = x;
  return out;
}

function simulate(input: Input): Simulated {
  const headers = stringMap(input.headers);
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [k, v] of Object.entries((input.multiValueHeaders ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(v)) multiValueHeaders[k] = v.filter((x): x is string => typeof x === 'string');
  }
  for (const [k, v] of Object.entries(headers)) multiValueHeaders[k] ??= [v];
  for (const [k, v] of Object.entries(multiValueHeaders)) if (headers[k] === undefined && v.length) headers[k] = v[v.length - 1];
  const raw = typeof input.pathWithQueryString === 'string' && input.pathWithQueryString !== '' ? input.pathWithQueryString : '/';
  const q = raw.indexOf('?');
  const query: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(q === -1 ? '' : raw.slice(q + 1))) (query[k] ??= []).push(v);
  const path = q === -1 ? raw : raw.slice(0, q) || '/';
  return { headers, multiValueHeaders, path: path.startsWith('/') ? path : '/' + path, query, stageVariables: stringMap(input.stageVariables), additionalContext: stringMap(input.additionalContext) };
}

function lookupCaseless<T>(map: Record<string, T>, lc: string): T | undefined {
  for (const k of Object.keys(map)) if (k.toLowerCase() === lc) return map[k];
  return undefined;
}

function identityRequest(s: Simulated): IdentityRequest {
  return {
    header: (lc) => lookupCaseless(s.headers, lc),
    multiHeader: (lc) => lookupCaseless(s.multiValueHeaders, lc),
    query: (name) => s.query[name]?.[s.query[name].length - 1],
    multiQuery: (name) => s.query[name],
    stageVariable: (name) => s.stageVariables[name],
    context: (path) => s.additionalContext[path.join('.')],
  };
}

function requestEvent(s: Simulated, arn: string, ctx: OperationContext, apiId: string): Record<string, unknown> {
  const query: StringMap = {};
  for (const [k, v] of Object.entries(s.query)) query[k] = v[v.length - 1];
  return {
    type: 'REQUEST',
    methodArn: arn,
    resource: s.path,
    path: s.path,
    httpMethod: 'GET',
    headers: s.headers,
    multiValueHeaders: s.multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: s.query,
    pathParameters: {},
    stageVariables: s.stageVariables,
    requestContext: {
      path: s.path,
      accountId: ctx.scope.account,
      resourceId: 'test-invoke-resource',
      stage: TEST_STAGE,
      requestId: ctx.requestId,
      identity: { sourceIp: 'test-invoke-source-ip', userAgent: null },
      resourcePath: s.path,
      httpMethod: 'GET',
      apiId,
      ...s.additionalContext,
    },
  };
}

/** An execution log in API Gateway's style: one timestamped line each. */
class ExecutionLog {
  private readonly lines = ['Execution log for request test-request'];
  add(line: string): void {
    this.lines.push(`${javaDate(Math.floor(Date.now() / 1000))} : ${line}`);
  }
  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

const masked = (v: string): string => (v.length <= 4 ? '****' : '****' + v.slice(-4));

async function runLambda(ctx: OperationContext, a: CompiledAuthorizer, apiId: string, s: Simulated, log: ExecutionLog): Promise<Record<string, unknown>> {
  const identity = identityOf(a, identityRequest(s));
  if ('missing' in identity) {
    log.add(`Unauthorized request: ${identity.missing}`);
    log.add('Unauthorized');
    return { clientStatus: 401, latency: 0 };
  }
  log.add(`Incoming identity: ${identity.values.map(masked).join(', ')}`);
  const fn = a.fn ?? functionOf(a.uri ?? '', s.stageVariables);
  if (typeof fn === 'string') {
    log.add(`Execution failed due to configuration error: ${fn}`);
    log.add('AuthorizerConfigurationException');
    return { clientStatus: 500, latency: 0 };
  }
  const arn = methodArn(ctx.scope.region, ctx.scope.account, apiId, TEST_STAGE, 'GET', s.path);
  const event = a.type === 'TOKEN' ? tokenEvent(identity.values[0], arn) : requestEvent(s, arn, ctx, apiId);
  log.add(`Endpoint request URI: https://lambda.${fn.region}.amazonaws.com/2015-03-31/functions/${fn.functionId}/invocations`);
  log.add(`Endpoint request body after transformations: ${JSON.stringify(event)}`);
  const outcome = await invokeLambdaAuthorizer(ctx.lambda, fn, event);
  const latency = outcome.latencyMs;
  if (outcome.kind === 'unauthorized') {
    log.add('Unauthorized');
    return { clientStatus: 401, latency };
  }
  if (outcome.kind === 'error') {
    log.add(`Execution failed due to configuration error: ${outcome.reason}`);
    log.add('AuthorizerConfigurationException');
    return { clientStatus: 500, latency };
  }
  const g = outcome.grant;
  log.add(`Authorizer result body before parsing: ${JSON.stringify({ principalId: g.principalId, policyDocument: g.policyDocument, context: g.context })}`);
  log.add(`Using valid authorizer policy for principal: ${masked(g.principalId)}`);
  log.add('Successfully completed authorizer execution');
  const authorization: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(g.context)) authorization[k] = [String(v)];
  return { clientStatus: 200, latency, principalId: g.principalId, policy: JSON.stringify(g.policyDocument), authorization };
}

async function runCognito(ctx: OperationContext, a: CompiledAuthorizer, s: Simulated, log: ExecutionLog): Promise<Record<string, unknown>> {
  const started = Date.now();
  const identity = identityOf(a, identityRequest(s));
  if ('missing' in identity) {
    log.add(`Unauthorized request: ${identity.missing}`);
    return { clientStatus: 401, latency: 0 };
  }
  const verdict = await verifyCognitoToken({
    token: identity.values[0],
    pools: a.pools,
    endpoint: ctx.config.cognitoEndpoint,
    audPattern: a.validation,
    jwks: new JwksCache(),
    nowSeconds: Math.floor(Date.now() / 1000),
  });
  const latency = Date.now() - started;
  if (verdict.kind === 'unauthorized') {
    log.add(`Unauthorized request: ${verdict.reason}`);
    log.add(verdict.message);
    return { clientStatus: 401, latency };
  }
  if (verdict.kind === 'error') {
    log.add(`Execution failed due to configuration error: ${verdict.reason}`);
    log.add('AuthorizerConfigurationException');
    return { clientStatus: 500, latency };
  }
  log.add('Successfully completed authorizer execution');
  return { clientStatus: 200, latency, claims: verdict.claims };
}

export const testInvokeHandlers: HandlerTable = {
  async TestInvokeAuthorizer(input: Input, ctx) {
    requireRestApi(ctx, input.restApiId);
    const stored = input.authorizerId ? ctx.store.authorizers.get(ctx.scope, input.restApiId, input.authorizerId) : undefined;
    if (!stored) throw new NotFoundException('Invalid Authorizer identifier specified');
    const a = compileAuthorizer(stored);
    const log = new ExecutionLog();
    log.add(`Starting authorizer: ${a.id} for request: test-request`);
    let out: Record<string, unknown>;
    if (a.broken) {
      log.add(`Execution failed due to configuration error: ${a.broken}`);
      log.add('AuthorizerConfigurationException');
      out = { clientStatus: 500, latency: 0 };
    } else if (a.type === 'COGNITO_USER_POOLS') {
      out = await runCognito(ctx, a, simulate(input), log);
    } else {
      out = await runLambda(ctx, a, input.restApiId, simulate(input), log);
    }
    const { clientStatus, latency, ...rest } = out;
    return { clientStatus, log: log.toString(), latency, ...rest };
  },
};
