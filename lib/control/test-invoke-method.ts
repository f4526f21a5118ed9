/**
 * @module control/test-invoke-method
 * TestInvokeMethod (POST /restapis/{id}/resources/{rid}/methods/{verb}):
 * runs the method's CURRENT definition — not a deployment, as on AWS — through
 * the data plane's own steps and answers `{status, body, headers,
 * multiValueHeaders, latency, log}`.
 *
 * How: the API is snapshotted now (control/snapshot.ts) with only the
 * resource under test, compiled like a deployment (dataplane/compile.ts) and
 * served as the stage `test-invoke-stage` with the request's
 * `stageVariables`. The request is built from `pathWithQueryString` (the
 * resource path when absent), `headers`, `multiValueHeaders` and `body`;
 * path parameters are read from the path against the resource's template.
 * Then the pipeline's steps from request validation to the method response
 * run in order (TEST_INVOKE_STEPS); as on AWS ("it bypasses any
 * authorization mechanism"), the resource policy, API key, IAM, authorizer
 * and throttling steps do not. A failure is rendered through the API's
 * gateway responses, as the stage would answer it; like AWS's recorded
 * answer, the default Content-Type of a gateway response is not listed.
 *
 * The `log` is written from what the steps did (test-invoke-method-log.ts
 * has the lines); configuration errors and other notes the steps log are
 * captured from the invocation's logger, so the pipeline needs no hook.
 *
 * Lambda integrations call the server's Lambda invoker (OperationContext.lambda).
 *
 * Not yet: `clientCertificateId` (a NotFound unless it names an existing
 * certificate; the certificate is not presented to HTTP backends), and
 * `$context.identity.apiKey` is not AWS's `test-invoke-api-key`.
 */
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { NotFoundException } from '../aws/errors';
import type { Logger } from '../log';
import type { ApiSnapshot, Resource } from '../model';
import { compileDeployment } from '../dataplane/compile';
import { InvocationContext, type MethodRequest } from '../dataplane/context';
import { GatewayError } from '../dataplane/gateway-responses';
import { endpointFor } from '../dataplane/integrations/http';
import { hostHeader } from '../dataplane/http-client';
import { PIPELINE } from '../dataplane/pipeline';
import { decodeSegment } from '../dataplane/router';
import { fillHeaders, fillQuery } from '../dataplane/steps/parse';
import type { CompiledStage } from '../dataplane/types';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireMethod } from './lookups';
import { buildSnapshot } from './snapshot';
import { ExecutionLog, javaMap } from './test-invoke-method-log';

/** The stage name a test invocation runs in (AWS's: `$context.stage` and the Lambda event say `test-invoke-stage`). */
export const TEST_INVOKE_STAGE = 'test-invoke-stage';

/** The pipeline steps a test invocation runs, in the pipeline's order (authorization and throttling are bypassed). */
export const TEST_INVOKE_STEPS: readonly string[] = ['validate', 'integration request', 'integration', 'integration response', 'method response'];

export interface TestInvokeResult {
  status: number;
  body: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  latency: number;
  log: string;
}

interface TestRequest {
  httpMethod: string;
  pathWithQueryString?: string;
  body?: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  stageVariables?: Record<string, string>;
}

/** Reads path parameters from `path` against the resource template (`{x}` one segment, `{x+}` the rest); none when it does not fit. */
export function pathParamsFor(template: string, path: string): Record<string, string> {
  const want = template.split('/').filter((s) => s !== '');
  const got = path.split('/').filter((s) => s !== '');
  const out: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const greedy = /^\{(.+)\+\}$/.exec(w);
    if (greedy) {
      if (i >= got.length) return {};
      out[greedy[1]] = got.slice(i).map(decodeSegment).join('/');
      return out;
    }
    if (i >= got.length) return {};
    const param = /^\{(.+)\}$/.exec(w);
    if (param) out[param[1]] = decodeSegment(got[i]);
    else if (w !== got[i]) return {};
  }
  return got.length === want.length ? out : {};
}

/** A logger that records what the steps log about this invocation (its `describe()` prefix removed) and passes it on at debug level. */
function capturingLogger(base: Logger, lines: string[], prefix: () => string): Logger {
  const record = (msg: string): void => {
    const p = prefix() + ': ';
    if (msg.startsWith(p)) lines.push(msg.slice(p.length));
    base.debug(`test invoke: ${msg}`);
  };
  return { debug: record, info: record, warn: record, error: record };
}

function headerRecords(headers: Record<string, string | string[]>): { single: Record<string, string>; multi: Record<string, string[]> } {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    const values = Array.isArray(v) ? v : [v];
    single[k] = values.join(',');
    multi[k] = values;
  }
  return { single, multi };
}

function rawHeadersOf(map: Map<string, { name: string; values: string[] }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, values } of map.values()) out[name] = values.join(',');
  return out;
}

/** The URL API Gateway's log names for the integration endpoint. */
function endpointUri(inv: InvocationContext): string | undefined {
  const integ = inv.route?.method.integration;
  if (!integ || !inv.integrationRequest) return undefined;
  if (integ.type === 'HTTP' || integ.type === 'HTTP_PROXY') {
    try {
      const { endpoint, path } = endpointFor(inv, integ);
      return `${endpoint.protocol}//${hostHeader(endpoint)}${path}`;
    } catch {
      return undefined;
    }
  }
  // arn:aws:apigateway:{region}:{service}:path/{p} or :action/{Action}
  const arn = /^arn:aws[\w-]*:apigateway:([^:]+):([^:]+):(path|action)\/(.*)$/.exec(inv.route!.method.method.methodIntegration?.uri ?? '');
  if (!arn) return undefined;
  const [, region, service, kind, rest] = arn;
  const host = `https://${service.split('.')[0]}.${region}.amazonaws.com`;
  return kind === 'path' ? `${host}/${rest}` : `${host}/?Action=${rest}`;
}

export async function runTestInvoke(
  ctx: OperationContext,
  snapshot: ApiSnapshot,
  resource: Resource,
  req: TestRequest,
): Promise<TestInvokeResult> {
  const started = Date.now();
  const requestId = randomUUID();
  const log = new ExecutionLog(requestId);
  log.add(`Starting execution for request: ${requestId}`, started);

  const pathWithQuery = req.pathWithQueryString || resource.path;
  const q = pathWithQuery.indexOf('?');
  const path = (q === -1 ? pathWithQuery : pathWithQuery.slice(0, q)) || '/';
  const rawQuery = q === -1 ? '' : pathWithQuery.slice(q + 1);

  const raw: string[] = [];
  for (const [k, v] of Object.entries(req.headers ?? {})) raw.push(k, v);
  for (const [k, vs] of Object.entries(req.multiValueHeaders ?? {})) for (const v of vs) raw.push(k, v);

  const request: MethodRequest = {
    httpMethod: req.httpMethod,
    path,
    querystring: {},
    multiQuerystring: {},
    header: {},
    multiHeader: {},
    headerLc: {},
    multiHeaderLc: {},
    body: Buffer.from(req.body ?? '', 'utf8'),
    sourceIp: 'test-invoke-source-ip',
  };
  fillHeaders(request, raw);
  fillQuery(request, rawQuery);

  // Only the resource under test: the route is that resource whatever the path says.
  const deployment = compileDeployment('test-invoke', { ...snapshot, resources: [resource] });
  const stage: CompiledStage = {
    scope: ctx.scope,
    apiId: snapshot.restApi.id,
    stageName: TEST_INVOKE_STAGE,
    main: { deployment, variables: { ...(req.stageVariables ?? {}) }, isCanary: false },
    methodSettings: {},
  };
  const incoming = new IncomingMessage(new Socket());
  incoming.method = req.httpMethod;
  incoming.url = pathWithQuery;
  incoming.httpVersion = '1.1';
  incoming.httpVersionMajor = 1;
  incoming.httpVersionMinor = 1;
  incoming.rawHeaders = raw;

  const noted: string[] = [];
  let inv: InvocationContext;
  const logger = capturingLogger(ctx.log, noted, () => inv.describe());
  const ids = { extended: randomBytes(12).toString('base64').slice(0, 15) + '=', trace: `Root=1-${Math.floor(started / 1000).toString(16)}-${randomBytes(12).toString('hex')}` };
  inv = new InvocationContext(
    incoming,
    { apiId: stage.apiId, stageName: TEST_INVOKE_STAGE, path, rawQuery, via: 'path', region: ctx.scope.region },
    stage,
    stage.main,
    request,
    requestId,
    ids.extended,
    ids.trace,
    started,
    logger,
  );
  inv.lambda = ctx.lambda;

  const pathParams = pathParamsFor(resource.path, path);
  log.add(`HTTP Method: ${req.httpMethod}, Resource Path: ${path}`);
  log.add(`Method request path: ${javaMap(pathParams)}`);
  log.add(`Method request query string: ${javaMap(request.querystring)}`);
  log.add(`Method request headers: ${javaMap(request.header)}`);
  log.add(`Method request body before transformations: ${req.body ?? ''}`);

  let failure: GatewayError | undefined;
  let integrationStarted = 0;
  try {
    const match = deployment.router.match(req.httpMethod, path) ?? deployment.router.match(req.httpMethod, placeholderPath(resource.path));
    const method = match?.method;
    if (!method || !method.integration) {
      noted.push(`Execution failed due to configuration error: No integration defined for method`);
      throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
    }
    inv.route = { resource: match!.resource, method, pathParams };
    for (const step of PIPELINE) {
      if (!TEST_INVOKE_STEPS.includes(step.name)) continue;
      if (step.name === 'integration') {
        integrationStarted = Date.now();
        logEndpointRequest(inv, log);
      }
      await step.run(inv);
      if (step.name === 'integration') logEndpointResponse(inv, log, Date.now() - integrationStarted);
    }
  } catch (e) {
    if (e instanceof GatewayError) failure = e;
    else {
      ctx.log.error(`test invoke ${req.httpMethod} ${path} (api ${stage.apiId}): unexpected failure: ${(e as Error)?.stack ?? e}`);
      failure = new GatewayError('DEFAULT_5XX', 'Internal server error', { statusCode: 500 });
    }
  }
  for (const line of noted) log.add(line);

  let status: number;
  let body: string;
  let headers: Record<string, string | string[]>;
  if (!failure && inv.response) {
    status = inv.response.statusCode;
    body = inv.response.body.toString('utf8');
    headers = { ...inv.response.headers };
    if (inv.route?.method.integration?.type !== 'MOCK') headers['X-Amzn-Trace-Id'] = inv.traceId;
    log.add(`Method response body after transformations: ${body}`);
    log.add(`Method response headers: ${javaMap(headers)}`);
    log.add('Successfully completed execution');
  } else {
    const err = failure ?? new GatewayError('DEFAULT_5XX', 'Internal server error', { statusCode: 500 });
    const r = deployment.gatewayResponses.render(err, {
      context: inv.contextVars(),
      stageVariables: stage.main.variables,
      request: { path: pathParams, querystring: request.querystring, header: request.header },
    });
    status = r.statusCode;
    body = r.body;
    headers = {};
    // AWS's recorded test-invoke failure lists x-amzn-ErrorType but not the gateway response's default Content-Type.
    const customized = customizedResponse(snapshot, err.type, status);
    for (const [k, v] of Object.entries(r.headers)) if (customized || k.toLowerCase() !== 'content-type') headers[k] = v;
    if (!noted.some((l) => l.startsWith('Execution failed'))) {
      log.add(`Gateway response type: ${err.type} with status code: ${status}`);
      log.add(`Gateway response body: ${body}`);
      log.add(`Gateway response headers: ${javaMap(headers)}`);
    }
  }
  log.add(`Method completed with status: ${status}`);
  const { single, multi } = headerRecords(headers);
  return { status, body, headers: single, multiValueHeaders: multi, latency: Date.now() - started, log: log.toString() };
}

/** The resource template with each `{param}` as a plain segment, to find its method in a one-resource router. */
function placeholderPath(template: string): string {
  return template.replace(/\{[^}]+\}/g, '_');
}

/** Whether the API put a gateway response for this error (its type, or the DEFAULT_4XX/5XX of its class). */
function customizedResponse(snapshot: ApiSnapshot, type: string, status: number): boolean {
  const fallback = status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
  return (snapshot.gatewayResponses ?? []).some((g) => g.responseType === type || g.responseType === fallback);
}

function logEndpointRequest(inv: InvocationContext, log: ExecutionLog): void {
  const integ = inv.route!.method.integration!;
  if (integ.type === 'MOCK') return;
  const uri = endpointUri(inv);
  if (uri) log.add(`Endpoint request URI: ${uri}`);
  const ir = inv.integrationRequest;
  if (ir) {
    log.add(`Endpoint request headers: ${javaMap(rawHeadersOf(ir.headers))}`);
    log.add(`Endpoint request body after transformations: ${ir.body.toString('utf8')}`);
  }
  if (uri) log.add(`Sending request to ${uri}`);
}

function logEndpointResponse(inv: InvocationContext, log: ExecutionLog, latency: number): void {
  const integ = inv.route!.method.integration!;
  const r = inv.integrationResponse;
  if (integ.type === 'MOCK' || !r) return;
  log.add(`Received response. Status: ${r.statusCode}, Integration latency: ${latency} ms`);
  const headers: Record<string, string> = {};
  for (let i = 0; i < r.rawHeaders.length; i += 2) {
    const k = r.rawHeaders[i];
    headers[k] = headers[k] === undefined ? r.rawHeaders[i + 1] : `${headers[k]},${r.rawHeaders[i + 1]}`;
  }
  log.add(`Endpoint response headers: ${javaMap(headers)}`);
  log.add(`Endpoint response body before transformations: ${r.body.toString('utf8')}`);
}

export const testInvokeMethodHandlers: HandlerTable = {
  async TestInvokeMethod(input: Input, ctx) {
    const { resource } = requireMethod(ctx, input.restApiId, input.resourceId, input.httpMethod);
    if (input.clientCertificateId !== undefined && !ctx.store.clientCertificates.get(ctx.scope, input.clientCertificateId)) {
      throw new NotFoundException('Invalid Client Certificate identifier specified');
    }
    const snapshot = buildSnapshot(ctx, input.restApiId);
    const current = snapshot.resources.find((r) => r.id === resource.id) ?? resource;
    return runTestInvoke(ctx, snapshot, current, {
      httpMethod: input.httpMethod,
      pathWithQueryString: input.pathWithQueryString,
      body: input.body,
      headers: input.headers,
      multiValueHeaders: input.multiValueHeaders,
      stageVariables: input.stageVariables,
    });
  },
};
