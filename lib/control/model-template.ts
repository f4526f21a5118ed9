/**
 * @module control/model-template
 * GetModelTemplate: the sample VTL mapping template API Gateway generates
 * from a model's schema, in the layout AWS generates (CLI reference and
 * console-generated templates as users publish them):
 *
 *     #set($inputRoot = $input.path('$'))
 *     {
 *       "name" : "$inputRoot.name",
 *       "age" : $inputRoot.age
 *     }
 *
 * strings quoted, numbers/integers/booleans bare, nested objects as nested
 * blocks, arrays as a `#foreach($elem in …)` loop under AWS's
 * `##TODO: Update this foreach loop to reference array from input json`
 * line; a schema without properties is `{ }` (the Empty model's template).
 * References (`#/definitions/…`, already-flattened canonical ones) are
 * followed. Exact whitespace inside nested arrays is ours.
 */
import type { Json, JsonObject } from './model-schema';

const HEADER = "#set($inputRoot = $input.path('$'))\n";
const TODO = '##TODO: Update this foreach loop to reference array from input json';
const MAX_DEPTH = 12;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function modelTemplate(root: JsonObject): string {
  const resolve = (node: Json | undefined, depth = 0): JsonObject => {
    if (!isObject(node)) return {};
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#') && depth < MAX_DEPTH) {
      let target: Json | undefined = root;
      for (const key of ref.slice(2).split('/').filter(Boolean)) target = isObject(target) ? target[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
      return resolve(target, depth + 1);
    }
    return node;
  };
  const typeOf = (s: JsonObject): string => {
    const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
    if (typeof t === 'string') return t;
    if (isObject(s.properties)) return 'object';
    if (s.items !== undefined) return 'array';
    return 'string';
  };
  const access = (base: string, name: string) => (IDENT.test(name) ? `${base}.${name}` : `${base}.get('${name.replace(/'/g, "''")}')`);

  const value = (schema: JsonObject, path: string, indent: string, depth: number): string => {
    if (depth > MAX_DEPTH) return `"${path}"`;
    switch (typeOf(schema)) {
      case 'number':
      case 'integer':
      case 'boolean':
        return path;
      case 'object':
        return block(schema, path, indent, depth);
      case 'array':
        return loop(schema, path, depth);
      default:
        return `"${path}"`;
    }
  };
  const block = (schema: JsonObject, path: string, indent: string, depth: number): string => {
    const props = isObject(schema.properties) ? Object.entries(schema.properties) : [];
    if (!props.length) return '{ }';
    const inner = indent + '  ';
    const lines = props.map(([name, s]) => `${inner}"${name}" : ${value(resolve(s), access(path, name), inner, depth + 1)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  };
  const loop = (schema: JsonObject, path: string, depth: number): string => {
    const elem = depth === 0 ? '$elem' : `$elem${depth}`;
    const items = resolve(Array.isArray(schema.items) ? schema.items[0] : schema.items);
    const body = typeOf(items) === 'object' ? ` ${block(items, elem, '', depth + 1)} ` : ` ${value(items, elem, '', depth + 1)}`;
    return `[\n${TODO}\n#foreach(${elem} in ${path})\n${body}\n#if($foreach.hasNext),#end\n#end\n]`;
  };

  const top = resolve(root);
  return HEADER + (typeOf(top) === 'array' ? loop(top, '$inputRoot', 0) : block(top, '$inputRoot', '', 0));
}
