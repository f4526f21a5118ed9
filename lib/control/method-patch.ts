/**
 * @module control/method-patch
 * Patch rules shared by UpdateMethod, UpdateMethodResponse, UpdateIntegration
 * and UpdateIntegrationResponse: `replace`-only fields, map entries addressed
 * by key (`/requestParameters/{name}`, `/responseTemplates/{content-type}`,
 * with AWS's 404 when replace/remove names an absent key), and the tidy-up
 * that leaves emptied maps out of the answer, as AWS does.
 */
import { NotFoundException } from '../aws/errors';
import type { PatchRule } from '../aws/patch';

/** Drops the maps and lists an update emptied: AWS leaves them out. */
export function tidy<T extends object>(doc: T, fields: (keyof T)[]): T {
  for (const f of fields) {
    const v = doc[f] as unknown;
    if (v && typeof v === 'object' && Object.keys(v as object).length === 0) delete doc[f];
  }
  return doc;
}

/** A `{key}` entry of a map field, with AWS's 404 when replace/remove names an absent key. */
export function mapEntryRule<T>(
  prefix: string,
  field: keyof T & string,
  missing: string,
  parse: (value: string | undefined, key: string) => unknown,
): PatchRule<T> {
  const map = (doc: T): Record<string, unknown> => {
    const d = doc as Record<string, unknown>;
    if (!d[field] || typeof d[field] !== 'object') d[field] = {};
    return d[field] as Record<string, unknown>;
  };
  return {
    path: `${prefix}/{key}`,
    ops: ['add', 'replace', 'remove'],
    get: (doc, p) => map(doc)[p.key],
    set: (doc, p, value, op) => {
      const m = map(doc);
      if (op === 'replace' && !(p.key in m)) throw new NotFoundException(missing);
      m[p.key] = parse(value, p.key);
    },
    remove: (doc, p) => {
      const m = map(doc);
      if (!(p.key in m)) throw new NotFoundException(missing);
      delete m[p.key];
    },
  };
}

/** A top-level field with `replace` only; an empty value removes it. */
export const replaceRule = <T>(path: string, field: keyof T & string, parse: (v: string | undefined) => unknown = (v) => v): PatchRule<T> => ({
  path,
  ops: ['replace'],
  get: (d) => (d as Record<string, unknown>)[field],
  set: (d, _p, value) => {
    const parsed = parse(value);
    if (parsed === undefined || parsed === '') delete (d as Record<string, unknown>)[field];
    else (d as Record<string, unknown>)[field] = parsed;
  },
});

