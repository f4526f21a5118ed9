/**
 * @module dataplane/target
 * The three ways into a deployed stage, read from the request line and Host
 * without allocating a URL object:
 * - `http://host/restapis/{id}/{stage}/_user_request_/{path}` (LocalStack's path form);
 * - `http://host/_aws/execute-api/{id}/{stage}/{path}`;
 * - Host `{id}.execute-api.localhost[:port]` or `{id}.execute-api.{region}.amazonaws.com`,
 *   then `/{stage}/{path}` (the region, when present, narrows the API lookup).
 * Anything else is not a data-plane request (the control plane gets it).
 */
import type { DataPlaneTarget } from './context';

const EXECUTE_API_HOST = /^([A-Za-z0-9]+)\.execute-api\.(?:localhost|([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?)(?::\d+)?$/i;
const USER_REQUEST = '/_user_request_';
const AWS_EXECUTE_API = '/_aws/execute-api/';

export function matchTarget(rawUrl: string, host: string | undefined): DataPlaneTarget | undefined {
  const q = rawUrl.indexOf('?');
  const pathname = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);

  if (host && host.includes('.execute-api.')) {
    const m = EXECUTE_API_HOST.exec(host);
    if (m) {
      // `/{stage}/{path}`
      const slash = pathname.indexOf('/', 1);
      const stageName = slash === -1 ? pathname.slice(1) : pathname.slice(1, slash);
      const path = slash === -1 ? '/' : pathname.slice(slash);
      return { apiId: m[1].toLowerCase(), stageName: decodeStage(stageName), path, rawQuery, via: 'host', region: m[2]?.toLowerCase() };
    }
  }

  if (pathname.startsWith('/restapis/')) {
    // /restapis/{id}/{stage}/_user_request_[/{path}]
    const idEnd = pathname.indexOf('/', 10);
    if (idEnd === -1) return undefined;
    const stageEnd = pathname.indexOf('/', idEnd + 1);
    if (stageEnd === -1 || !pathname.startsWith(USER_REQUEST, stageEnd)) return undefined;
    const after = stageEnd + USER_REQUEST.length;
    if (after !== pathname.length && pathname[after] !== '/') return undefined;
    return {
      apiId: pathname.slice(10, idEnd),
      stageName: decodeStage(pathname.slice(idEnd + 1, stageEnd)),
      path: after === pathname.length ? '/' : pathname.slice(after),
      rawQuery,
      via: 'path',
    };
  }

  if (pathname.startsWith(AWS_EXECUTE_API)) {
    // /_aws/execute-api/{id}/{stage}[/{path}]
    const start = AWS_EXECUTE_API.length;
    const idEnd = pathname.indexOf('/', start);
    if (idEnd === -1) return { apiId: pathname.slice(start), stageName: '', path: '/', rawQuery, via: 'path' };
    const stageEnd = pathname.indexOf('/', idEnd + 1);
    return {
      apiId: pathname.slice(start, idEnd),
      stageName: decodeStage(stageEnd === -1 ? pathname.slice(idEnd + 1) : pathname.slice(idEnd + 1, stageEnd)),
      path: stageEnd === -1 ? '/' : pathname.slice(stageEnd),
      rawQuery,
      via: 'path',
    };
  }
  return undefined;
}

function decodeStage(s: string): string {
  if (s.indexOf('%') === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
