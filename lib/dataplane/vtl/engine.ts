/**
 * @module dataplane/vtl/engine
 * The renderer: velocityjs's Compile, with the evaluation rules API Gateway's
 * Velocity 1.7 follows instead of JavaScript's. One instance per render, so
 * renders share nothing but the (read-only) parsed tree.
 * - A reference that is null or missing renders as nothing (not as its own
 *   text): `$nothing`, `$input.path('$.none').x`, `$!x` alike.
 * - Values print Java-style (java-print); methods and properties resolve as on
 *   Java objects (java-methods, plugged in through `customMethodHandlers`).
 * - `#if`, `&&`, `||`, `!`: only null and false are false; `== != < > + - * / %`
 *   follow Velocity (java-ops).
 * - `#set($x = <null>)` leaves `$x` unchanged (Velocity 1.7's rule);
 *   `#set($a.b.c = v)` writes into maps and lists only.
 * - `#foreach` over a list, or a map's values; at most 1,000 iterations (API
 *   Gateway's quota); `$foreach.count/index/hasNext/first/last`, `$velocityCount`.
 * - `#break` leaves the innermost `#foreach` at once; `#stop` ends the output.
 * - `$context.requestOverride.*` and `$context.responseOverride.*` may be set
 *   once each; a second `#set` of the same one fails the template ("overrides
 *   are final", API Gateway Developer Guide).
 */
import { Compile } from 'velocityjs';
import type { CompileConfig, EachAST, IfAST, MathAST, ReferencesAST, SetAST, VELOCITY_AST } from 'velocityjs/dist/src/type';
import { TemplateError } from './errors';
import { isMap, javaList, javaToString } from './java-print';
import { invokeJavaMethod, readJavaIndex, readJavaProperty } from './java-methods';
import { javaArithmetic, javaCompare, javaEquals, javaTruthy } from './java-ops';
import type { Ast, MacroDefinition } from './parse';

/** API Gateway: "Number of iterations in a #foreach … #end loop in mapping templates: 1000". */
export const MAX_FOREACH_ITERATIONS = 1000;

/** The parts of velocityjs's Compile this renderer calls or overrides (they are mixed in at run time). */
interface CompileInternals {
  context: Record<string, unknown>;
  macros: Record<string, unknown>;
  macrosStore: Record<string, MacroDefinition>;
  local: Record<string, Record<string, unknown>>;
  conditions: string[];
  contextId: string;
  defines: Record<string, Ast[]>;
  runState: { stop: boolean; break: boolean };
  asts: Ast[];
  renderAstList(asts?: Ast[], contextId?: string): string;
  getBlock(block: Ast): string;
  getMacro(ast: VELOCITY_AST, bodyContent?: string): string;
  eval(asts: Ast[], local: object, contextId?: string): string;
  getLiteral(ast: unknown): unknown;
  getLocal(ast: ReferencesAST): { value: unknown; isLocal: boolean };
  getContext(id: string): Record<string, unknown>;
  getPropMethod(property: unknown, baseRef: unknown, ast: ReferencesAST): unknown;
}

type CompileCtor = new (asts: Ast[], config?: CompileConfig) => CompileInternals;
const VelocityCompile = Compile as unknown as CompileCtor;

/** Every method call goes to the Java emulation; velocityjs's own handlers never run. */
const CONFIG: CompileConfig = {
  escape: false,
  customMethodHandlers: [
    {
      uid: 'apigw-java-methods',
      match: () => true,
      resolve: ({ property, context, params }) => invokeJavaMethod(context, property, params),
    },
  ],
};

/** Which override maps (and keys) may be set only once per render. */
export interface OverrideSlots {
  /** Objects whose every key is an override (the header/querystring/path maps). */
  maps: object[];
  /** Objects with one override key (`responseOverride.status`). */
  keys: Array<[object, string]>;
}

type Attribute = NonNullable<ReferencesAST['path']>[number];

export class Renderer extends VelocityCompile {
  private readonly setOnce = new Map<object, Set<string>>();
  /** Loop and macro scope ids, counted per render so every render builds objects of the same shape. */
  private scopes = 0;

  constructor(
    asts: Ast[],
    private readonly strings: Map<string, Ast[]>,
    private readonly overrides: OverrideSlots,
    private readonly macroDefinitions: Record<string, MacroDefinition> = {},
  ) {
    super(asts, CONFIG);
  }

  /** What velocityjs's render() does, minus its per-call `eval` binding (VTL 1.7 has no #eval). */
  run(context: Record<string, unknown>): string {
    this.context = context;
    this.macros = Object.assign(Object.create(null), { stop: () => ((this.runState.stop = true), '') });
    this.macrosStore = Object.assign(Object.create(null), this.macroDefinitions);
    return this.renderAstList();
  }

  override renderAstList(asts: Ast[] = this.asts, contextId?: string): string {
    if (contextId) {
      if (contextId !== this.contextId && !this.conditions.includes(contextId)) this.conditions.unshift(contextId);
      this.contextId = contextId;
    } else {
      this.contextId = '';
    }
    let out = '';
    for (const ast of asts) {
      if (this.runState.stop || this.runState.break) break;
      if (typeof ast === 'string') {
        out += ast;
        continue;
      }
      if (Array.isArray(ast)) {
        out += this.getBlock(ast);
        continue;
      }
      switch (ast.type) {
        case 'references':
          out += this.getReferences(ast as ReferencesAST, true);
          break;
        case 'set':
          this.setValue(ast as SetAST);
          break;
        case 'break':
          this.runState.break = true;
          break;
        case 'macro_call':
          out += this.getMacro(ast);
          break;
        case 'comment':
          break;
        case 'raw':
          out += String(ast.value);
          break;
        default:
          break;
      }
    }
    return out;
  }

  /** The value of a reference; rendered (`isVal`) it is its Java text, or nothing when null. */
  getReferences(ast: ReferencesAST, isVal = false): unknown {
    if ((ast as { prue?: boolean }).prue) {
      const define = this.defines[ast.id];
      if (Array.isArray(define)) return this.renderAstList(define);
    }
    let value: unknown;
    const local = this.getLocal(ast);
    if (local.isLocal) value = local.value;
    else if (ast.args === undefined && Object.prototype.hasOwnProperty.call(this.context, ast.id)) value = this.context[ast.id];
    if (ast.path) {
      for (const attribute of ast.path) {
        if (value === null || value === undefined) break;
        value = this.getAttributes(attribute, value, ast);
      }
    }
    if (!isVal) return value;
    return value === null || value === undefined ? '' : javaToString(value);
  }

  getAttributes(property: Attribute, baseRef: unknown, ast: ReferencesAST): unknown {
    if (property.type === 'method') return this.getPropMethod(property, baseRef, ast);
    if (property.type === 'property') return readJavaProperty(baseRef, property.id);
    return readJavaIndex(baseRef, this.getLiteral(property.id));
  }

  /** A `#macro` call (velocityjs's, with per-render scope ids); `#stop()` and other calls go to `this.macros`. */
  override getMacro(ast: VELOCITY_AST, bodyContent?: string): string {
    const call = ast as { id: string; args?: unknown[] };
    const own = (o: object): boolean => Object.prototype.hasOwnProperty.call(o, call.id);
    const macro = own(this.macrosStore) ? this.macrosStore[call.id] : undefined;
    if (!macro) {
      const fn = own(this.macros) ? this.macros[call.id] : undefined;
      return typeof fn === 'function' ? String(fn(...(call.args ?? []).map((a) => this.getLiteral(a))) ?? '') : '';
    }
    const local: Record<string, unknown> = { bodyContent };
    (macro.args ?? []).forEach((param, i) => {
      if (param.id !== undefined) local[param.id] = call.args?.[i] !== undefined ? this.getLiteral(call.args[i]) : undefined;
    });
    return this.eval(macro.asts, local, `macro:${call.id}:${++this.scopes}`);
  }

  /** `[…]` and `[a..b]` literals are Java lists (they print `[1, 2]`, not as JSON). */
  override getLiteral(ast: unknown): unknown {
    const value = super.getLiteral(ast);
    return (ast as { type?: string }).type === 'array' && Array.isArray(value) ? javaList(value) : value;
  }

  /** Double-quoted strings were parsed at compile time. */
  evalStr(str: string): string {
    const asts = this.strings.get(str);
    return asts ? this.renderAstList(asts, this.contextId) : str;
  }

  getExpression(ast: VELOCITY_AST): unknown {
    if (ast.type !== 'math') return this.getLiteral(ast);
    const math = ast as MathAST;
    const [a, b] = math.expression as VELOCITY_AST[];
    switch (math.operator) {
      case '&&':
        return javaTruthy(this.getExpression(a)) && javaTruthy(this.getExpression(b));
      case '||':
        return javaTruthy(this.getExpression(a)) || javaTruthy(this.getExpression(b));
      case 'not':
        return !javaTruthy(this.getExpression(a));
      case 'parenthesis':
        return this.getExpression(a);
      case 'minus': {
        const v = this.getExpression(a);
        return typeof v === 'number' ? -v : null;
      }
      case '==':
        return javaEquals(this.getExpression(a), this.getExpression(b));
      case '!=':
        return !javaEquals(this.getExpression(a), this.getExpression(b));
      case '<':
      case '<=':
      case '>':
      case '>=':
        return javaCompare(math.operator, this.getExpression(a), this.getExpression(b));
      default: {
        const decimal = a.type === 'decimal' || b.type === 'decimal';
        return javaArithmetic(math.operator, this.getExpression(a), this.getExpression(b), decimal);
      }
    }
  }

  getBlockIf(block: Ast[]): string {
    let taken = false;
    const body: Ast[] = [];
    for (const ast of block) {
      const type = typeof ast === 'object' && !Array.isArray(ast) ? ast.type : undefined;
      if (type === 'if' || type === 'elseif' || type === 'else') {
        if (taken) break;
        taken = type === 'else' || javaTruthy(this.getExpression((ast as IfAST).condition));
      } else if (taken) {
        body.push(ast);
      }
    }
    return this.renderAstList(body, this.contextId);
  }

  getBlockEach(block: Ast[]): string {
    const ast = block[0] as EachAST;
    const from = this.getLiteral(ast.from);
    let items: unknown[];
    if (Array.isArray(from)) items = from;
    else if (isMap(from)) items = Object.values(from);
    else return '';
    if (items.length === 0) return '';
    const body = block.slice(1);
    const contextId = `foreach:${++this.scopes}`;
    const local: Record<string, unknown> = {};
    this.local[contextId] = local;
    const count = Math.min(items.length, MAX_FOREACH_ITERATIONS);
    let out = '';
    for (let i = 0; i < count && !this.runState.break && !this.runState.stop; i++) {
      local[ast.to] = items[i];
      local.foreach = { count: i + 1, index: i, hasNext: i + 1 < items.length, first: i === 0, last: i + 1 === items.length };
      local.velocityCount = i + 1;
      out += this.renderAstList(body, contextId);
    }
    this.runState.break = false;
    this.local[contextId] = {};
    const at = this.conditions.indexOf(contextId);
    if (at >= 0) this.conditions.splice(at, 1);
    this.contextId = this.conditions[0] || '';
    return out;
  }

  setValue(ast: SetAST): void {
    const [ref, valueAst] = ast.equal;
    const value = valueAst.type === 'math' ? this.getExpression(valueAst) : this.getLiteral(valueAst);
    if (value === null || value === undefined) return;
    if (!ref.path || ref.path.length === 0) {
      if (ref.id === '__proto__') return;
      const scope = this.contextId.startsWith('macro:') ? this.context : this.getContext(ref.id);
      scope[ref.id] = value;
      return;
    }
    const last = ref.path[ref.path.length - 1];
    const target = this.getReferences({ ...ref, path: ref.path.slice(0, -1) } as ReferencesAST);
    let key: unknown;
    if (last.type === 'property') key = last.id;
    else if (last.type === 'index') key = this.getLiteral(last.id);
    else return;
    if (Array.isArray(target)) {
      if (typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < target.length) target[key] = value;
      return;
    }
    if (!isMap(target) || typeof key !== 'string' || key === '__proto__') return;
    this.checkOverride(target, key);
    target[key] = value;
  }

  private checkOverride(target: object, key: string): void {
    const slot = this.overrides.maps.includes(target) || this.overrides.keys.some(([o, k]) => o === target && k === key);
    if (!slot) return;
    let keys = this.setOnce.get(target);
    if (!keys) this.setOnce.set(target, (keys = new Set()));
    if (keys.has(key)) throw new TemplateError(`Override "${key}" is set more than once; overrides are final`);
    keys.add(key);
  }
}
