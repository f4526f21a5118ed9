/**
 * @module app
 * `createApp(config)`: the request listener, and the only place that wires the
 * parts together. The listening server (server.ts) puts its own HTTP/1.1
 * front (front/) before it: the front serves data-plane requests through
 * `app.dataPlane` and gives every other connection to a Node http server
 * running this listener, which in-process tests (supertest) also call. Data-plane requests (`/restapis/{id}/{stage}/_user_request_/…`,
 * `/_aws/execute-api/{id}/{stage}/…`, `{id}.execute-api.*` hosts and custom
 * domain name hosts) go straight to the data plane, before any URL parsing; admin requests
 * (`/_apigw/…`) go to the admin module; Lambda Invoke API requests
 * (`/2015-03-31/functions/…`) go to the built-in Lambda runtime; every other request is a
 * control-plane operation. The control plane's `events.stageChanged` makes
 * the data plane drop what it compiled for that API, `usagePlansChanged` its
 * API key index, `domainNamesChanged` its custom domain index, `stageCacheFlushed`
 * empties a stage's API cache; `flushUsage`
 * (and closing) writes its pending quota counts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { makeConfig, type Config } from './config';
import { createLogger, type Logger } from './log';
import { Store } from './store';
import { newRequestId } from './aws/ids';
import { callerFromRequest } from './aws/caller';
import { dispatchControl } from './control/dispatch';
import type { ControlEvents, OperationContext } from './control/context';
import { handleAdmin } from './admin/admin';
import { createDataPlane, type DataPlane } from './dataplane';
import { nodeExchange } from './dataplane/exchange';
import { loadCredentials } from './aws/credentials';
import { createLambdaService, type LambdaService } from './lambda';

export interface App {
  (req: IncomingMessage, res: ServerResponse): void;
  readonly config: Config;
  readonly store: Store;
  readonly log: Logger;
  /** The built-in Lambda runtime and the invoker Lambda integrations use. */
  readonly lambda: LambdaService;
  /** Deployed stages: the listening server's own HTTP front hands data-plane requests straight to it (lib/front/). */
  readonly dataPlane: DataPlane;
  /** Writes pending quota counts and closes the database. */
  close(): void;
}

export function createApp(config: Partial<Config> = {}, opts: { log?: Logger } = {}): App {
  const cfg = makeConfig(config);
  const log = opts.log ?? createLogger(cfg.logLevel);
  const store = Store.open(cfg.db);
  const lambda = createLambdaService(cfg, log);
  const credentials = loadCredentials(cfg.iamCredentials, cfg.accountId);
  const dataPlane = createDataPlane({ store, log, lambda: lambda.invoker, credentials, cognitoEndpoint: cfg.cognitoEndpoint, logsDir: cfg.logsDir });
  const events: ControlEvents = {
    stageChanged: (_scope, restApiId) => dataPlane.stageChanged(restApiId),
    usagePlansChanged: (scope) => dataPlane.usagePlansChanged(scope),
    flushUsage: () => dataPlane.flushUsage(),
    authorizersFlushed: (_scope, restApiId, stageName) => dataPlane.flushAuthorizers(restApiId, stageName),
    stageCacheFlushed: (scope, restApiId, stageName) => dataPlane.flushStageCache(scope, restApiId, stageName),
    domainNamesChanged: () => dataPlane.domainNamesChanged(),
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const target = dataPlane.match(req.url ?? '/', req.rawHeaders);
    if (target) {
      dataPlane.handle(nodeExchange(req, res), target);
      return;
    }
    if (lambda.matches(req.url)) {
      lambda.serve(req, res);
      return;
    }
    const requestId = newRequestId();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      url = new URL('http://localhost/');
    }
    if (url.pathname.startsWith('/_apigw/')) {
      handleAdmin(req, res, url.pathname, requestId, { store, onReset: () => events.stageChanged({ account: '*', region: '*' }, '*') });
      return;
    }
    const caller = callerFromRequest(req.headers.authorization, { account: cfg.accountId, region: cfg.defaultRegion });
    const ctx: OperationContext = {
      scope: { account: caller.account, region: caller.region },
      caller,
      requestId,
      store,
      config: cfg,
      log,
      events,
      lambda: lambda.invoker,
    };
    void dispatchControl(req, res, url, ctx);
  };

  return Object.assign(listener, {
    config: cfg,
    store,
    log,
    lambda,
    dataPlane,
    close: () => {
      void lambda.close();
      dataPlane.close();
      store.close();
    },
  });
}
