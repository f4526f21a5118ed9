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
export class JsonPathError extends Error {}

type Filter = (item: unknown, root: unknown) => boolean;
type Step =
  | { kind: 'props'; names: string[] }
  | { kind: 'indexes'; indexes: number[] }
  | { kind: 'slice'; start?: number; end?: number; step: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; test: Filter }
  | { kind: 'scan'; then: Step };

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

/** Jayway: single names and single indexes are definite; a union of names only as the last step (a merged map). */
function isDefinitePath(steps: Step[]): boolean {
  return steps.every((step, i) => {
    if (step.kind === 'props') return step.names.length === 1 || i === steps.length - 1;
    return step.kind === 'indexes' && step.indexes.length === 1;
  });
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
          for (const item of node) if (step.test(item, root)) out.push(item);
        } else if (isObject(node) && step.test(node, root)) {
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

/** Recursive-descent parser for paths and filter expressions. */
class PathParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  private fail(msg: string): never {
    throw new JsonPathError(`Invalid JSONPath ${JSON.stringify(this.src)} at ${this.pos}: ${msg}`);
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private skipSpaces(): void {
    while (this.peek() === ' ') this.pos++;
  }

  private eat(s: string): boolean {
    if (this.src.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }

  parseRoot(): Step[] {
    if (!this.eat('$')) this.fail('a path starts with $');
    const steps = this.parseSteps(() => this.pos >= this.src.length);
    if (this.pos < this.src.length) this.fail('unexpected character');
    return steps;
  }

  /** Steps until `stop()` or a character that cannot continue a path. */
  private parseSteps(stop: () => boolean): Step[] {
    const steps: Step[] = [];
    while (!stop()) {
      const c = this.peek();
      if (c === '.' && this.peek(1) === '.') {
        this.pos += 2;
        const then = this.peek() === '[' ? this.parseBracket() : this.parseDotName();
        steps.push({ kind: 'scan', then });
      } else if (c === '.') {
        this.pos++;
        steps.push(this.parseDotName());
      } else if (c === '[') {
        steps.push(this.parseBracket());
      } else {
        break;
      }
    }
    return steps;
  }

  private parseDotName(): Step {
    if (this.eat('*')) return { kind: 'wildcard' };
    const start = this.pos;
    while (this.pos < this.src.length && !'.[ )=!<>&|,'.includes(this.peek())) this.pos++;
    if (this.pos === start) this.fail('property name expected');
    return { kind: 'props', names: [this.src.slice(start, this.pos)] };
  }

  private parseBracket(): Step {
    this.eat('[');
    this.skipSpaces();
    let step: Step;
    if (this.eat('*')) {
      step = { kind: 'wildcard' };
    } else if (this.eat('?(')) {
      const test = this.parseOr();
      this.skipSpaces();
      if (!this.eat(')')) this.fail(') expected');
      step = { kind: 'filter', test };
    } else if (this.peek() === "'" || this.peek() === '"') {
      const names = [this.parseQuoted()];
      this.skipSpaces();
      while (this.eat(',')) {
        this.skipSpaces();
        names.push(this.parseQuoted());
        this.skipSpaces();
      }
      step = { kind: 'props', names };
    } else {
      step = this.parseIndexes();
    }
    this.skipSpaces();
    if (!this.eat(']')) this.fail('] expected');
    return step;
  }

  private parseIndexes(): Step {
    const first = this.parseOptionalInt();
    this.skipSpaces();
    if (this.eat(':')) {
      const end = this.parseOptionalInt();
      let step = 1;
      if (this.eat(':')) step = this.parseOptionalInt() ?? 1;
      return { kind: 'slice', start: first, end, step };
    }
    if (first === undefined) this.fail('index expected');
    const indexes = [first];
    while (this.eat(',')) {
      this.skipSpaces();
      const next = this.parseOptionalInt();
      if (next === undefined) this.fail('index expected');
      indexes.push(next);
      this.skipSpaces();
    }
    return { kind: 'indexes', indexes };
  }

  private parseOptionalInt(): number | undefined {
    const m = /^-?\d+/.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private parseQuoted(): string {
    const quote = this.peek();
    this.pos++;
    let out = '';
    while (this.pos < this.src.length && this.peek() !== quote) {
      if (this.peek() === '\\' && this.pos + 1 < this.src.length) this.pos++;
      out += this.peek();
      this.pos++;
    }
    if (!this.eat(quote)) this.fail('unterminated string');
    return out;
  }

  // ---- filter expressions ----

  private parseOr(): Filter {
    let left = this.parseAnd();
    for (;;) {
      this.skipSpaces();
      if (!this.eat('||')) return left;
      const l = left;
      const r = this.parseAnd();
      left = (item, root) => l(item, root) || r(item, root);
    }
  }

  private parseAnd(): Filter {
    let left = this.parseUnary();
    for (;;) {
      this.skipSpaces();
      if (!this.eat('&&')) return left;
      const l = left;
      const r = this.parseUnary();
      left = (item, root) => l(item, root) && r(item, root);
    }
  }

  private parseUnary(): Filter {
    this.skipSpaces();
    if (this.peek() === '!' && this.peek(1) !== '=') {
      this.pos++;
      const inner = this.parseUnary();
      return (item, root) => !inner(item, root);
    }
    if (this.eat('(')) {
      const inner = this.parseOr();
      this.skipSpaces();
      if (!this.eat(')')) this.fail(') expected');
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): Filter {
    const left = this.parseOperand();
    this.skipSpaces();
    const op = /^(==|!=|<=|>=|<|>|=~|nin\b|in\b|size\b|empty\b|contains\b)/.exec(this.src.slice(this.pos))?.[1];
    if (!op) return (item, root) => left(item, root) !== undefined;
    this.pos += op.length;
    const right = this.parseOperand();
    return (item, root) => compareValues(op, left(item, root), right(item, root));
  }

  /** An operand: `@…`/`$…` paths, string, number, boolean, null, /regex/, or [list]. */
  private parseOperand(): (item: unknown, root: unknown) => unknown {
    this.skipSpaces();
    const c = this.peek();
    if (c === '@' || c === '$') {
      this.pos++;
      const steps = this.parseSteps(() => false);
      const definite = isDefinitePath(steps);
      return (item, root) => {
        let nodes: unknown[] = [c === '@' ? item : root];
        for (const s of steps) nodes = applyStep(s, nodes, root);
        if (definite) return nodes.length > 0 ? nodes[0] : undefined;
        return nodes;
      };
    }
    if (c === "'" || c === '"') {
      const s = this.parseQuoted();
      return () => s;
    }
    if (c === '/') {
      const end = this.src.indexOf('/', this.pos + 1);
      if (end < 0) this.fail('unterminated regex');
      const body = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
      const flags = /^[a-z]*/.exec(this.src.slice(this.pos))?.[0] ?? '';
      this.pos += flags.length;
      const re = new RegExp(body, flags.replace(/[^imsu]/g, ''));
      return () => re;
    }
    if (c === '[') {
      this.pos++;
      const items: Array<(item: unknown, root: unknown) => unknown> = [];
      this.skipSpaces();
      while (this.peek() !== ']') {
        items.push(this.parseOperand());
        this.skipSpaces();
        if (!this.eat(',')) break;
      }
      if (!this.eat(']')) this.fail('] expected');
      return (item, root) => items.map((f) => f(item, root));
    }
    const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(this.src.slice(this.pos));
    if (!m) this.fail('operand expected');
    this.pos += m[0].length;
    const value = m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]);
    return () => value;
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
