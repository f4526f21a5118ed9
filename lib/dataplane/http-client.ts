/**
 * @module dataplane/http-client
 * The outbound HTTP call of HTTP and HTTP_PROXY integrations: node:http(s)
 * with keep-alive agents (one pool per process), the whole exchange bounded by
 * the integration's `timeoutInMillis`, redirects never followed (API Gateway
 * returns a backend's 3xx as it is). A request that fails on a reused
 * keep-alive socket before any answer (the backend closed it while idle) is
 * retried once on a fresh socket. Failures come back as a `BackendFailure`
 * naming what happened: `timeout`, `unreachable` (refused, DNS, bad address)
 * or `broken` (the backend closed or garbled the answer mid-way).
 */
import * as http from 'node:http';
import * as https from 'node:https';

const httpAgent = new http.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' });
const httpsAgent = new https.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' });
const insecureHttpsAgent = new https.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo', rejectUnauthorized: false });

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
  /** name, value, name, value… (Host included): Node writes a flat list as it is, without per-header bookkeeping. */
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

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL']);

export function send(out: OutboundRequest): Promise<OutboundResponse> {
  const deadline = Date.now() + out.timeoutMs;
  return attempt(out, deadline, true);
}

function attempt(out: OutboundRequest, deadline: number, mayRetry: boolean): Promise<OutboundResponse> {
  return new Promise<OutboundResponse>((resolve, reject) => {
    const secure = out.endpoint.protocol === 'https:';
    const remaining = Math.max(1, deadline - Date.now());
    let settled = false;
    let gotResponse = false;
    const fail = (err: BackendFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(err);
    };
    const options: https.RequestOptions = {
      protocol: out.endpoint.protocol,
      hostname: out.endpoint.hostname,
      port: out.endpoint.port,
      path: out.path,
      method: out.method,
      headers: out.headers,
      agent: secure ? (out.insecure ? insecureHttpsAgent : httpsAgent) : httpAgent,
    };
    let req: http.ClientRequest;
    try {
      req = (secure ? https : http).request(options);
    } catch (e) {
      reject(new BackendFailure('unreachable', (e as Error).message));
      return;
    }
    const timer = setTimeout(() => {
      fail(new BackendFailure('timeout', `no answer within ${out.timeoutMs} ms`));
      req.destroy();
    }, remaining);

    req.on('response', (res) => {
      gotResponse = true;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) {
          fail(new BackendFailure('broken', `integration response exceeds ${MAX_RESPONSE_BYTES} bytes`));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('aborted', () => fail(new BackendFailure('broken', 'the backend closed the connection before the end of its answer')));
      res.on('error', (e) => fail(new BackendFailure('broken', `the backend's answer broke off: ${e.message}`)));
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) {
          fail(new BackendFailure('broken', 'the backend closed the connection before the end of its answer'));
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve({
          statusCode: res.statusCode ?? 502,
          rawHeaders: res.rawHeaders,
          body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
        });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (settled) return;
      if (!gotResponse && mayRetry && req.reusedSocket && e.code === 'ECONNRESET') {
        settled = true;
        clearTimeout(timer);
        attempt(out, deadline, false).then(resolve, reject);
        return;
      }
      const code = e.code ?? '';
      if (gotResponse) fail(new BackendFailure('broken', `the backend's answer broke off: ${e.message}`));
      else if (UNREACHABLE.has(code) || code.startsWith('ERR_TLS') || code.startsWith('CERT_') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT')
        fail(new BackendFailure('unreachable', e.message));
      else fail(new BackendFailure('broken', e.message));
    });
    if (out.body.length > 0) req.end(out.body);
    else req.end();
  });
}
