/**
 * Data-plane unit-test helpers: hand-built deployment snapshots (in the shape
 * lib/control/snapshot.ts freezes), compiled, and InvocationContexts built
 * around a fake IncomingMessage, so each pipeline step can be run alone.
 */
import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiSnapshot, Integration, Method, Resource, RestApi } from '../../../lib/model';
import { compileDeployment } from '../../../lib/dataplane/compile';
import { InvocationContext, type MethodRequest } from '../../../lib/dataplane/context';
import type { CompiledDeployment, CompiledStage, StageVariant } from '../../../lib/dataplane/types';
import { createLogger, type Logger } from '../../../lib/log';
import { fillQuery } from '../../../lib/dataplane/steps/parse';
import { ReceivedRequest } from '../../../lib/dataplane/method-request';
import { nodeExchange, type ClientExchange } from '../../../lib/dataplane/exchange';

export interface MethodSpec extends Partial<Omit<Method, 'methodIntegration'>> {
  integration?: Partial<Integration> & { type: string };
}

/** A snapshot from `{ '/pets': { GET: {...} } }`; parents are created as needed. */
export function snapshot(paths: Record<string, Record<string, MethodSpec>>, api: Partial<RestApi> = {}): ApiSnapshot {
  const resources: Resource[] = [{ id: 'root000000', path: '/', resourceMethods: {} }];
  let n = 0;
  for (const [path, methods] of Object.entries(paths)) {
    let r = resources.find((x) => x.path === path);
    if (!r) {
      r = { id: `res${String(++n).padStart(3, '0')}`, path, pathPart: path.split('/').pop(), resourceMethods: {} };
      resources.push(r);
    }
    for (const [verb, spec] of Object.entries(methods)) {
      const { integration, ...rest } = spec;
      const m: Method = { httpMethod: verb, authorizationType: 'NONE', apiKeyRequired: false, ...rest };
      if (integration) m.methodIntegration = { timeoutInMillis: 29000, passthroughBehavior: 'WHEN_NO_MATCH', ...integration } as Integration;
      r.resourceMethods![verb] = m;
    }
  }
  return {
    restApi: {
      id: 'api0000000',
      name: 'test',
      createdDate: 0,
      apiKeySource: 'HEADER',
      endpointConfiguration: { types: ['EDGE'] },
      disableExecuteApiEndpoint: false,
      rootResourceId: 'root000000',
      ...api,
    },
    resources,
    gatewayResponses: [],
  };
}

export const silent: Logger = createLogger('silent');

/** A Logger that keeps its lines (for asserting warnings). */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = createLogger('debug', (l) => lines.push(l));
  return Object.assign(log, { lines });
}

export function compiledStage(deployment: CompiledDeployment, variables: Record<string, string> = {}): CompiledStage {
  return {
    scope: { account: '123456789012', region: 'us-east-1' },
    apiId: 'api0000000',
    stageName: 'dev',
    main: { deployment, variables, isCanary: false },
  };
}

export interface RequestSpec {
  method?: string;
  path?: string;
  query?: string;
  headers?: [string, string][] | Record<string, string>;
  body?: string | Buffer;
  stageVariables?: Record<string, string>;
  canary?: boolean;
  log?: Logger;
}

/** A fake IncomingMessage: a readable stream with the request line and headers a server would have parsed. */
export function fakeRequest(spec: RequestSpec): IncomingMessage {
  const pairs = Array.isArray(spec.headers) ? spec.headers : Object.entries(spec.headers ?? {});
  const body = spec.body === undefined ? undefined : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body);
  const all: [string, string][] = [['Host', 'localhost:4567'], ...pairs];
  if (body && !all.some(([k]) => k.toLowerCase() === 'content-length')) all.push(['Content-Length', String(body.length)]);
  const stream = Readable.from(body ? [body] : []) as unknown as IncomingMessage;
  const headers: Record<string, string> = {};
  for (const [k, v] of all) headers[k.toLowerCase()] = v;
  Object.assign(stream, {
    method: spec.method ?? 'GET',
    url: spec.path ?? '/',
    httpVersion: '1.1',
    rawHeaders: all.flat(),
    headers,
    socket: { remoteAddress: '::ffff:203.0.113.7', localPort: 4567 },
  });
  return stream;
}

/** The data plane's view of a fake request (exchange.ts, as Node's http server would give it); it cannot be answered. */
export function fakeClient(req: IncomingMessage): ClientExchange {
  return nodeExchange(req, {} as ServerResponse);
}

/** An InvocationContext for `spec` on the compiled `snapshot` (headers and query parsed, body read as the parse step would). */
export function context(snap: ApiSnapshot | CompiledDeployment, spec: RequestSpec = {}): InvocationContext {
  const deployment: CompiledDeployment = 'router' in snap ? (snap as CompiledDeployment) : compileDeployment('dep001', snap as ApiSnapshot);
  const stage = compiledStage(deployment, spec.stageVariables);
  const variant: StageVariant = spec.canary ? { deployment, variables: spec.stageVariables ?? {}, isCanary: true } : stage.main;
  const req = fakeRequest(spec);
  const request: MethodRequest = new ReceivedRequest(spec.method ?? 'GET', spec.path ?? '/', '203.0.113.7', req.rawHeaders);
  request.body = spec.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body);
  fillQuery(request, spec.query ?? '');
  const target = { apiId: 'api0000000', stageName: 'dev', path: request.path, rawQuery: spec.query ?? '', via: 'path' as const };
  return new InvocationContext(fakeClient(req), target, stage, variant, request, 'req-id-1', 'extIdAAAAAAAAAAA', 'Root=1-00000000-000000000000000000000000', Date.UTC(2026, 10, 21, 20, 6, 39), spec.log ?? silent);
}
