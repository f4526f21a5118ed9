/**
 * @module control/model-schema
 * A model's schema as API Gateway checks and reads it: a JSON Schema draft 4
 * document whose `$ref`s point inside the document (`#/definitions/…`) or at
 * another model of the same API by its canonical URL
 * `https://apigateway.amazonaws.com/restapis/{restApiId}/models/{modelName}`.
 *
 * AWS's wording (recorded answers and AWS's messages as users report them):
 * an empty document is "Model schema must have at least 1 property or array
 * items defined"; anything else wrong is a 400 "Invalid model specified:
 * Validation Result: warnings : [], errors : [...]" listing "Invalid model
 * schema specified" (not a draft 4 schema), "Invalid model schema specified.
 * Unsupported keyword(s): [\"example\"]" (a keyword draft 4 does not define)
 * and "Model reference must be in canonical form" (a `$ref` that is neither).
 * A canonical reference to a model the API does not have is worded here in
 * AWS's import-warning style ("Reference to model 'X' not found"): its exact
 * AWS text is not recorded.
 *
 * Also `flatten` (GetModel `flatten=true`): external references become
 * `#/definitions/{name}` with the referenced models under `definitions`.
 */
import { BadRequestException } from '../aws/errors';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

const CANONICAL = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/([^/]+)\/models\/([^/#]+)$/;
const SIMPLE_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];
const EMPTY = 'Model schema must have at least 1 property or array items defined';
const INVALID = 'Invalid model schema specified';
const NOT_CANONICAL = 'Model reference must be in canonical form';

export function canonicalModelUrl(restApiId: string, modelName: string): string {
  return `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${modelName}`;
}

export function invalidModel(errors: string[]): BadRequestException {
  return new BadRequestException(`Invalid model specified: Validation Result: warnings : [], errors : [${errors.join(', ')}]`);
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isNonNegInt = (v: Json | undefined) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const unique = (a: Json[]) => new Set(a.map((x) => JSON.stringify(x))).size === a.length;

type Check = (v: Json, walk: (s: Json) => void) => boolean;
const schemaMap: Check = (v, walk) => isObject(v) && (Object.values(v).forEach(walk), true);
const schemaOrBool: Check = (v, walk) => typeof v === 'boolean' || (isObject(v) && (walk(v), true));
const schemaList: Check = (v, walk) => Array.isArray(v) && v.length > 0 && (v.forEach(walk), true);
const str: Check = (v) => typeof v === 'string';

/** Draft 4's keywords with the shape its meta-schema gives their values. */
const KEYWORDS: Record<string, Check> = {
  $schema: str,
  id: str,
  $ref: str,
  title: str,
  description: str,
  default: () => true,
  format: str,
  multipleOf: (v) => typeof v === 'number' && v > 0,
  maximum: (v) => typeof v === 'number',
  minimum: (v) => typeof v === 'number',
  exclusiveMaximum: (v) => typeof v === 'boolean',
  exclusiveMinimum: (v) => typeof v === 'boolean',
  maxLength: isNonNegInt,
  minLength: isNonNegInt,
  maxItems: isNonNegInt,
  minItems: isNonNegInt,
  maxProperties: isNonNegInt,
  minProperties: isNonNegInt,
  pattern: (v) => {
    if (typeof v !== 'string') return false;
    try {
      new RegExp(v);
      return true;
    } catch {
      return false;
    }
  },
  uniqueItems: (v) => typeof v === 'boolean',
  additionalItems: schemaOrBool,
  additionalProperties: schemaOrBool,
  items: (v, walk) => (isObject(v) ? (walk(v), true) : schemaList(v, walk)),
  required: (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string') && unique(v),
  enum: (v) => Array.isArray(v) && v.length > 0 && unique(v),
  type: (v) =>
    typeof v === 'string'
      ? SIMPLE_TYPES.includes(v)
      : Array.isArray(v) && v.length > 0 && unique(v) && v.every((t) => typeof t === 'string' && SIMPLE_TYPES.includes(t)),
  properties: schemaMap,
  patternProperties: schemaMap,
  definitions: schemaMap,
  dependencies: (v, walk) =>
    isObject(v) &&
    Object.values(v).every((d) =>
      Array.isArray(d) ? d.length > 0 && d.every((x) => typeof x === 'string') && unique(d) : isObject(d) && (walk(d), true),
    ),
  allOf: schemaList,
  anyOf: schemaList,
  oneOf: schemaList,
  not: (v, walk) => isObject(v) && (walk(v), true),
};

/** Resolves a local JSON pointer (`#`, `#/definitions/a`) in the document. */
function resolvePointer(root: Json, ref: string): Json | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: Json | undefined = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

export interface SchemaCheck {
  /** The parsed document. */
  schema: JsonObject;
  /** Names of the models it references by canonical URL. */
  references: string[];
}

/**
 * Parses and checks a model schema; `modelExists` answers for canonical
 * references to this API's models. Throws AWS's 400 for anything wrong.
 */
export function checkModelSchema(text: string | undefined, restApiId: string, modelExists: (name: string) => boolean): SchemaCheck {
  if (text === undefined || text.trim() === '') throw new BadRequestException(EMPTY);
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch {
    throw invalidModel([INVALID]);
  }
  if (!isObject(root)) throw invalidModel([INVALID]);
  if (Object.keys(root).length === 0) throw new BadRequestException(EMPTY);

  let invalid = false;
  let badRef = false;
  const unknown = new Set<string>();
  const refs = new Set<string>();
  const missing: string[] = [];
  const walk = (node: Json): void => {
    if (!isObject(node)) {
      invalid = true;
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const check = KEYWORDS[key];
      if (!check) unknown.add(key);
      else if (!check(value, walk)) invalid = true;
    }
    if ((node.exclusiveMaximum !== undefined && node.maximum === undefined) || (node.exclusiveMinimum !== undefined && node.minimum === undefined)) {
      invalid = true;
    }
    const ref = node.$ref;
    if (typeof ref !== 'string') return;
    if (ref.startsWith('#')) {
      if (resolvePointer(root, ref) === undefined) invalid = badRef = true;
      return;
    }
    const m = CANONICAL.exec(ref);
    if (!m || m[1] !== restApiId) {
      badRef = true;
      return;
    }
    const name = decodeURIComponent(m[2]);
    if (!refs.has(name)) {
      refs.add(name);
      if (!modelExists(name)) missing.push(name);
    }
  };
  walk(root);

  const errors: string[] = [];
  if (unknown.size) errors.push(`${INVALID}. Unsupported keyword(s): ${JSON.stringify([...unknown])}`);
  else if (invalid) errors.push(INVALID);
  if (badRef) errors.push(NOT_CANONICAL);
  for (const name of missing) errors.push(`Reference to model '${name}' not found`);
  if (errors.length) throw invalidModel(errors);
  return { schema: root, references: [...refs] };
}

/** The model names a stored schema references by canonical URL (no checks; unparsable → none). */
export function referencedModels(text: string | undefined, restApiId: string): string[] {
  const out = new Set<string>();
  const visit = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') {
          const m = CANONICAL.exec(v);
          if (m && m[1] === restApiId) out.add(decodeURIComponent(m[2]));
        } else visit(v);
      }
    }
  };
  try {
    visit(JSON.parse(text ?? '') as Json);
  } catch {
    return [];
  }
  return [...out];
}

/**
 * The schema with every canonical reference rewritten to `#/definitions/{name}`
 * and the referenced models (transitively) under `definitions`. `schemaOf`
 * returns a referenced model's schema text (undefined when it is gone).
 */
export function flattenSchema(text: string, restApiId: string, schemaOf: (name: string) => string | undefined): JsonObject {
  const definitions: JsonObject = {};
  const pending: string[] = [];
  const rewrite = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      const m = k === '$ref' && typeof v === 'string' ? CANONICAL.exec(v) : null;
      if (m && m[1] === restApiId) {
        const name = decodeURIComponent(m[2]);
        if (!(name in definitions) && !pending.includes(name)) pending.push(name);
        out[k] = `#/definitions/${name}`;
      } else out[k] = rewrite(v);
    }
    return out;
  };
  const root = rewrite(JSON.parse(text) as Json) as JsonObject;
  while (pending.length) {
    const name = pending.shift()!;
    const t = schemaOf(name);
    if (t === undefined) continue;
    let parsed: Json;
    try {
      parsed = JSON.parse(t) as Json;
    } catch {
      continue;
    }
    definitions[name] = null; // reserve before rewriting (self and cyclic references)
    const def = rewrite(parsed);
    if (isObject(def)) {
      delete def.$schema;
      const nested = def.definitions;
      delete def.definitions;
      if (isObject(nested)) for (const [k, v] of Object.entries(nested)) if (!(k in definitions)) definitions[k] = v;
    }
    definitions[name] = def;
  }
  if (Object.keys(definitions).length) root.definitions = { ...(isObject(root.definitions) ? root.definitions : {}), ...definitions };
  return root;
}
