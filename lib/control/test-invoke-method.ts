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
 * The `log` is written from what the steps did, by the same code that
 * writes deployed stages' execution logs (dataplane/logging/execution-log.ts);
 * configuration errors and other notes the steps log are captured from the
 * invocation's logger, so the pipeline needs no hook.
 *
 * Lambda integrations call the server's Lambda invoker (OperationContext.lambda).
 *
 * Not yet: `clientCertificateId` (a NotFound unless it names an existing
 * certificate; the certificate is not presented to HTTP backends), and
 * `$context.identity.apiKey` is not AWS's `test-invoke-api-key`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { NotFoundException } from '../aws/errors';
import type { ApiSnapshot, Resource } from '../model';
import { compileDeployment } from '../dataplane/compile';
import { InvocationContext, type MethodRequest } from '../dataplane/context';
import { offlineExchange } from '../dataplane/exchange';
import { GatewayError } from '../dataplane/gateway-responses';
import { PIPELINE } from '../dataplane/pipeline';
import { decodeSegment } from '../dataplane/router';
import { fillQuery } from '../dataplane/steps/parse';
import { ReceivedRequest } from '../dataplane/method-request';
import type { CompiledStage } from '../dataplane/types';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireMethod } from './lookups';
import { buildSnapshot } from './snapshot';
import { ExecutionLog, capturingLogger, describeExecution, type Note } from '../dataplane/logging/execution-log';

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

export async function runTestInvoke(
  ctx: OperationContext,
  snapshot: ApiSnapshot,
  resource: Resource,
  req: TestRequest,
): Promise<TestInvokeResult> {
  const started = Date.now();
  const requestId = randomUUID();

  const pathWithQuery = req.pathWithQueryString || resource.path;
  const q = pathWithQuery.indexOf('?');
  const path = (q === -1 ? pathWithQuery : pathWithQuery.slice(0, q)) || '/';
  const rawQuery = q === -1 ? '' : pathWithQuery.slice(q + 1);

  const raw: string[] = [];
  for (const [k, v] of Object.entries(req.headers ?? {})) raw.push(k, v);
  for (const [k, vs] of Object.entries(req.multiValueHeaders ?? {})) for (const v of vs) raw.push(k, v);

  const request = new ReceivedRequest(req.httpMethod, path, 'test-invoke-source-ip', raw);
  request.body = Buffer.from(req.body ?? '', 'utf8');
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
  const incoming = offlineExchange({ method: req.httpMethod, url: pathWithQuery, rawHeaders: raw, body: request.body });

  const noted: Note[] = [];
  let inv: InvocationContext;
  const logger = capturingLogger(ctx.log, noted, () => inv.describe(), (msg) => ctx.log.debug(`test invoke: ${msg}`));
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
  let failure: GatewayError | undefined;
  try {
    const match = deployment.router.match(req.httpMethod, path) ?? deployment.router.match(req.httpMethod, placeholderPath(resource.path));
    const method = match?.method;
    if (!method || !method.integration) {
      noted.push({ text: 'Execution failed due to configuration error: No integration defined for method', error: true });
      throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
    }
    inv.route = { resource: match!.resource, method, pathParams };
    for (const step of PIPELINE) if (TEST_INVOKE_STEPS.includes(step.name)) await step.run(inv);
  } catch (e) {
    if (e instanceof GatewayError) failure = e;
    else {
      ctx.log.error(`test invoke ${req.httpMethod} ${path} (api ${stage.apiId}): unexpected failure: ${(e as Error)?.stack ?? e}`);
      failure = new GatewayError('DEFAULT_5XX', 'Internal server error', { statusCode: 500 });
    }
  }
  let status: number;
  let body: string;
  let headers: Record<string, string | string[]>;
  if (!failure && inv.response) {
    status = inv.response.statusCode;
    body = inv.response.body.toString('utf8');
    headers = { ...inv.response.headers };
    if (inv.route?.method.integration?.type !== 'MOCK') headers['X-Amzn-Trace-Id'] = inv.traceId;
  } else {
    failure ??= new GatewayError('DEFAULT_5XX', 'Internal server error', { statusCode: 500 });
    const err = failure;
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
  }
  const log = new ExecutionLog(requestId);
  describeExecution(log, inv, { pathParams, notes: noted, failure, answer: { statusCode: status, headers, body }, endedAt: Date.now(), executed: true, redact: false });
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
