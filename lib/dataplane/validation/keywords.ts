/**
 * @module dataplane/validation/keywords
 * Draft 4 keywords compiled into checks, as API Gateway's validator (the Java
 * json-schema-validator) applies them:
 * - a keyword applies only to the instance types it is defined for
 *   (`required` to objects, `minimum` to integers and numbers, …);
 * - at one schema, the keywords run in the alphabetical order of their names,
 *   `format` last — which fixes the order of the messages;
 * - `type: "number"` also allows integers, and the message lists the allowed
 *   types sorted (`["integer","number"]`);
 * - `required` reports every missing property at once, sorted; so does
 *   `additionalProperties: false` for the unwanted ones;
 * - `allOf`, `anyOf`, `oneOf`, `not` and `dependencies` are in combinators.ts;
 * - numbers compare exactly (`multipleOf: 0.1` holds for 0.3);
 * - string lengths count code points; `pattern` and `patternProperties`
 *   search (they are not anchored).
 * `$ref`, `properties`, `patternProperties`, `additionalProperties` (as a
 * schema), `items` and `additionalItems` (as a schema) select the schemas
 * for children (see instance.ts). Keywords with a malformed value are skipped
 * (the control plane refuses such models).
 */
import { MESSAGES } from './messages';
import { formatCheck } from './formats';
import { compareNumbers, isMultipleOf, isJObject, JNumber, JSON_TYPES, jsonEquals, sortedUnique, stringList, typeOf, type JObject, type JValue } from './json';
import type { CompiledSchema, InstanceType, KeywordCheck } from './schema';
import { COMBINATORS } from './combinators';

export type SubCompiler = (value: JValue, relativePointer: string) => CompiledSchema;
export type Def = { types: InstanceType[]; compile(value: JValue, node: JObject, sub: SubCompiler): KeywordCheck | undefined };

const ALL = JSON_TYPES;
const NUMERIC: InstanceType[] = ['integer', 'number'];

const count = (v: JValue): number | undefined => (v instanceof JNumber && v.integral && v.value >= 0 ? v.value : undefined);
const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
const regexOf = (src: string): RegExp | undefined => {
  try {
    return new RegExp(src);
  } catch {
    return undefined;
  }
};

/** A key equal for values jsonEquals calls equal (numbers by exact value, objects whatever their member order). */
function canonical(v: JValue): string {
  if (v instanceof JNumber) return `n${v.mantissa}e${v.mantissa === 0n ? 0 : v.exponent}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isJObject(v)) return `{${[...v.keys()].sort().map((k) => `${JSON.stringify(k)}:${canonical(v.get(k)!)}`).join(',')}}`;
  return JSON.stringify(v);
}

function bound(kind: 'maximum' | 'minimum'): Def {
  return {
    types: NUMERIC,
    compile(v, node) {
      if (!(v instanceof JNumber)) return undefined;
      const exclusive = node.get(kind === 'maximum' ? 'exclusiveMaximum' : 'exclusiveMinimum') === true;
      const sign = kind === 'maximum' ? 1 : -1;
      return (r, inst) => {
        const c = compareNumbers(inst as JNumber, v) * sign;
        if (c > 0) r.error(kind === 'maximum' ? MESSAGES.maximum(v, inst as JNumber) : MESSAGES.minimum(v, inst as JNumber));
        else if (c === 0 && exclusive) r.error(kind === 'maximum' ? MESSAGES.maximumExclusive(v) : MESSAGES.minimumExclusive(v));
      };
    },
  };
}

const DEFS: Record<string, Def> = {
  ...COMBINATORS,
  additionalItems: {
    types: ['array'],
    compile(v, node) {
      const items = node.get('items');
      if (v !== false || !Array.isArray(items)) return undefined;
      const allowed = items.length;
      return (r, inst) => {
        const n = (inst as JValue[]).length;
        if (n > allowed) r.error(MESSAGES.additionalItems(allowed, n));
      };
    },
  },
  additionalProperties: {
    types: ['object'],
    compile(v, node) {
      if (v !== false) return undefined;
      const props = node.get('properties');
      const known = new Set(isJObject(props) ? props.keys() : []);
      const pp = node.get('patternProperties');
      const patterns = (isJObject(pp) ? [...pp.keys()] : []).map(regexOf).filter((x): x is RegExp => x !== undefined);
      return (r, inst) => {
        const unwanted = [...(inst as JObject).keys()].filter((k) => !known.has(k) && !patterns.some((p) => p.test(k)));
        if (unwanted.length) r.error(MESSAGES.additionalProperties(unwanted.sort()));
      };
    },
  },
  enum: {
    types: ALL,
    compile(v) {
      if (!Array.isArray(v)) return undefined;
      return (r, inst) => {
        if (!v.some((x) => jsonEquals(x, inst))) r.error(MESSAGES.enum(inst, v));
      };
    },
  },
  maxItems: {
    types: ['array'],
    compile(v) {
      const max = count(v);
      if (max === undefined) return undefined;
      return (r, inst) => {
        const n = (inst as JValue[]).length;
        if (n > max) r.error(MESSAGES.maxItems(max, n));
      };
    },
  },
  maxLength: {
    types: ['string'],
    compile(v) {
      const max = count(v);
      if (max === undefined) return undefined;
      return (r, inst) => {
        const n = codePoints(inst as string);
        if (n > max) r.error(MESSAGES.maxLength(inst as string, n, max));
      };
    },
  },
  maxProperties: {
    types: ['object'],
    compile(v) {
      const max = count(v);
      if (max === undefined) return undefined;
      return (r, inst) => {
        const n = (inst as JObject).size;
        if (n > max) r.error(MESSAGES.maxProperties(n, max));
      };
    },
  },
  maximum: bound('maximum'),
  minItems: {
    types: ['array'],
    compile(v) {
      const min = count(v);
      if (min === undefined) return undefined;
      return (r, inst) => {
        const n = (inst as JValue[]).length;
        if (n < min) r.error(MESSAGES.minItems(min, n));
      };
    },
  },
  minLength: {
    types: ['string'],
    compile(v) {
      const min = count(v);
      if (min === undefined) return undefined;
      return (r, inst) => {
        const n = codePoints(inst as string);
        if (n < min) r.error(MESSAGES.minLength(inst as string, n, min));
      };
    },
  },
  minProperties: {
    types: ['object'],
    compile(v) {
      const min = count(v);
      if (min === undefined) return undefined;
      return (r, inst) => {
        const n = (inst as JObject).size;
        if (n < min) r.error(MESSAGES.minProperties(n, min));
      };
    },
  },
  minimum: bound('minimum'),
  multipleOf: {
    types: NUMERIC,
    compile(v) {
      if (!(v instanceof JNumber) || v.mantissa <= 0n) return undefined;
      return (r, inst) => {
        if (!isMultipleOf(inst as JNumber, v)) r.error(MESSAGES.multipleOf(inst as JNumber, v));
      };
    },
  },
  pattern: {
    types: ['string'],
    compile(v) {
      const re = typeof v === 'string' ? regexOf(v) : undefined;
      if (!re) return undefined;
      const source = v as string;
      return (r, inst) => {
        if (!re.test(inst as string)) r.error(MESSAGES.pattern(source, inst as string));
      };
    },
  },
  required: {
    types: ['object'],
    compile(v) {
      const list = stringList(v);
      if (!list || list.length === 0) return undefined;
      const required = sortedUnique(list);
      return (r, inst) => {
        const missing = required.filter((k) => !(inst as JObject).has(k));
        if (missing.length) r.error(MESSAGES.required(missing));
      };
    },
  },
  type: {
    types: ALL,
    compile(v) {
      const names = typeof v === 'string' ? [v] : stringList(v);
      if (!names) return undefined;
      const allowed = new Set(names.filter((t) => (ALL as string[]).includes(t)));
      if (allowed.has('number')) allowed.add('integer');
      const listed = [...allowed].sort();
      return (r, inst) => {
        const t = typeOf(inst);
        if (!allowed.has(t)) r.error(MESSAGES.type(t, listed));
      };
    },
  },
  uniqueItems: {
    types: ['array'],
    compile(v) {
      if (v !== true) return undefined;
      return (r, inst) => {
        const seen = new Set<string>();
        for (const x of inst as JValue[]) {
          const k = canonical(x);
          if (seen.has(k)) {
            r.error(MESSAGES.uniqueItems());
            return;
          }
          seen.add(k);
        }
      };
    },
  },
};

const KEYWORD_ORDER = Object.keys(DEFS).sort();

/** The checks of one (non-`$ref`) schema object, by instance type, in the order the validator runs them. */
export function compileKeywords(node: JObject, sub: SubCompiler): Partial<Record<InstanceType, KeywordCheck[]>> {
  const byType: Partial<Record<InstanceType, KeywordCheck[]>> = {};
  const add = (types: InstanceType[], check: KeywordCheck): void => {
    for (const t of types) (byType[t] ??= []).push(check);
  };
  for (const name of KEYWORD_ORDER) {
    const v = node.get(name);
    if (v === undefined) continue;
    const def = DEFS[name];
    const check = def.compile(v, node, sub);
    if (check) add(def.types, check);
  }
  const format = node.get('format');
  const fc = typeof format === 'string' ? formatCheck(format) : undefined;
  if (fc) {
    add(['string'], (r, inst) => {
      const message = fc(inst as string);
      if (message) r.error(message);
    });
  }
  return byType;
}
