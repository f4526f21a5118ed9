/**
 * @module dataplane/vtl/jsonpath-parse
 * Parses a Jayway-style JSONPath (see ./jsonpath for what is supported) into
 * steps — plain data, so a compiled path is evaluated by ./jsonpath without
 * re-parsing and is safe to share between renders.
 */

export class JsonPathError extends Error {}

/** A filter operand: a path from the current item (`@`) or the root (`$`), a literal, a regex, or a list. */
export type Operand =
  | { kind: 'path'; from: 'item' | 'root'; steps: Step[]; definite: boolean }
  | { kind: 'value'; value: unknown }
  | { kind: 'list'; items: Operand[] };

export type FilterExpr =
  | { kind: 'or' | 'and'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; inner: FilterExpr }
  | { kind: 'exists'; operand: Operand }
  | { kind: 'compare'; op: string; left: Operand; right: Operand };

export type Step =
  | { kind: 'props'; names: string[] }
  | { kind: 'indexes'; indexes: number[] }
  | { kind: 'slice'; start?: number; end?: number; step: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; test: FilterExpr }
  | { kind: 'scan'; then: Step };

/** Jayway: single names and single indexes are definite; a union of names only as the last step (a merged map). */
export function isDefinitePath(steps: Step[]): boolean {
  return steps.every((step, i) => {
    if (step.kind === 'props') return step.names.length === 1 || i === steps.length - 1;
    return step.kind === 'indexes' && step.indexes.length === 1;
  });
}

/** Recursive-descent parser for paths and filter expressions. */
export class PathParser {
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

  private parseOr(): FilterExpr {
    let left = this.parseAnd();
    for (;;) {
      this.skipSpaces();
      if (!this.eat('||')) return left;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
  }

  private parseAnd(): FilterExpr {
    let left = this.parseUnary();
    for (;;) {
      this.skipSpaces();
      if (!this.eat('&&')) return left;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
  }

  private parseUnary(): FilterExpr {
    this.skipSpaces();
    if (this.peek() === '!' && this.peek(1) !== '=') {
      this.pos++;
      return { kind: 'not', inner: this.parseUnary() };
    }
    if (this.eat('(')) {
      const inner = this.parseOr();
      this.skipSpaces();
      if (!this.eat(')')) this.fail(') expected');
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterExpr {
    const left = this.parseOperand();
    this.skipSpaces();
    const op = /^(==|!=|<=|>=|<|>|=~|nin\b|in\b|size\b|empty\b|contains\b)/.exec(this.src.slice(this.pos))?.[1];
    if (!op) return { kind: 'exists', operand: left };
    this.pos += op.length;
    return { kind: 'compare', op, left, right: this.parseOperand() };
  }

  /** An operand: `@…`/`$…` paths, string, number, boolean, null, /regex/, or [list]. */
  private parseOperand(): Operand {
    this.skipSpaces();
    const c = this.peek();
    if (c === '@' || c === '$') {
      this.pos++;
      const steps = this.parseSteps(() => false);
      return { kind: 'path', from: c === '@' ? 'item' : 'root', steps, definite: isDefinitePath(steps) };
    }
    if (c === "'" || c === '"') return { kind: 'value', value: this.parseQuoted() };
    if (c === '/') {
      const end = this.src.indexOf('/', this.pos + 1);
      if (end < 0) this.fail('unterminated regex');
      const body = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
      const flags = /^[a-z]*/.exec(this.src.slice(this.pos))?.[0] ?? '';
      this.pos += flags.length;
      try {
        return { kind: 'value', value: new RegExp(body, flags.replace(/[^imsu]/g, '')) };
      } catch (e) {
        this.fail((e as Error).message);
      }
    }
    if (c === '[') {
      this.pos++;
      const items: Operand[] = [];
      this.skipSpaces();
      while (this.peek() !== ']') {
        items.push(this.parseOperand());
        this.skipSpaces();
        if (!this.eat(',')) break;
      }
      if (!this.eat(']')) this.fail('] expected');
      return { kind: 'list', items };
    }
    const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(this.src.slice(this.pos));
    if (!m) this.fail('operand expected');
    this.pos += m[0].length;
    return { kind: 'value', value: m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]) };
  }
}
