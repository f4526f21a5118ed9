/**
 * @module dataplane/vtl/jsonpath
 * The JSONPath API Gateway evaluates (Jayway JsonPath) for `$input.path`,
 * `$input.json` and `integration.response.body.<JSONPath>` mappings:
 * `$`, `$.a.b`, `$['a']`, `$["a"]`, `$.a[0]`, `$.a[-1]`, `$.a[0,2]`,
 * `$.a[1:3]`, `$.a[*].b`, `$.*`, `$..b`, `$['a','b']` (a map of those keys),
 * and filters `[?(@.price < 10 && @.tag == 'x')]` with `== != < <= > >= =~
 * in nin size empty contains`, `!`, `&&`, `||`, `@`/`$` operands and existence
 * tests (`[?(@.isbn)]`). A path not starting with `$` is read as `$.<path>`
 * (Jayway's rule). A definite path (no wildcard, deep scan, slice, union or
 * filter) answers the value or `undefined` when it is not there; an indefinite
 * path answers the (possibly empty) list of matches, as Jayway does.
 * Not supported: filter functions (`length()`, `min()` …), script
 * expressions `[(…)]`; they raise JsonPathError.
 */
import { isDefinitePath, PathParser, type FilterExpr, type Operand, type Step } from './jsonpath-parse';

export { JsonPathError } from './jsonpath-parse';

interface CompiledPath {
  steps: Step[];
  definite: boolean;
}

const cache = new Map<string, CompiledPath>();
const CACHE_LIMIT = 512;

/** Evaluates a JSONPath against a parsed JSON document (see module doc for the answer's shape). */
export function evaluateJsonPath(doc: unknown, path: string): unknown {
  const compiled = compilePath(path);
  let nodes: unknown[] = [doc];
  const last = compiled.steps.length - 1;
  for (let i = 0; i <= last; i++) {
    const step = compiled.steps[i];
    if (i === last && step.kind === 'props' && step.names.length > 1 && compiled.definite) {
      return mergeProps(nodes[0], step.names);
    }
    nodes = applyStep(step, nodes, doc);
    if (compiled.definite && nodes.length === 0) return undefined;
  }
  if (compiled.definite) return nodes[0];
  return nodes;
}

/** True when the path answers a single value rather than a list. */
export function isDefiniteJsonPath(path: string): boolean {
  return compilePath(path).definite;
}

function compilePath(path: string): CompiledPath {
  let compiled = cache.get(path);
  if (!compiled) {
    const p = path.trim();
    const source = p === '' ? '$' : p.startsWith('$') ? p : `$.${p}`;
    const parser = new PathParser(source);
    const steps = parser.parseRoot();
    compiled = { steps, definite: isDefinitePath(steps) };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(path, compiled);
  }
  return compiled;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const own = (o: Record<string, unknown>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function mergeProps(node: unknown, names: string[]): unknown {
  if (!isObject(node)) return undefined;
  const out: Record<string, unknown> = {};
  for (const n of names) if (own(node, n)) out[n] = node[n];
  return out;
}

function applyStep(step: Step, nodes: unknown[], root: unknown): unknown[] {
  const out: unknown[] = [];
  for (const node of nodes) {
    switch (step.kind) {
      case 'props':
        if (isObject(node)) for (const n of step.names) if (own(node, n)) out.push(node[n]);
        break;
      case 'indexes':
        if (Array.isArray(node)) {
          for (const i of step.indexes) {
            const at = i < 0 ? node.length + i : i;
            if (at >= 0 && at < node.length) out.push(node[at]);
          }
        }
        break;
      case 'slice':
        if (Array.isArray(node)) out.push(...sliceOf(node, step));
        break;
      case 'wildcard':
        if (Array.isArray(node)) out.push(...node);
        else if (isObject(node)) for (const k of Object.keys(node)) out.push(node[k]);
        break;
      case 'filter':
        if (Array.isArray(node)) {
          for (const item of node) if (testFilter(step.test, item, root)) out.push(item);
        } else if (isObject(node) && testFilter(step.test, node, root)) {
          out.push(node);
        }
        break;
      case 'scan':
        scan(node, step.then, root, out);
        break;
    }
  }
  return out;
}

function scan(node: unknown, then: Step, root: unknown, out: unknown[]): void {
  out.push(...applyStep(then, [node], root));
  if (Array.isArray(node)) for (const item of node) scan(item, then, root, out);
  else if (isObject(node)) for (const k of Object.keys(node)) scan(node[k], then, root, out);
}

function sliceOf(list: unknown[], s: { start?: number; end?: number; step: number }): unknown[] {
  const len = list.length;
  const norm = (v: number | undefined, dflt: number): number => {
    if (v === undefined) return dflt;
    return v < 0 ? Math.max(0, len + v) : Math.min(len, v);
  };
  const start = norm(s.start, 0);
  const end = norm(s.end, len);
  const out: unknown[] = [];
  for (let i = start; i < end; i += Math.max(1, s.step)) out.push(list[i]);
  return out;
}

function operandValue(operand: Operand, item: unknown, root: unknown): unknown {
  switch (operand.kind) {
    case 'value':
      return operand.value;
    case 'list':
      return operand.items.map((o) => operandValue(o, item, root));
    case 'path': {
      let nodes: unknown[] = [operand.from === 'item' ? item : root];
      for (const s of operand.steps) nodes = applyStep(s, nodes, root);
      if (operand.definite) return nodes.length > 0 ? nodes[0] : undefined;
      return nodes;
    }
  }
}

function testFilter(expr: FilterExpr, item: unknown, root: unknown): boolean {
  switch (expr.kind) {
    case 'or':
      return testFilter(expr.left, item, root) || testFilter(expr.right, item, root);
    case 'and':
      return testFilter(expr.left, item, root) && testFilter(expr.right, item, root);
    case 'not':
      return !testFilter(expr.inner, item, root);
    case 'exists':
      return operandValue(expr.operand, item, root) !== undefined;
    case 'compare':
      return compareValues(expr.op, operandValue(expr.left, item, root), operandValue(expr.right, item, root));
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

function compareValues(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return sameValue(a, b);
    case '!=':
      return !sameValue(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
      if (!comparable) return false;
      const x = a as number | string;
      const y = b as number | string;
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    }
    case '=~':
      return typeof a === 'string' && b instanceof RegExp && b.test(a);
    case 'in':
      return Array.isArray(b) && b.some((v) => sameValue(a, v));
    case 'nin':
      return Array.isArray(b) && !b.some((v) => sameValue(a, v));
    case 'size':
      return (typeof a === 'string' || Array.isArray(a)) && a.length === b;
    case 'empty': {
      const isEmpty = (typeof a === 'string' || Array.isArray(a)) && a.length === 0;
      return (typeof a === 'string' || Array.isArray(a)) && isEmpty === b;
    }
    case 'contains':
      if (typeof a === 'string') return typeof b === 'string' && a.includes(b);
      return Array.isArray(a) && a.some((v) => sameValue(v, b));
    default:
      return false;
  }
}
