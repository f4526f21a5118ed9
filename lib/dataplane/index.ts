/**
 * @module dataplane
 * The data plane: serves deployed stages. `createDataPlane` gives
 * - `match(url, rawHeaders)`: whether a request is for a deployed stage (one of the three
 *   ways in, see target.ts, or a custom domain name's Host, see
 *   custom-domains.ts) — cheap string checks and a Map lookup, no URL parsing;
 * - `handle(client, target)`: resolve the compiled stage (memory first; the
 *   store only on a miss), pick the canary or the main deployment, run the
 *   pipeline, write the method response or the rendered gateway response
 *   (`client` is the request and its answer, from either HTTP server: exchange.ts);
 * - `stageChanged(apiId)`: forget what was compiled for an API;
 * - `usagePlansChanged(scope)`, `flushUsage()`, `close()`: the traffic
 *   service's key index and quota counters (see traffic/).
 * - `flushAuthorizers(apiId, stage)`: forget cached Lambda authorizer results
 *   (FlushStageAuthorizersCache; auth/authorizer-cache.ts).
 * - `domainNamesChanged()`: forget the custom domain index.
 * Stages with access or execution logs get each request recorded after its
 * answer is written (logging/: rendered later, off the request path).
 * - `flushStageCache(scope, apiId, stage)`: empty a stage's API cache
 *   (FlushStageCache; cache/). `stageChanged` also drops the API caches of
 *   stages deleted, redeployed or with their cache cluster changed.
 * Every answer carries `x-amzn-RequestId` and `x-amz-apigw-id`; answers that
 * reached the integration also carry `X-Amzn-Trace-Id` (the client's Root is
 * kept when it sends one).
 */
import type { Logger } from '../log';
import type { Store } from '../store';
import type { LambdaInvoker } from '../lambda/invoker';
import type { CredentialStore } from '../aws/credentials';
import { InvocationContext, type DataPlaneTarget } from './context';
import { GatewayError } from './gateway-responses';
import { runPipeline } from './pipeline';
import { ReceivedRequest } from './method-request';
import { newRequestIds } from './request-ids';
import { writeForbidden, writeGatewayError, writeMethodResponse } from './response';
import { StageCache } from './stage-cache';
import { ClientGone, type ClientExchange } from './exchange';
import { matchTarget } from './target';
import { CustomDomains } from './custom-domains';
import { Traffic } from './traffic';
import { Authorizers } from './auth/authorizers';
import { createStageLogs } from './logging';
import { ApiCache } from './cache';
import type { Scope } from '../store';
import type { Note } from './logging/execution-log';

/** What a stage with execution logs keeps of a request (logging/). */
type StageLogger = { notes?: Note[] };

export type { DataPlaneTarget } from './context';

export interface DataPlane {
  /** The stage a request is for, from its request target and headers; undefined when it is not a data-plane request. */
  match(url: string, rawHeaders: string[]): DataPlaneTarget | undefined;
  handle(client: ClientExchange, target: DataPlaneTarget): void;
  stageChanged(apiId: string, stageName?: string): void;
  /** API keys, usage plans, plan keys or granted quota changed in `scope`. */
  usagePlansChanged(scope: Scope): void;
  /** Writes the pending quota counts now. */
  flushUsage(): void;
  /** Writes the pending quota counts; call before the store closes. */
  close(): void;
  /** Forgets the cached Lambda authorizer results of a stage (of every stage of the API without one). */
  flushAuthorizers(apiId: string, stageName?: string): void;
  /** A domain name or base path mapping changed: the custom domain index is rebuilt on the next request. */
  domainNamesChanged(): void;
  /** FlushStageCache: empties the stage's API cache. */
  flushStageCache(scope: Scope, apiId: string, stageName: string): void;
}

export function createDataPlane(deps: { store: Store; log: Logger; lambda?: LambdaInvoker; credentials?: CredentialStore; cognitoEndpoint?: string; logsDir?: string }): DataPlane {
  const { log } = deps;
  const cache = new StageCache(deps.store, log);
  const traffic = new Traffic(deps.store, log);
  const authorizers = new Authorizers({ cognitoEndpoint: deps.cognitoEndpoint });
  const domains = new CustomDomains(deps.store, log);
  const logs = createStageLogs({ logsDir: deps.logsDir, log });
  const apiCache = new ApiCache(log);

  const handle = (client: ClientExchange, target: DataPlaneTarget): void => {
    const now = Date.now();
    const ids = newRequestIds(now, rawHeader(client.rawHeaders, 'x-amzn-trace-id'));
    let resolution;
    try {
      resolution = target.refusal !== undefined ? { refusal: target.refusal } : cache.resolve(target);
    } catch (e) {
      log.error(`data plane: loading stage ${target.stageName} of API ${target.apiId} failed: ${(e as Error)?.stack ?? e}`);
      resolution = { refusal: 'load failure' };
    }
    if (!resolution.stage) {
      log.debug(`data plane: 403 Forbidden for ${client.method} ${client.url}: ${resolution.refusal}`);
      client.discardBody();
      writeForbidden(client, ids);
      return;
    }
    const stage = resolution.stage;
    const canary = stage.canary;
    const variant = canary && canary.percentTraffic > 0 && Math.random() * 100 < canary.percentTraffic ? canary : stage.main;
    const request = new ReceivedRequest(client.method, target.path, normalizeIp(client.remoteAddress), client.rawHeaders);
    // A stage with execution logs gets a logger that keeps what the steps note about this request.
    const logged = stage.logging ? logs.loggerFor(stage, (): string => ctx.describe()) : undefined;
    const ctx: InvocationContext = new InvocationContext(client, target, stage, variant, request, ids.requestId, ids.extendedRequestId, ids.traceId, now, logged ? logged.logger : log);
    ctx.lambda = deps.lambda;
    ctx.credentials = deps.credentials;
    ctx.traffic = traffic;
    ctx.authorizers = authorizers;
    ctx.apiCache = apiCache;

    let pending: void | Promise<void>;
    try {
      pending = runPipeline(ctx);
    } catch (err) {
      fail(ctx, err, logged);
      return;
    }
    if (pending) pending.then(() => answer(ctx, logged), (err: unknown) => fail(ctx, err, logged));
    else answer(ctx, logged);
  };

  /** Writes the method response. */
  const answer = (ctx: InvocationContext, logged: StageLogger | undefined): void => {
    try {
      writeMethodResponse(ctx.client, ctx);
    } catch (err) {
      writeFailed(ctx, err);
      return;
    }
    if (logged) logs.record(ctx, logged.notes, undefined, ctx.response!);
  };

  /** Writes the gateway response for what ended the pipeline (nothing for a client that left). */
  const fail = (ctx: InvocationContext, err: unknown, logged: StageLogger | undefined): void => {
    if (err instanceof ClientGone) {
      ctx.client.destroy();
      return;
    }
    if (!(err instanceof GatewayError)) {
      log.error(`${ctx.describe()}: unexpected failure: ${(err as Error)?.stack ?? err}`);
      err = new GatewayError('DEFAULT_5XX', 'Internal server error', { statusCode: 500 });
    }
    let sent;
    try {
      sent = writeGatewayError(ctx.client, ctx, err as GatewayError);
    } catch (e) {
      writeFailed(ctx, e);
      return;
    }
    if (logged && sent) logs.record(ctx, logged.notes, err as GatewayError, sent);
  };

  /** A write that failed (a header that cannot go on the wire, the client gone): the connection is dropped. */
  const writeFailed = (ctx: InvocationContext, err: unknown): void => {
    log.error(`${ctx.describe()}: writing the answer failed: ${(err as Error)?.stack ?? err}`);
    ctx.client.destroy();
  };

  return {
    // rawHeaders, not req.headers: Node builds that object lazily, and the data plane never needs it.
    match: (url, rawHeaders) => {
      const host = rawHeader(rawHeaders, 'host');
      return matchTarget(url, host) ?? domains.match(host, url, rawHeaders);
    },
    handle,
    stageChanged: (apiId: string) => {
      cache.drop(apiId);
      traffic.stageChanged(apiId);
      apiCache.stageChanged(apiId, (scope, id, name) => deps.store.stages.get(scope, id, name));
      if (apiId === '*') {
        authorizers.flush('*');
        domains.invalidate();
      }
    },
    flushAuthorizers: (apiId: string, stageName?: string) => authorizers.flush(apiId, stageName),
    domainNamesChanged: () => domains.invalidate(),
    flushStageCache: (scope: Scope, apiId: string, stageName: string) => apiCache.flush(scope, apiId, stageName),
    usagePlansChanged: (scope: Scope) => traffic.usagePlansChanged(scope),
    flushUsage: () => traffic.flush(),
    close: () => {
      traffic.close();
      logs.close();
    },
  };
}

/** The last value of a header in rawHeaders (`lc` lowercased). */
function rawHeader(raw: string[], lc: string): string | undefined {
  let v: string | undefined;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].length === lc.length && raw[i].toLowerCase() === lc) v = raw[i + 1];
  return v;
}

function normalizeIp(ip: string | undefined): string {
  if (!ip) return '127.0.0.1';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
