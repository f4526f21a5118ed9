/**
 * @module dataplane/exchange
 * `ClientExchange`: what the data plane needs of the client's HTTP request
 * and answer, whichever HTTP/1.1 server received it — the request line,
 * the headers as sent, the connection's addresses, the body read whole, and
 * one call that writes the whole answer. Two servers implement it:
 * - lib/front/ (the listening server's own HTTP/1.1 front, the fast path);
 * - `nodeExchange` below, over Node's IncomingMessage/ServerResponse
 *   (`createApp`'s listener: in-process tests with supertest, and
 *   connections the front handed to Node's http server).
 * Both answer alike: the status line and headers as given, `Date`,
 * `Connection`, and no body on HEAD, 1xx, 204 and 304 answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type AnswerHeaders = Record<string, string | string[] | number>;

export interface ClientExchange {
  readonly method: string;
  /** The request target as sent (path and query string). */
  readonly url: string;
  /** `1.1` or `1.0`. */
  readonly httpVersion: string;
  /** name, value, name, value… as the client sent them. */
  readonly rawHeaders: string[];
  readonly remoteAddress: string | undefined;
  readonly localPort: number | undefined;
  /** The connection is TLS. */
  readonly encrypted: boolean;
  /**
   * The whole request body (an empty buffer when there is none): at once
   * when it has already arrived, else a promise. Rejects with BodyTooLarge
   * past `maxBytes` and with ClientGone when the client leaves first.
   */
  readBody(maxBytes: number): Buffer | Promise<Buffer>;
  /** The body will not be read: it is discarded as it arrives. */
  discardBody(): void;
  /** An answer has begun (no other can be written). */
  readonly responded: boolean;
  /**
   * Writes the whole answer. Throws, before writing anything, on a header
   * name or value that cannot go on the wire (as Node's http does).
   */
  respond(statusCode: number, headers: AnswerHeaders, body?: Buffer): void;
  /** Drops the connection. */
  destroy(): void;
}

/** The client went away before its request body arrived: nothing is answered. */
export class ClientGone extends Error {}

/** The request body is over the limit readBody was given. */
export class BodyTooLarge extends Error {}

const EMPTY = Buffer.alloc(0);

/** A ClientExchange over Node's http server objects. */
export function nodeExchange(req: IncomingMessage, res: ServerResponse): ClientExchange {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    httpVersion: req.httpVersion,
    rawHeaders: req.rawHeaders,
    remoteAddress: req.socket.remoteAddress,
    localPort: req.socket.localPort,
    encrypted: 'encrypted' in req.socket,
    readBody: (maxBytes) => readWholeBody(req, maxBytes),
    discardBody: () => void req.resume(),
    get responded() {
      return res.headersSent;
    },
    respond(statusCode, headers, body) {
      res.writeHead(statusCode, headers);
      if (body && body.length > 0) res.end(body);
      else res.end();
    },
    destroy: () => void res.destroy(),
  };
}

function readWholeBody(req: IncomingMessage, maxBytes: number): Buffer | Promise<Buffer> {
  let length: string | undefined;
  let chunked = false;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const lc = raw[i].toLowerCase();
    if (lc === 'content-length') length = raw[i + 1];
    else if (lc === 'transfer-encoding') chunked = true;
  }
  if (length === undefined && !chunked) return EMPTY;
  if (length !== undefined && !chunked) {
    const declared = Number(length);
    if (declared === 0) return EMPTY;
    if (declared > maxBytes) return Promise.reject(new BodyTooLarge());
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > maxBytes) {
        done = true;
        cleanup();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      if (done) return;
      done = true;
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, size));
    };
    const onGone = () => {
      if (done) return;
      done = true;
      cleanup();
      reject(new ClientGone('the client closed the connection before the end of its request body'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('aborted', onGone);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('aborted', onGone);
  });
}

/**
 * A request that came over no connection (TestInvokeMethod; unit tests): its
 * body is given whole, and it cannot be answered on a wire — the caller reads
 * the InvocationContext's response instead.
 */
export function offlineExchange(spec: {
  method: string;
  url: string;
  rawHeaders: string[];
  body?: Buffer;
  remoteAddress?: string;
  localPort?: number;
}): ClientExchange {
  const body = spec.body ?? EMPTY;
  return {
    method: spec.method,
    url: spec.url,
    httpVersion: '1.1',
    rawHeaders: spec.rawHeaders,
    remoteAddress: spec.remoteAddress,
    localPort: spec.localPort,
    encrypted: false,
    readBody: (maxBytes) => (body.length > maxBytes ? Promise.reject(new BodyTooLarge()) : body),
    discardBody: () => undefined,
    responded: false,
    respond: () => {
      throw new Error('an offline request has no connection to answer on');
    },
    destroy: () => undefined,
  };
}
