/**
 * @module dataplane/validation/instance
 * Validating a JSON instance against a compiled schema the way API Gateway's
 * validator (the Java json-schema-validator) walks it, which decides which
 * messages a client sees:
 * - at each schema, every keyword that applies to the instance's type runs
 *   (keywords.ts), adding its message to the report;
 * - only while the whole report is still clean does validation descend into
 *   the instance's members — so a body missing required properties reports
 *   just that, and once a member fails, members after it have their own
 *   keywords checked but not their children;
 * - object members are visited in sorted name order, each against
 *   `properties[name]`, then every matching `patternProperties` schema, and
 *   only when neither applies, `additionalProperties` (as a schema); array
 *   items against `items` (one schema, or by position then `additionalItems`).
 * A schema recursion that never reaches deeper into the instance (e.g. a model
 * whose `allOf` references itself) throws ValidationLoopError.
 */
import { typeOf, type JObject, type JValue } from './json';
import { Report } from './report';
import type { CompiledSchema, Process } from './schema';

export class ValidationLoopError extends Error {}

/** Far more than any real schema nests; reached only by a schema that recurses on the same instance. */
const MAX_DEPTH = 3000;

/** The messages of validating `instance` against `schema` (empty when valid). */
export function validateInstance(schema: CompiledSchema, instance: JValue): string[] {
  const report = new Report();
  process(report, schema, instance, 0);
  return report.errors;
}

const process: Process = (report, schema, instance, depth) => {
  if (depth > MAX_DEPTH) throw new ValidationLoopError(`validation loop: schema ${schema.where} visited too many times`);
  const s = schema.ref ?? schema;
  const checks = s.checks[typeOf(instance)];
  if (checks) for (const check of checks) check(report, instance, depth, process);
  if (!report.ok) return;
  if (Array.isArray(instance)) {
    for (let i = 0; i < instance.length; i++) {
      const child = itemSchema(s, i);
      if (child) process(report, child, instance[i], depth + 1);
    }
  } else if (instance instanceof Map) {
    const obj = instance as JObject;
    if (obj.size === 0) return;
    for (const name of [...obj.keys()].sort()) {
      const value = obj.get(name)!;
      let matched = false;
      const own = s.properties?.get(name);
      if (own) {
        matched = true;
        process(report, own, value, depth + 1);
      }
      for (const [re, pattern] of s.patternProperties ?? []) {
        if (!re.test(name)) continue;
        matched = true;
        process(report, pattern, value, depth + 1);
      }
      if (!matched && s.additionalProperties) process(report, s.additionalProperties, value, depth + 1);
    }
  }
};

function itemSchema(s: CompiledSchema, index: number): CompiledSchema | undefined {
  if (!s.items) return undefined;
  if (!Array.isArray(s.items)) return s.items;
  return index < s.items.length ? s.items[index] : s.additionalItems;
}
