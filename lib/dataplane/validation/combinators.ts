/**
 * @module dataplane/validation/combinators
 * The draft 4 keywords that validate the instance against further schemas:
 * `allOf`, `anyOf`, `oneOf` and `not` run each branch into a fresh report and
 * add one summary message (the branches' own messages never reach the
 * client: `instance failed to match exactly one schema (matched 0 out of 9)`);
 * `dependencies` checks property dependencies (missing ones sorted) and runs
 * schema dependencies into the object's own report.
 */
import { MESSAGES } from './messages';
import { escapePointer, isJObject, JSON_TYPES, sortedUnique, stringList, type JObject, type JValue } from './json';
import type { CompiledSchema, KeywordCheck } from './schema';
import type { Def, SubCompiler } from './keywords';
import { Report } from './report';

const ALL = JSON_TYPES;

/** Runs `schema` on `instance` with a fresh report: whether it passed. */
function passes(schema: CompiledSchema, instance: JValue, depth: number, process: Parameters<KeywordCheck>[3]): boolean {
  const r = new Report();
  process(r, schema, instance, depth + 1);
  return r.ok;
}

function subschemas(v: JValue, name: string, sub: SubCompiler): CompiledSchema[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return v.map((s, i) => sub(s, `${name}/${i}`));
}

export const COMBINATORS: Record<string, Def> = {
  allOf: {
    types: ALL,
    compile(v, _node, sub) {
      const subs = subschemas(v, 'allOf', sub);
      if (!subs) return undefined;
      return (r, inst, depth, process) => {
        const matched = subs.filter((s) => passes(s, inst, depth, process)).length;
        if (matched !== subs.length) r.error(MESSAGES.allOf(matched, subs.length));
      };
    },
  },
  anyOf: {
    types: ALL,
    compile(v, _node, sub) {
      const subs = subschemas(v, 'anyOf', sub);
      if (!subs) return undefined;
      return (r, inst, depth, process) => {
        if (!subs.some((s) => passes(s, inst, depth, process))) r.error(MESSAGES.anyOf(subs.length));
      };
    },
  },
  dependencies: {
    types: ['object'],
    compile(v, _node, sub) {
      if (!isJObject(v)) return undefined;
      const propertyDeps: [string, string[]][] = [];
      const schemaDeps: [string, CompiledSchema][] = [];
      for (const name of [...v.keys()].sort()) {
        const d = v.get(name)!;
        const list = stringList(d);
        if (list) propertyDeps.push([name, sortedUnique(list)]);
        else if (isJObject(d)) schemaDeps.push([name, sub(d, `dependencies/${escapePointer(name)}`)]);
      }
      return (r, inst, depth, process) => {
        const obj = inst as JObject;
        for (const [name, required] of propertyDeps) {
          if (!obj.has(name)) continue;
          const missing = required.filter((k) => !obj.has(k));
          if (missing.length) r.error(MESSAGES.dependencies(name, required, missing));
        }
        // Schema dependencies report into the same report as the object itself.
        for (const [name, schema] of schemaDeps) if (obj.has(name)) process(r, schema, inst, depth + 1);
      };
    },
  },
  not: {
    types: ALL,
    compile(v, _node, sub) {
      if (!isJObject(v)) return undefined;
      const s = sub(v, 'not');
      return (r, inst, depth, process) => {
        if (passes(s, inst, depth, process)) r.error(MESSAGES.not());
      };
    },
  },
  oneOf: {
    types: ALL,
    compile(v, _node, sub) {
      const subs = subschemas(v, 'oneOf', sub);
      if (!subs) return undefined;
      return (r, inst, depth, process) => {
        const matched = subs.filter((s) => passes(s, inst, depth, process)).length;
        if (matched !== 1) r.error(MESSAGES.oneOf(matched, subs.length));
      };
    },
  },
};
