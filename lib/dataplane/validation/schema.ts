/**
 * @module dataplane/validation/schema
 * An API's models compiled into validators, once per deployment: each
 * model's schema (JSON Schema draft 4) is parsed, every subschema compiled
 * once (keywords.ts), and every `$ref` resolved to the schema it names —
 * `#/definitions/x` (any JSON pointer) inside the same model, or another
 * model of the API by its URL
 * `https://apigateway.amazonaws.com/restapis/{restApiId}/models/{name}`
 * (optionally with a `#/pointer`). As in draft 4, a schema with `$ref` is
 * replaced by the schema it references (its other keywords are ignored).
 * Recursive models (a tree whose children are the model itself) work.
 *
 * A model that cannot be compiled — not JSON, a reference to a model or
 * pointer that does not exist, a `$ref` chain that loops — throws a
 * SchemaError; the data plane answers its requests with a configuration
 * error (500) rather than skip validation.
 *
 * Not emulated: `id` (draft 4 resolution scopes) is ignored; references are
 * resolved against the model they are written in.
 */
import { escapePointer, isJObject, parseJson, type JObject, type JsonType, type JValue } from './json';
import { compileKeywords } from './keywords';
import type { Report } from './report';

export type InstanceType = JsonType;

/** Validates `instance` against `schema`, into `report` (instance.ts). */
export type Process = (report: Report, schema: CompiledSchema, instance: JValue, depth: number) => void;
export type KeywordCheck = (report: Report, instance: JValue, depth: number, process: Process) => void;

export interface CompiledSchema {
  /** `Model#/pointer`, for log lines. */
  where: string;
  /** For a `$ref` schema: the schema it stands for (chains followed). */
  ref?: CompiledSchema;
  /** The keyword checks for each instance type, in the validator's order. */
  checks: Partial<Record<InstanceType, KeywordCheck[]>>;
  properties?: Map<string, CompiledSchema>;
  /** patternProperties, sorted by pattern. */
  patternProperties?: [RegExp, CompiledSchema][];
  /** additionalProperties when it is a schema (false is a keyword check). */
  additionalProperties?: CompiledSchema;
  items?: CompiledSchema | CompiledSchema[];
  /** additionalItems when it is a schema and `items` is an array. */
  additionalItems?: CompiledSchema;
}

export class SchemaError extends Error {}

const CANONICAL = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/([^/]+)\/models\/([^/#]+)(#.*)?$/;

/** Compiles the models of one deployment; each model and subschema is compiled once. */
export class SchemaCompiler {
  private readonly docs = new Map<string, JValue>();
  private readonly compiled = new Map<JObject, CompiledSchema>();
  private readonly refs: CompiledSchema[] = [];

  constructor(
    private readonly restApiId: string,
    private readonly schemaOf: (modelName: string) => string | undefined,
  ) {}

  /** The validator for a model; throws SchemaError. */
  model(name: string): CompiledSchema {
    try {
      const root = this.compile(this.document(name), name, '');
      this.settleRefs();
      return root;
    } catch (e) {
      // Nothing half-compiled may be reused by the next model.
      this.compiled.clear();
      this.refs.length = 0;
      throw e;
    }
  }

  private document(name: string): JValue {
    const known = this.docs.get(name);
    if (known !== undefined) return known;
    const text = this.schemaOf(name);
    if (text === undefined) throw new SchemaError(`model ${name} does not exist in this deployment`);
    let doc: JValue;
    try {
      doc = text.trim() === '' ? new Map() : parseJson(text);
    } catch (e) {
      throw new SchemaError(`model ${name}: the schema is not JSON (${(e as Error).message})`);
    }
    this.docs.set(name, doc);
    return doc;
  }

  private compile(node: JValue, doc: string, pointer: string): CompiledSchema {
    if (!isJObject(node)) throw new SchemaError(`${doc}#${pointer}: a schema must be a JSON object`);
    const known = this.compiled.get(node);
    if (known) return known;
    const s: CompiledSchema = { where: `${doc}#${pointer}`, checks: {} };
    this.compiled.set(node, s);
    const ref = node.get('$ref');
    if (typeof ref === 'string') {
      s.ref = this.resolve(ref, doc, pointer);
      this.refs.push(s);
      return s;
    }
    const sub = (v: JValue, rel: string): CompiledSchema => this.compile(v, doc, `${pointer}/${rel}`);
    const props = node.get('properties');
    if (isJObject(props)) {
      s.properties = new Map([...props].map(([k, v]) => [k, sub(v, `properties/${escapePointer(k)}`)]));
    }
    const pp = node.get('patternProperties');
    if (isJObject(pp)) {
      s.patternProperties = [...pp.keys()].sort().flatMap((k): [RegExp, CompiledSchema][] => {
        let re: RegExp;
        try {
          re = new RegExp(k);
        } catch {
          return [];
        }
        return [[re, sub(pp.get(k)!, `patternProperties/${escapePointer(k)}`)]];
      });
    }
    const ap = node.get('additionalProperties');
    if (isJObject(ap)) s.additionalProperties = sub(ap, 'additionalProperties');
    const items = node.get('items');
    if (isJObject(items)) s.items = sub(items, 'items');
    else if (Array.isArray(items)) {
      s.items = items.map((v, i) => sub(v, `items/${i}`));
      const ai = node.get('additionalItems');
      if (isJObject(ai)) s.additionalItems = sub(ai, 'additionalItems');
    }
    s.checks = compileKeywords(node, sub);
    return s;
  }

  private resolve(ref: string, doc: string, from: string): CompiledSchema {
    let target = doc;
    let fragment: string;
    if (ref.startsWith('#')) fragment = ref.slice(1);
    else {
      const m = CANONICAL.exec(ref);
      if (!m || m[1] !== this.restApiId) throw new SchemaError(`${doc}#${from}: $ref ${JSON.stringify(ref)} is not a model of this API`);
      target = decodeURIComponent(m[2]);
      fragment = (m[3] ?? '#').slice(1);
    }
    const node = resolvePointer(this.document(target), fragment);
    if (node === undefined) throw new SchemaError(`${doc}#${from}: $ref ${JSON.stringify(ref)} points at nothing`);
    return this.compile(node, target, fragment);
  }

  /** Follows `$ref` chains to their end (so validation never walks one); a chain that loops is an error. */
  private settleRefs(): void {
    for (const s of this.refs.splice(0)) {
      const seen = new Set<CompiledSchema>([s]);
      let t = s.ref!;
      while (t.ref) {
        if (seen.has(t)) throw new SchemaError(`${s.where}: JSON Reference loop`);
        seen.add(t);
        t = t.ref;
      }
      s.ref = t;
    }
  }
}

/** A JSON pointer (`''`, `/definitions/a`, percent-encoded as URI fragments are) in a document. */
function resolvePointer(root: JValue, pointer: string): JValue | undefined {
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let node: JValue | undefined = root;
  for (const raw of pointer.slice(1).split('/')) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(node)) node = /^(0|[1-9]\d*)$/.test(key) ? node[Number(key)] : undefined;
    else if (isJObject(node)) node = node.get(key);
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}
