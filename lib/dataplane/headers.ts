/**
 * @module dataplane/headers
 * Which headers API Gateway (REST APIs) drops, overwrites or remaps between
 * the client and an HTTP backend — the header table of the Developer Guide's
 * "Amazon API Gateway important notes for REST APIs", and recorded AWS
 * answers (an HTTP_PROXY answer carries `x-amzn-Remapped-Connection`,
 * `-Content-Length`, `-Date` and `-x-amzn-RequestId` next to API Gateway's own):
 * - to the backend: hop-by-hop headers and Expect, Max-Forwards,
 *   Proxy-Authenticate, Content-MD5, Server, Via, WWW-Authenticate are
 *   dropped; Host is the backend's; X-Forwarded-For gets the client address
 *   appended, X-Forwarded-Port/-Proto are set; x-amzn-apigateway-api-id and
 *   X-Amzn-Trace-Id are added;
 * - from the backend: Authorization, Connection, Content-Length,
 *   Content-MD5, Date, Max-Forwards, Server, User-Agent, WWW-Authenticate and
 *   API Gateway's own x-amzn-RequestId / x-amz-apigw-id / X-Amzn-Trace-Id come
 *   back as `x-amzn-Remapped-<name>`; Transfer-Encoding, Trailer, TE,
 *   Upgrade, Keep-Alive, Proxy-Authenticate and Host are dropped.
 */

/** Lowercased request header names never forwarded to an HTTP backend. */
export const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'max-forwards',
  'proxy-authenticate',
  'proxy-authorization',
  'content-md5',
  'content-length',
  'server',
  'via',
  'www-authenticate',
]);

/** Lowercased response header names passed back as `x-amzn-Remapped-<name>`. */
export const REMAPPED_RESPONSE_HEADERS = new Set([
  'authorization',
  'connection',
  'content-length',
  'content-md5',
  'date',
  'max-forwards',
  'server',
  'user-agent',
  'www-authenticate',
  'x-amzn-requestid',
  'x-amz-apigw-id',
  'x-amzn-trace-id',
]);

/** Lowercased response header names never passed back to the client. */
export const DROPPED_RESPONSE_HEADERS = new Set(['transfer-encoding', 'trailer', 'te', 'upgrade', 'keep-alive', 'proxy-authenticate', 'host']);

/** What happens to a backend response header on its way back to the client, by lowercased name (absent: passed as it is). */
export const RESPONSE_HEADER_FATE: ReadonlyMap<string, 'dropped' | 'remapped'> = new Map<string, 'dropped' | 'remapped'>([
  ...[...DROPPED_RESPONSE_HEADERS].map((n) => [n, 'dropped'] as [string, 'dropped']),
  ...[...REMAPPED_RESPONSE_HEADERS].map((n) => [n, 'remapped'] as [string, 'remapped']),
]);

/** Method response headers that API Gateway itself writes: a mapping or an override to them is ignored. */
export const GATEWAY_RESPONSE_HEADERS = new Set(['x-amzn-requestid', 'x-amz-apigw-id', 'content-length', 'connection', 'transfer-encoding']);
