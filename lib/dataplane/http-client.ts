/**
 * @module dataplane/http-client
 * The outbound HTTP call of HTTP and HTTP_PROXY integrations, on plain
 * net/tls sockets: a pool of keep-alive connections per backend origin, the
 * request written in one go, the answer read by http1-parser.ts. Node's
 * http.ClientRequest costs about three times as much CPU per request as the
 * whole of this (measured: ~100 µs against ~35 µs), more than serving the
 * client's own request — and the proxy path pays it on every call.
 *
 * As API Gateway: the whole exchange is bounded by the integration's
 * `timeoutInMillis`; redirects are returned, never followed. A request that
 * fails on a reused keep-alive connection before any byte of answer (the
 * backend closed it while idle) is retried once on a fresh one. Failures come
 * back as a BackendFailure naming what happened: `timeout`, `unreachable`
 * (refused, unknown host, TLS failure, a header that cannot be sent) or
 * `broken` (the backend closed or garbled its answer).
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { ResponseParser, type ParsedResponse } from './http1-parser';

/** Integration responses over this size are refused like API Gateway's 10 MB payload quota. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Where an integration request goes: parsed once per integration when its origin is fixed. */
export interface Endpoint {
  protocol: 'http:' | 'https:';
  /** Without IPv6 brackets. */
  hostname: string;
  port: number;
}

/** The Host header for an endpoint (the port only when it is not the scheme's default). */
export function hostHeader(e: Endpoint): string {
  const host = e.hostname.includes(':') ? `[${e.hostname}]` : e.hostname;
  return (e.protocol === 'https:' ? e.port === 443 : e.port === 80) ? host : `${host}:${e.port}`;
}

export function endpointOf(url: URL): Endpoint | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!hostname) return undefined;
  return { protocol: url.protocol, hostname, port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80 };
}

export interface OutboundRequest {
  endpoint: Endpoint;
  /** Path and query string, already encoded. */
  path: string;
  method: string;
  /** name, value, name, value… (Host included; never Connection, which the client sets). */
  headers: string[];
  body: Buffer;
  timeoutMs: number;
  /** Skip TLS verification (the integration's tlsConfig.insecureSkipVerification). */
  insecure?: boolean;
}

export interface OutboundResponse {
  statusCode: number;
  /** name, value, name, value… as the backend sent them. */
  rawHeaders: string[];
  body: Buffer;
}

export class BackendFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'unreachable' | 'broken',
    message: string,
  ) {
    super(message);
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ECONNABORTED']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const BAD_PATH = /[^\x21-\x7e]/;
const MAX_IDLE_PER_ORIGIN = 256;
/** Where every plain backend socket reads (each read is copied out at once: reads never overlap). */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

interface Pending {
  parser: ResponseParser;
  resolve(r: OutboundResponse): void;
  fail(e: BackendFailure, retryable: boolean): void;
}

/**
 * Requests waiting for an answer, checked against their deadline every 10 ms while there are any (one timer for all,
 * instead of one per request): a timeout fires within 10 ms of `timeoutInMillis`.
 */
interface Deadline {
  at: number;
  expire(): void;
}
const deadlines = new Set<Deadline>();
const DEADLINE_CHECK_MS = 10;
let deadlineTimer: NodeJS.Timeout | undefined;

function watch(d: Deadline): void {
  deadlines.add(d);
  if (!deadlineTimer) {
    deadlineTimer = setInterval(checkDeadlines, DEADLINE_CHECK_MS);
    deadlineTimer.unref();
  }
}

function checkDeadlines(): void {
  const now = Date.now();
  for (const d of deadlines) {
    if (d.at <= now) {
      deadlines.delete(d);
      d.expire();
    }
  }
  if (deadlines.size === 0 && deadlineTimer) {
    clearInterval(deadlineTimer);
    deadlineTimer = undefined;
  }
}

/** One connection to a backend origin, reused while the backend keeps it open. */
class Conn {
  pending?: Pending;
  connected = false;
  reused = false;
  constructor(
    readonly key: string,
    readonly socket: net.Socket,
    /** The socket delivers its bytes through `onRead` (plain sockets), not 'data' events (TLS). */
    readsDirectly: boolean,
  ) {
    socket.setNoDelay(true);
    if (!readsDirectly) socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => this.onGone(e));
    socket.on('close', () => this.onGone());
    socket.once(socket instanceof tls.TLSSocket ? 'secureConnect' : 'connect', () => (this.connected = true));
  }

  /** `n` bytes arrived in the shared read buffer: they are copied out before it is reused. */
  onRead(n: number, shared: Buffer): void {
    const chunk = Buffer.allocUnsafe(n);
    shared.copy(chunk, 0, 0, n);
    this.onData(chunk);
  }

  private onData(chunk: Buffer): void {
    const p = this.pending;
    if (!p) {
      this.socket.destroy(); // an answer nobody asked for
      return;
    }
    let done: ParsedResponse | undefined;
    try {
      done = p.parser.push(chunk);
    } catch (e) {
      this.pending = undefined;
      this.socket.destroy();
      p.fail(new BackendFailure('broken', (e as Error).message), false);
      return;
    }
    if (!done) return;
    this.pending = undefined;
    if (done.keepAlive) release(this);
    else this.socket.destroy();
    p.resolve({ statusCode: done.statusCode, rawHeaders: done.rawHeaders, body: done.body });
  }

  private onGone(e?: NodeJS.ErrnoException): void {
    forget(this);
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    if (!e) {
      try {
        const done = p.parser.finish();
        p.resolve({ statusCode: done.statusCode, rawHeaders: done.rawHeaders, body: done.body });
        return;
      } catch (err) {
        p.fail(new BackendFailure('broken', (err as Error).message), this.reused && p.parser.received === 0);
        return;
      }
    }
    const code = e.code ?? '';
    if (!this.connected && (UNREACHABLE.has(code) || code.startsWith('ERR_TLS') || code.startsWith('CERT_') || code.includes('SELF_SIGNED'))) {
      p.fail(new BackendFailure('unreachable', e.message), false);
    } else if (!this.connected && !this.reused) {
      p.fail(new BackendFailure('unreachable', e.message), false);
    } else {
      p.fail(new BackendFailure('broken', e.message), this.reused && p.parser.received === 0);
    }
  }
}

const idle = new Map<string, Conn[]>();

function release(c: Conn): void {
  let list = idle.get(c.key);
  if (!list) idle.set(c.key, (list = []));
  if (list.length >= MAX_IDLE_PER_ORIGIN) {
    c.socket.destroy();
    return;
  }
  c.socket.unref();
  list.push(c);
}

function forget(c: Conn): void {
  const list = idle.get(c.key);
  if (!list) return;
  const i = list.indexOf(c);
  if (i !== -1) list.splice(i, 1);
}

function connection(e: Endpoint, insecure: boolean, fresh: boolean): Conn {
  const key = `${e.protocol}//${e.hostname}:${e.port}${insecure ? '!' : ''}`;
  if (!fresh) {
    const list = idle.get(key);
    while (list && list.length > 0) {
      const c = list.pop()!;
      if (c.socket.destroyed || !c.socket.writable) continue;
      c.reused = true;
      c.socket.ref();
      return c;
    }
  }
  if (e.protocol === 'https:') {
    const socket = tls.connect({
      host: e.hostname,
      port: e.port,
      servername: net.isIP(e.hostname) ? undefined : e.hostname,
      rejectUnauthorized: !insecure,
      ALPNProtocols: ['http/1.1'],
    });
    return new Conn(key, socket, false);
  }
  // Plain sockets read into one shared buffer (net's `onread`), without a stream 'data' event per read.
  let conn: Conn | undefined;
  const socket = net.connect({
    host: e.hostname,
    port: e.port,
    onread: {
      buffer: READ_BUFFER,
      callback: (n: number, buf: Uint8Array): boolean => {
        conn!.onRead(n, buf as Buffer);
        return true;
      },
    },
  });
  conn = new Conn(key, socket, true);
  return conn;
}

/** The request line and headers, checked as Node's http would check them (no CR/LF injection). */
function requestHead(out: OutboundRequest): string {
  if (!TOKEN.test(out.method)) throw new BackendFailure('unreachable', `invalid HTTP method ${JSON.stringify(out.method)}`);
  const path = BAD_PATH.test(out.path) ? encodeURI(out.path) : out.path;
  let head = `${out.method} ${path} HTTP/1.1\r\n`;
  const h = out.headers;
  for (let i = 0; i < h.length; i += 2) {
    if (!TOKEN.test(h[i])) throw new BackendFailure('unreachable', `invalid header name ${JSON.stringify(h[i])}`);
    if (BAD_VALUE.test(h[i + 1])) throw new BackendFailure('unreachable', `invalid value for header ${h[i]}`);
    head += `${h[i]}: ${h[i + 1]}\r\n`;
  }
  return head + 'Connection: keep-alive\r\n\r\n';
}

export function send(out: OutboundRequest): Promise<OutboundResponse> {
  let head: string;
  try {
    head = requestHead(out);
  } catch (e) {
    return Promise.reject(e);
  }
  const deadline = Date.now() + out.timeoutMs;
  return attempt(out, head, deadline, false);
}

function attempt(out: OutboundRequest, head: string, deadline: number, fresh: boolean): Promise<OutboundResponse> {
  return new Promise<OutboundResponse>((resolve, reject) => {
    const conn = connection(out.endpoint, out.insecure === true, fresh);
    const call = new Call(conn, out, head, deadline, fresh, resolve, reject);
    conn.pending = call;
    watch(call);
    const s = conn.socket;
    if (out.body.length === 0) s.write(head, 'latin1');
    else {
      s.cork();
      s.write(head, 'latin1');
      s.write(out.body);
      s.uncork();
    }
  });
}

/** One request on a connection, waiting for its answer or its deadline. */
class Call implements Pending, Deadline {
  readonly parser: ResponseParser;
  constructor(
    private readonly conn: Conn,
    private readonly out: OutboundRequest,
    private readonly head: string,
    readonly at: number,
    private readonly fresh: boolean,
    private readonly done: (r: OutboundResponse) => void,
    private readonly failed: (e: unknown) => void,
  ) {
    this.parser = new ResponseParser(out.method === 'HEAD', MAX_RESPONSE_BYTES);
  }

  resolve(r: OutboundResponse): void {
    deadlines.delete(this);
    this.done(r);
  }

  fail(e: BackendFailure, retryable: boolean): void {
    deadlines.delete(this);
    if (retryable && !this.fresh) attempt(this.out, this.head, this.at, true).then(this.done, this.failed);
    else this.failed(e);
  }

  expire(): void {
    this.conn.pending = undefined;
    this.conn.socket.destroy();
    this.failed(new BackendFailure('timeout', `no answer within ${this.out.timeoutMs} ms`));
  }
}
