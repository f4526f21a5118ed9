/**
 * @module control/documentation-inherit
 * Which documentation part documents a given API entity, with AWS's content
 * inheritance (Developer Guide "Inherit content from an API entity of more
 * general specifications"; API Reference DocumentationPartLocation):
 *
 * - A part whose location equals the entity's documents it.
 * - Otherwise, for the inheritable types (PATH_PARAMETER, QUERY_PARAMETER,
 *   REQUEST_HEADER, RESPONSE, RESPONSE_HEADER, RESPONSE_BODY), a part of the
 *   same type and name whose `path` is a prefix of the entity's path (by
 *   segments; `/` covers every path) and whose `method` and `statusCode` are
 *   the entity's or `*`. Among several, precedence is `path` > `statusCode`:
 *   the longest path wins, then a specific status code over `*`, then a
 *   specific method over `*`.
 * - API, AUTHORIZER, METHOD, MODEL, REQUEST_BODY and RESOURCE parts are not
 *   inherited: only the exact location counts (a `*` method is the ANY method).
 *
 * Used by exports to put OpenAPI-compliant properties into the definitions.
 */
import type { DocumentationPart, DocumentationPartLocation } from '../model';
import { isInheritable } from './documentation-rules';

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function pathCovers(partPath: string, entityPath: string): boolean {
  const p = segments(partPath);
  const e = segments(entityPath);
  return p.length <= e.length && p.every((s, i) => s === e[i]);
}

function wild(partValue: string | undefined, entityValue: string | undefined): boolean {
  return partValue === undefined || partValue === '*' || partValue === entityValue;
}

const methodOf = (m: string | undefined): string | undefined => (m === 'ANY' ? '*' : m);

/** The part that documents `entity` (a concrete location: real path, method, status code), if any. */
export function documentationFor(parts: DocumentationPart[], entity: DocumentationPartLocation): DocumentationPart | undefined {
  const target = { ...entity, method: methodOf(entity.method) };
  const sameType = parts.filter((p) => p.location.type === target.type && p.location.name === target.name);
  const exact = sameType.find(
    (p) => p.location.path === target.path && methodOf(p.location.method) === target.method && p.location.statusCode === target.statusCode,
  );
  if (exact || !isInheritable(target.type)) return exact;
  const candidates = sameType.filter(
    (p) =>
      pathCovers(p.location.path ?? '/', target.path ?? '/') &&
      wild(p.location.method, target.method) &&
      wild(p.location.statusCode, target.statusCode),
  );
  const rank = (p: DocumentationPart): number[] => [
    segments(p.location.path ?? '/').length,
    p.location.statusCode !== undefined && p.location.statusCode !== '*' ? 1 : 0,
    p.location.method !== undefined && p.location.method !== '*' ? 1 : 0,
  ];
  let best: DocumentationPart | undefined;
  for (const c of candidates) {
    if (!best) best = c;
    else {
      const [a, b] = [rank(c), rank(best)];
      const cmp = a.findIndex((x, i) => x !== b[i]);
      if (cmp >= 0 && a[cmp] > b[cmp]) best = c;
    }
  }
  return best;
}
