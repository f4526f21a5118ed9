/**
 * @module admin
 * apigw-local's own endpoints under `/_apigw/`: `GET /_apigw/health` (200
 * `{"status":"ok","version":…}` once the server is ready) and
 * `POST /_apigw/reset` (empties all state, for test suites). Not AWS APIs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store';
import { sendJson, sendAwsError } from '../aws/wire';
import { UnknownOperationException } from '../aws/errors';
import { VERSION } from '../version';

export function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  requestId: string,
  deps: { store: Store; onReset: () => void },
): void {
  req.resume();
  if (pathname === '/_apigw/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    sendJson(res, 200, requestId, { status: 'ok', version: VERSION });
    return;
  }
  if (pathname === '/_apigw/reset' && req.method === 'POST') {
    deps.store.reset();
    deps.onReset();
    sendJson(res, 200, requestId, { status: 'reset' });
    return;
  }
  sendAwsError(res, requestId, new UnknownOperationException(`No apigw-local admin endpoint matches ${req.method} ${pathname}`));
}
