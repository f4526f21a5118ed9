/**
 * @module dataplane/cache/keys
 * The key a request's cached integration response is stored under, as API
 * Gateway forms it:
 * - the integration's `cacheNamespace` (the resource id by default): "you can
 *   specify the same cacheNamespace across resources to return the same
 *   cached data for requests to different resources" — so the resource path
 *   itself is not part of the key, and without cache key parameters every
 *   request to a resource shares one entry (`/pets/1` and `/pets/2` on
 *   `/pets/{id}` alike, as AWS users find out);
 * - the request's HTTP verb (a cached ANY method keeps GET and POST apart);
 * - the value of each of the integration's `cacheKeyParameters`, in order:
 *   `method.request.(path|querystring|header|multivaluequerystring|multivalueheader).NAME`
 *   (header names case-insensitive; every value of a repeated parameter), or
 *   `integration.request.(path|querystring|header).NAME` (the value the
 *   integration request was given). "Responses from `GET /users?type=admin`
 *   are cached separately from those from `GET /users?type=regular`", while
 *   parameters that are not key parameters are ignored. A missing parameter
 *   and an empty one are different values.
 *
 * A key parameter of another form is not understood: it is left out of the
 * key and reported once (`warnings`).
 */
import type { InvocationContext } from '../context';
import type { CompiledMethod } from '../types';

type KeyPart = (ctx: InvocationContext) => string[] | undefined;

export interface CacheKeyer {
  /** The key for this request. */
  keyOf(ctx: InvocationContext): string;
  /** Key parameters that were not understood (left out of the key). */
  warnings: string[];
}

const METHOD_PARAM = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/;
const INTEGRATION_PARAM = /^integration\.request\.(path|querystring|header)\.(.+)$/;

export function compileCacheKey(method: CompiledMethod): CacheKeyer {
  const integration = method.method.methodIntegration;
  const namespace = integration?.cacheNamespace || method.resourceId;
  const warnings: string[] = [];
  const parts: KeyPart[] = [];
  for (const name of integration?.cacheKeyParameters ?? []) {
    const part = keyPart(name);
    if (part) parts.push(part);
    else warnings.push(`cache key parameter ${JSON.stringify(name)} is not a method.request.* or integration.request.* parameter; it is not part of the cache key`);
  }
  return {
    warnings,
    keyOf(ctx) {
      const values: (string[] | null)[] = [];
      for (const p of parts) values.push(p(ctx) ?? null);
      return JSON.stringify([namespace, ctx.request.httpMethod, values]);
    },
  };
}

function keyPart(name: string): KeyPart | undefined {
  let m = METHOD_PARAM.exec(name);
  if (m) {
    const param = m[2];
    switch (m[1]) {
      case 'path':
        return (ctx) => {
          const v = ctx.route?.pathParams[param];
          return v === undefined ? undefined : [v];
        };
      case 'querystring':
      case 'multivaluequerystring':
        return (ctx) => ctx.request.multiQuerystring[param];
      default: {
        const lc = param.toLowerCase();
        return (ctx) => ctx.request.multiHeaderLc[lc];
      }
    }
  }
  m = INTEGRATION_PARAM.exec(name);
  if (m) {
    const param = m[2];
    switch (m[1]) {
      case 'path':
        return (ctx) => {
          const v = ctx.integrationRequest?.path[param];
          return v === undefined ? undefined : [v];
        };
      case 'querystring':
        return (ctx) => ctx.integrationRequest?.querystring.get(param);
      default: {
        const lc = param.toLowerCase();
        return (ctx) => ctx.integrationRequest?.headers.get(lc)?.values;
      }
    }
  }
  return undefined;
}
