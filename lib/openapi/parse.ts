/**
 * @module openapi/parse
 * Reads the body of ImportRestApi / PutRestApi: JSON, else YAML (1.2, the
 * `yaml` package), and tells Swagger 2.0 from OpenAPI 3.0.x, which are the
 * two versions API Gateway imports. Anything else — unparseable text, a
 * document that is not an object, no `swagger`/`openapi` field, OpenAPI 3.1 —
 * is AWS's 400 "Invalid OpenAPI input." (the answer AWS gives a 3.1 document:
 * aws-cli issue 8191, terraform issue 32281).
 *
 * Also the JSON-pointer `$ref` lookups inside the document (`#/…` only:
 * external references are not followed; the importer warns about them).
 */
import YAML from 'yaml';
import { BadRequestException } from '../aws/errors';
import { INVALID_INPUT } from './warnings';

export type SpecVersion = 'swagger2' | 'oas30';

/** A JSON object as the document has it. */
export type Obj = Record<string, unknown>;

export interface OpenApiDocument {
  version: SpecVersion;
  doc: Obj;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not JSON: YAML below
  }
  try {
    // maxAliasCount bounds "billion laughs" documents; uniqueKeys off: YAML with duplicate keys keeps the last, as JSON does.
    return YAML.parse(text, { maxAliasCount: 1000, uniqueKeys: false });
  } catch {
    throw new BadRequestException(INVALID_INPUT);
  }
}

export function specVersion(doc: Obj): SpecVersion {
  const swagger = doc.swagger;
  if (swagger !== undefined) {
    if (String(swagger) === '2.0' || swagger === 2) return 'swagger2';
    throw new BadRequestException(INVALID_INPUT);
  }
  const openapi = doc.openapi;
  if (typeof openapi === 'string' && /^3\.0(\.\d+)?$/.test(openapi.trim())) return 'oas30';
  throw new BadRequestException(INVALID_INPUT);
}

export function parseDefinition(body: Buffer | string | undefined): OpenApiDocument {
  const text = (typeof body === 'string' ? body : body?.toString('utf8') ?? '').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new BadRequestException(INVALID_INPUT);
  const doc = parseText(text);
  if (!isObj(doc)) throw new BadRequestException(INVALID_INPUT);
  return { version: specVersion(doc), doc };
}

/** The object a local `#/a/b` reference points at (undefined when it leads nowhere or is not local). */
export function lookupPointer(doc: Obj, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(at) && !Array.isArray(at)) return undefined;
    at = (at as Obj)[key];
  }
  return at;
}

/** Follows `$ref` chains (at most 20 hops, so a cycle cannot hang the import). */
export function deref(doc: Obj, v: unknown): unknown {
  let at = v;
  for (let i = 0; i < 20 && isObj(at) && typeof at.$ref === 'string'; i++) at = lookupPointer(doc, at.$ref);
  return at;
}

/** The model a schema reference names: `#/definitions/Pet` or `#/components/schemas/Pet` → `Pet`. */
export function modelNameOf(schema: unknown): string | undefined {
  if (!isObj(schema) || typeof schema.$ref !== 'string') return undefined;
  const m = /^#\/(?:definitions|components\/schemas)\/([^/]+)$/.exec(schema.$ref);
  return m ? decodeURIComponent(m[1]).replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}
