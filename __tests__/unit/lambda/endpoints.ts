/**
 * The two Lambda endpoints the Lambda tests run against, with their setup and
 * teardown (one shared contract, two implementations of the invocation path):
 * - `built-in runtime`: the app serves fixtures/functions itself (no endpoint
 *   configured: the LambdaClient is handed to the runtime in process);
 * - `Invoke API endpoint`: a second apigw-local app serves fixtures/functions
 *   on 127.0.0.1:<ephemeral>, and the app under test has no functions of its
 *   own, only `lambdaEndpoint` pointing there (the SDK over real HTTP).
 * Also: a tiny Lambda Invoke API server whose answers a test writes.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp, type App } from '../../../lib/app';
import { createLogger, type Logger } from '../../../lib/log';

export const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'functions');

export interface LambdaSetup {
  /** The app under test (API Gateway). */
  app: App;
  http: ReturnType<typeof request>;
  /** The app whose runtime runs the functions (the same app for the built-in runtime). */
  runtimeApp: App;
  /** Log lines of both apps. */
  logs: string[];
  close(): Promise<void>;
}

export function recordingLogger(lines: string[]): Logger {
  return createLogger('debug', (l) => lines.push(l));
}

export function listen(listener: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(listener);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function builtIn(): Promise<LambdaSetup> {
  const logs: string[] = [];
  const app = createApp({ db: ':memory:', functions: FIXTURES }, { log: recordingLogger(logs) });
  return { app, http: request(app), runtimeApp: app, logs, close: async () => app.close() };
}

async function remote(): Promise<LambdaSetup> {
  const logs: string[] = [];
  const runtimeApp = createApp({ db: ':memory:', functions: FIXTURES }, { log: recordingLogger(logs) });
  const { server, url } = await listen(runtimeApp);
  const app = createApp({ db: ':memory:', lambdaEndpoint: url }, { log: recordingLogger(logs) });
  return {
    app,
    http: request(app),
    runtimeApp,
    logs,
    close: async () => {
      app.close();
      await closeServer(server);
      runtimeApp.close();
    },
  };
}

export const ENDPOINTS: [string, () => Promise<LambdaSetup>][] = [
  ['built-in runtime', builtIn],
  ['Invoke API endpoint', remote],
];

/** `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{functionArn}/invocations` for a function name. */
export function lambdaUri(name: string, qualifier?: string): string {
  return `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}${
    qualifier ? ':' + qualifier : ''
  }/invocations`;
}
