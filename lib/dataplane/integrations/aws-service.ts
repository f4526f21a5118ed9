/**
 * @module dataplane/integrations/aws-service
 * `AWS` integrations with AWS services other than Lambda: the integration
 * request, built by request parameters and templates as for HTTP
 * integrations, goes to the service signed with SigV4, and the service's
 * answer (status, headers, XML or JSON body) goes through the integration
 * responses like an HTTP backend's (selectionPattern against the status code).
 * What API Gateway sends, as far as it shows (test-invoke logs, recorded
 * answers):
 * - `action/{Action}[&p=v…]`: `POST /?Action={Action}&p=v…` followed by the
 *   integration request's query parameters, on the service's endpoint;
 * - `path/{path}`: `/{path}` with `{name}` from the integration request path
 *   parameters (S3 `path/{bucket}/{key}`: path-style addressing);
 * - `Accept: application/json` (a query service such as SQS then answers JSON;
 *   recorded: SQS SendMessage through API Gateway answers
 *   `{"SendMessageResponse": …}`), `User-Agent: AmazonAPIGateway_{apiId}`,
 *   then the headers the API maps;
 * - the integration method (or the client's, for `ANY`).
 * Defaults apigw-local adds so that local emulators (moto, LocalStack) route
 * the call as AWS's services do, unless the API maps them itself:
 * `X-Amz-Target: {prefix}.{Action}` for the JSON services that take the action
 * from the URI on AWS (services.ts), Content-Type
 * `application/x-amz-json-1.0/1.1` for JSON services (action URIs, or when
 * X-Amz-Target is set), `application/x-www-form-urlencoded; charset=utf-8` for
 * query-service actions, and otherwise the Content-Type the body was mapped
 * for (as for HTTP integrations).
 * Endpoints and credentials come from the environment when the deployment is
 * compiled (endpoint.ts, signer.ts). Failures as for HTTP integrations: no
 * answer in `timeoutInMillis` → 504; an unreachable endpoint (or the public
 * AWS endpoint with no network) → 500 `Internal server error` with a log line
 * naming the endpoint; a broken answer → 502.
 * Not emulated: assuming the `credentials` role (said once in the log), S3
 * action URIs (`s3:action/GetObject&Bucket=…`: use `path/`), SSM's query-style
 * answer envelope for `ssm:action/…`, and AWS_PROXY (Firehose).
 */
import type { Integration } from '../../model';
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';
import { BackendFailure, hostHeader, send } from '../http-client';
import { resolveServiceEndpoint, type Env, type ServiceEndpoint } from '../aws-service/endpoint';
import { jsonContentType, serviceInfo, type ServiceInfo } from '../aws-service/services';
import { credentialsFromEnv, ServiceSigner, type SigningCredentials } from '../aws-service/signer';
import { parseIntegrationUri } from '../../lambda/arn';
import { normalizePath, parseServiceUri, render, resolveHead, safeDecode, strictEncode, type ServiceHead, type ServiceUri } from '../aws-service/uri';
import type { IntegrationKind } from './index';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
/** Headers the client writes, or the signature replaces. */
const NOT_PASSED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']);

/** What the signer adds, as it is sent. */
const SIGNATURE_HEADERS: [string, string][] = [
  ['x-amz-date', 'X-Amz-Date'],
  ['x-amz-security-token', 'X-Amz-Security-Token'],
  ['x-amz-content-sha256', 'x-amz-content-sha256'],
  ['authorization', 'Authorization'],
];

/** Where one service/region goes, resolved once. */
interface Target {
  head: ServiceHead;
  info: ServiceInfo;
  endpoint: ServiceEndpoint;
  signer: ServiceSigner;
}

function makeTarget(head: ServiceHead, env: Env, creds: SigningCredentials): Target | string {
  const endpoint = resolveServiceEndpoint(head, env);
  if (typeof endpoint === 'string') return endpoint;
  const info = serviceInfo(head.service);
  return { head, info, endpoint, signer: new ServiceSigner(info.signingName ?? head.service, head.region, creds) };
}

function failing(message: string, log: string): { kind: IntegrationKind; unsupported: string } {
  return {
    kind: {
      proxy: false,
      invoke: async (ctx) => {
        ctx.configurationError(log);
        throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
      },
    },
    unsupported: message,
  };
}

/** Whether an AWS integration calls a service other than Lambda (this module's) — stage variables count as not Lambda. */
export function isServiceIntegration(i: Integration): boolean {
  const p = parseIntegrationUri((i.uri ?? '').replace(/\$\{stageVariables\.[^}]*\}/g, 'stagevar'));
  return p.kind === 'service' && p.service !== 'lambda';
}

/** The registry entry for an `AWS` integration whose URI names a service other than Lambda. */
export function awsServiceKindFor(i: Integration, env: Env = process.env): { kind: IntegrationKind; unsupported?: string } {
  const uri = parseServiceUri(i.uri ?? '');
  if (typeof uri === 'string') return failing(`AWS integration: ${uri} (requests answer 500)`, uri);
  if (uri.kind === 'action' && uri.head?.service === 's3') {
    const message = `apigw-local does not support S3 action URIs (…:s3:action/${uri.action}): use a path URI (…:s3:path/{bucket}/{key}); requests answer 500`;
    return failing(message, message);
  }
  const creds = credentialsFromEnv(env);
  let fixed: Target | undefined;
  if (uri.head) {
    const t = makeTarget(uri.head, env, creds);
    if (typeof t === 'string') return failing(`AWS integration with ${uri.head.service}: ${t} (requests answer 500)`, t);
    fixed = t;
  }
  const byHead = new Map<string, Target | string>();
  let noted = false;
  const note = (ctx: InvocationContext, t: Target): void => {
    if (noted) return;
    noted = true;
    const role = i.credentials ? `; the credentials ${i.credentials} are not assumed` : '';
    ctx.log.info(`${where(ctx)}: AWS integration ${describe(uri, t.head)} calls ${t.endpoint.name}, signed with access key ${creds.accessKeyId}${role}`);
  };
  const targetFor = (ctx: InvocationContext): Target => {
    if (fixed) return fixed;
    const head = resolveHead(uri, ctx.stageVariables);
    let t: Target | string;
    if (typeof head === 'string') t = head;
    else {
      const key = `${head.region}:${head.subdomain ?? ''}.${head.service}`;
      t = byHead.get(key) ?? makeTarget(head, env, creds);
      byHead.set(key, t);
    }
    if (typeof t === 'string') {
      ctx.configurationError(`AWS integration URI ${i.uri}: ${t}`);
      throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
    }
    return t;
  };
  let warnedTarget = false;
  return {
    kind: {
      proxy: false,
      async invoke(ctx: InvocationContext): Promise<void> {
        const t = targetFor(ctx);
        note(ctx, t);
        const req = buildRequest(ctx, uri, t);
        if (!warnedTarget && req.missingTarget) {
          warnedTarget = true;
          ctx.log.warn(
            `${where(ctx)}: API Gateway does not set X-Amz-Target for ${t.head.service} action/${uri.action}: ` +
              `map integration.request.header.X-Amz-Target = '${t.info.targetPrefix}.${uri.action}' as AWS requires`,
          );
        }
        await call(ctx, t, req);
      },
    },
  };
}

/** `api abc stage dev PUT /pets/{id}`: notes about the integration itself go to the server log once, not to a request's execution log. */
function where(ctx: InvocationContext): string {
  const m = ctx.route!.method;
  return `api ${ctx.stage.apiId} stage ${ctx.stage.stageName} ${m.httpMethod} ${m.resourcePath}`;
}

function describe(uri: ServiceUri, head: ServiceHead): string {
  return `${head.subdomain ? head.subdomain + '.' : ''}${head.service} ${uri.kind === 'action' ? 'action/' + uri.action : 'path'} (${head.region})`;
}

interface ServiceRequest {
  method: string;
  path: string;
  query: [string, string][];
  /** By lowercased name. */
  headers: Map<string, { name: string; value: string }>;
  body: Buffer;
  /** A JSON service's action sent without X-Amz-Target (AWS needs it mapped). */
  missingTarget: boolean;
}

/** `a b/c` → `a%20b/c`: a path parameter value, slashes kept (greedy values). */
const encodePathValue = (v: string): string => strictEncode(v).replace(/%2F/g, '/');

function buildRequest(ctx: InvocationContext, uri: ServiceUri, t: Target): ServiceRequest {
  const ir = ctx.integrationRequest!;
  const vars = ctx.stageVariables;
  const query: [string, string][] = [];
  let path: string;
  if (uri.kind === 'path') {
    const p = render(uri.path, ir.path, vars, encodePathValue);
    path = t.endpoint.basePath + normalizePath(p.startsWith('/') ? p : '/' + p);
  } else {
    path = t.endpoint.basePath + '/';
    query.push(['Action', uri.action!]);
    for (const p of uri.params) query.push([p.name, safeDecode(render(p.value, ir.path, vars, strictEncode))]);
  }
  for (const [name, values] of ir.querystring) for (const v of values) query.push([name, v]);

  const headers = new Map<string, { name: string; value: string }>();
  const set = (name: string, value: string) => headers.set(name.toLowerCase(), { name, value });
  set('Accept', 'application/json');
  set('User-Agent', `AmazonAPIGateway_${ctx.stage.apiId}`);
  set('x-amzn-apigateway-api-id', ctx.stage.apiId);
  for (const [lc, { name, values }] of ir.headers) if (!NOT_PASSED.has(lc)) headers.set(lc, { name, value: values.join(',') });
  const info = t.info;
  let missingTarget = false;
  if (!headers.has('x-amz-target') && uri.kind === 'action' && info.protocol === 'json' && info.targetPrefix) {
    if (info.takesAction) set('X-Amz-Target', `${info.targetPrefix}.${uri.action}`);
    else missingTarget = true;
  }
  if (!headers.has('content-type')) {
    const json = jsonContentType(info);
    if (json && (uri.kind === 'action' || headers.has('x-amz-target'))) set('Content-Type', json);
    else if (uri.kind === 'action' && info.protocol === 'query') set('Content-Type', FORM);
    else set('Content-Type', ir.contentType ?? ctx.request.headerLc['content-type'] ?? 'application/json');
  }
  return { method: ir.httpMethod, path, query, headers, body: ir.body, missingTarget };
}

async function call(ctx: InvocationContext, t: Target, req: ServiceRequest): Promise<void> {
  const integ = ctx.route!.method.integration!;
  const e = t.endpoint.endpoint;
  const host = hostHeader(e);
  const toSign: Record<string, string> = { host };
  for (const [lc, { value }] of req.headers) toSign[lc] = value;
  const signed = await t.signer.sign({ method: req.method, protocol: e.protocol, hostname: e.hostname, port: e.port, path: req.path, query: req.query, headers: toSign, body: req.body });

  const raw: string[] = ['Host', host];
  for (const { name, value } of req.headers.values()) raw.push(name, value);
  for (const [lc, name] of SIGNATURE_HEADERS) if (signed[lc] !== undefined) raw.push(name, signed[lc]);
  raw.push('X-Amzn-Trace-Id', ctx.traceId);
  if (req.body.length > 0 || req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') raw.push('Content-Length', String(req.body.length));
  const qs = req.query.map(([k, v]) => `${strictEncode(k)}=${strictEncode(v)}`).join('&');
  const where = `${t.head.service} at ${t.endpoint.name}`;
  try {
    const res = await send({ endpoint: e, path: qs ? `${req.path}?${qs}` : req.path, method: req.method, headers: raw, body: req.body, timeoutMs: integ.timeoutMs });
    ctx.integrationResponse = { statusCode: res.statusCode, rawHeaders: res.rawHeaders, body: res.body };
  } catch (err) {
    if (!(err instanceof BackendFailure)) throw err;
    if (err.kind === 'timeout') {
      ctx.log.warn(`${ctx.describe()}: Execution failed due to a timeout error (${err.message}) calling ${where}`);
      throw new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out');
    }
    if (err.kind === 'unreachable') {
      ctx.configurationError(`${err.message} calling ${where}`);
      throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
    }
    ctx.log.warn(`${ctx.describe()}: Execution failed: ${err.message} calling ${where}`);
    throw new GatewayError('INTEGRATION_FAILURE', 'Internal server error', { statusCode: 502 });
  }
}
