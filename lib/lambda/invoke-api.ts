/**
 * @module lambda/invoke-api
 * The Lambda Invoke API of the built-in runtime, as AWS Lambda serves it:
 * `POST /2015-03-31/functions/{FunctionName}/invocations[?Qualifier=…]` with
 * `X-Amz-Invocation-Type` (RequestResponse, Event, DryRun), `X-Amz-Log-Type`
 * and `X-Amz-Client-Context`; answered with `X-Amz-Executed-Version`,
 * `X-Amz-Function-Error`, `X-Amz-Log-Result` and `x-amzn-RequestId`, errors as
 * `x-amzn-ErrorType` + `{"Type", "message"}`.
 *
 * `handleInvokeApi` works on a plain request object, so the same code serves
 * HTTP callers (`serveInvokeApi`, on the emulator's own port) and the SDK's
 * in-process handler (in-process.ts). Other Lambda API operations are not
 * served: they answer 404 UnknownOperationException naming what is.
 * Signatures are not checked (any credentials work, as everywhere in apigw-local).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log';
import { LambdaApiError } from './errors';
import { MAX_SYNC_PAYLOAD, type LocalRuntime } from './runtime';

export interface InvokeApiRequest {
  method: string;
  /** The path, still percent-encoded, without the query string. */
  path: string;
  query: URLSearchParams;
  /** Lowercased header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface InvokeApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer;
}

export const INVOKE_API_PREFIX = '/2015-03-31/functions/';
const INVOCATIONS = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

function errorResponse(e: LambdaApiError, requestId: string): InvokeApiResponse {
  const body = e.body();
  return {
    statusCode: e.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': e.type, 'x-amzn-requestid': requestId },
    body,
  };
}

export async function handleInvokeApi(runtime: LocalRuntime, req: InvokeApiRequest): Promise<InvokeApiResponse> {
  const m = INVOCATIONS.exec(req.path);
  if (!m || req.method !== 'POST') {
    return errorResponse(
      new LambdaApiError(
        404,
        'UnknownOperationException',
        `apigw-local's built-in Lambda runtime serves only the Invoke operation (POST ${INVOKE_API_PREFIX}{FunctionName}/invocations), not ${req.method} ${req.path}`,
      ),
      randomUUID(),
    );
  }
  let functionName: string;
  try {
    functionName = decodeURIComponent(m[1]);
  } catch {
    functionName = m[1];
  }
  try {
    const r = await runtime.invoke({
      functionName,
      qualifier: req.query.get('Qualifier') ?? undefined,
      invocationType: req.headers['x-amz-invocation-type'],
      logType: req.headers['x-amz-log-type'],
      clientContext: req.headers['x-amz-client-context'],
      payload: req.body,
    });
    const headers: Record<string, string> = { 'x-amzn-requestid': r.requestId };
    if (r.statusCode === 200) {
      headers['content-type'] = 'application/json';
      headers['x-amz-executed-version'] = r.executedVersion ?? '$LATEST';
      if (r.functionError) headers['x-amz-function-error'] = r.functionError;
      if (r.logResult !== undefined) headers['x-amz-log-result'] = r.logResult;
    }
    return { statusCode: r.statusCode, headers, body: r.payload };
  } catch (e) {
    if (e instanceof LambdaApiError) return errorResponse(e, randomUUID());
    throw e;
  }
}

/** Reads an HTTP request to the Invoke API and writes the answer. */
export function serveInvokeApi(runtime: LocalRuntime, req: IncomingMessage, res: ServerResponse, log: Logger): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  const write = (r: InvokeApiResponse): void => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(r.statusCode, { ...r.headers, 'content-length': String(r.body.length) });
    res.end(r.body);
  };
  req.on('data', (c: Buffer) => {
    if (refused) return;
    size += c.length;
    if (size > MAX_SYNC_PAYLOAD) {
      refused = true;
      const e = new LambdaApiError(413, 'RequestEntityTooLargeException', `Request must be smaller than ${MAX_SYNC_PAYLOAD} bytes for the InvokeFunction operation`);
      res.setHeader('connection', 'close');
      write(errorResponse(e, randomUUID()));
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (refused) return;
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[v.length - 1] : v;
    handleInvokeApi(runtime, {
      method: req.method ?? 'GET',
      path: q === -1 ? url : url.slice(0, q),
      query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
      headers,
      body: Buffer.concat(chunks, size),
    }).then(write, (e: unknown) => {
      log.error(`lambda: Invoke API failure: ${(e as Error)?.stack ?? e}`);
      write(errorResponse(new LambdaApiError(500, 'ServiceException', 'apigw-local: internal error in the built-in Lambda runtime'), randomUUID()));
    });
  });
  req.on('error', () => res.destroy());
}
