/**
 * @module sdk/schema-ts
 * An API model's JSON Schema (draft 4, as API Gateway models are) → a
 * TypeScript type, for the typed client's request bodies: objects with
 * `properties`/`required`/`additionalProperties`, arrays, `enum`, the
 * primitive types, type unions, `allOf`/`anyOf`/`oneOf`, and `$ref`s to the
 * API's other models (`https://apigateway.amazonaws.com/restapis/{id}/models/{name}`
 * or `#/definitions/{name}` inside the schema). What it cannot express
 * becomes `unknown` — never a type narrower than the schema allows.
 */

type Schema = Record<string, unknown>;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as written in a type literal. */
export function tsKey(name: string): string {
  return IDENT.test(name) ? name : JSON.stringify(name);
}

/** A model name → a TypeScript type name (`pet-list` → `PetList`; `Model` prefix when it would not start with a letter). */
export function modelTypeName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const base = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(base) ? base : `Model${base}`;
}

/** `refPrefix` qualifies references to other models (e.g. `Models.`). */
export function schemaToTs(schemaText: string, knownModels: Set<string>, refPrefix = ''): string {
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch {
    return 'unknown';
  }
  return toTs(schema, { models: knownModels, refPrefix, defs: (schema as Schema | null)?.definitions as Record<string, unknown> | undefined }, 0);
}

interface Env {
  models: Set<string>;
  refPrefix: string;
  defs?: Record<string, unknown>;
}

function toTs(s: unknown, env: Env, depth: number): string {
  if (depth > 20 || s === null || typeof s !== 'object' || Array.isArray(s)) return 'unknown';
  const schema = s as Schema;
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    const model = /\/models\/([^/]+)$/.exec(ref);
    if (model && env.models.has(decodeURIComponent(model[1]))) return env.refPrefix + modelTypeName(decodeURIComponent(model[1]));
    const local = /^#\/definitions\/(.+)$/.exec(ref);
    if (local && env.defs && local[1] in env.defs) return toTs(env.defs[local[1]], env, depth + 1);
    return 'unknown';
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum.map((v) => (v === null || ['string', 'number', 'boolean'].includes(typeof v) ? JSON.stringify(v) : 'unknown')).join(' | ');
  }
  for (const k of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[k])) return (schema[k] as unknown[]).map((x) => paren(toTs(x, env, depth + 1))).join(' | ');
  }
  if (Array.isArray(schema.allOf)) return (schema.allOf as unknown[]).map((x) => paren(toTs(x, env, depth + 1))).join(' & ');
  const types = Array.isArray(schema.type) ? (schema.type as unknown[]) : schema.type !== undefined ? [schema.type] : [];
  if (types.length === 0) return schema.properties ? objectType(schema, env, depth) : 'unknown';
  return types
    .map((t) => {
      switch (t) {
        case 'string':
          return 'string';
        case 'integer':
        case 'number':
          return 'number';
        case 'boolean':
          return 'boolean';
        case 'null':
          return 'null';
        case 'array':
          return `Array<${toTs(schema.items, env, depth + 1)}>`;
        case 'object':
          return objectType(schema, env, depth);
        default:
          return 'unknown';
      }
    })
    .join(' | ');
}

function paren(t: string): string {
  return /[|&]/.test(t) ? `(${t})` : t;
}

function objectType(schema: Schema, env: Env, depth: number): string {
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as unknown[]).filter((r): r is string => typeof r === 'string') : []);
  const lines = Object.entries(props).map(([k, v]) => `${tsKey(k)}${required.has(k) ? '' : '?'}: ${toTs(v, env, depth + 1)};`);
  const extra = schema.additionalProperties;
  if (extra === undefined || extra === true) lines.push('[key: string]: unknown;');
  // A typed index signature would have to admit every named property's type too: only without named properties.
  else if (extra && typeof extra === 'object') lines.push(`[key: string]: ${lines.length ? 'unknown' : toTs(extra, env, depth + 1)};`);
  return lines.length ? `{ ${lines.join(' ')} }` : 'Record<string, never>';
}
