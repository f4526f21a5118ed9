/**
 * @module dataplane/vtl/parse
 * Parses a template with velocityjs's grammar and shapes the tree as Velocity
 * 1.7 (API Gateway's engine) would:
 * - block structure is checked: an `#if`/`#foreach`/`#macro`/`#define`
 *   without `#end`, a stray `#end`, or an `#else` outside `#if` is a syntax
 *   error (velocityjs silently repeats or drops text there);
 * - whitespace: a directive eats the rest of its line when nothing but blanks
 *   follow it, and `#set` also eats the blanks just before it unless text
 *   precedes them on the line (Velocity 1.7's `#set` token starts with them),
 *   so an indented `#set(...)` line leaves nothing behind;
 * - `#stop` (without parentheses, as Velocity writes it) stops rendering;
 * - double-quoted strings holding `$` or `#` are parsed here too, once, so
 *   rendering never parses.
 * Not supported: `#{if}`-style braced block directives, `#**#` (empty block
 * comment), `#include`/`#parse`/`#evaluate` (no resources on API Gateway).
 */
import * as path from 'path';
import velocity from 'velocityjs';
import type { VELOCITY_AST } from 'velocityjs/dist/src/type';
import { TemplateError } from './errors';

type RawParse = (source: string) => Array<VELOCITY_AST | string>;

/**
 * velocityjs's flat token parser (before it groups blocks). It is not in the
 * package's export map, so it is loaded by file; without it we fall back to
 * the public parser and lose the block checks.
 */
const rawParse: RawParse | undefined = (() => {
  try {
    const file = path.join(path.dirname(require.resolve('velocityjs')), 'parse', 'index.cjs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { parse_1?: RawParse };
    return typeof mod.parse_1 === 'function' ? mod.parse_1 : undefined;
  } catch {
    return undefined;
  }
})();

export type Ast = VELOCITY_AST | string | Ast[];

export interface MacroDefinition {
  asts: Ast[];
  args?: Array<{ id?: string }>;
}

export interface ParsedTemplate {
  asts: Ast[];
  /** Parsed double-quoted strings, by their text. */
  strings: Map<string, Ast[]>;
  /** `#macro`s, known before rendering starts (Velocity 1.7 registers inline macros at parse time). */
  macros: Record<string, MacroDefinition>;
}

const BLOCK_TYPES = new Set(['if', 'foreach', 'macro', 'noescape', 'define', 'macro_body']);
const AFTER_DIRECTIVE = /^[ \t]*\r?\n/;
const BEFORE_SET = /(^|\n)[ \t]+$/;

function nodeType(node: Ast): string | undefined {
  return typeof node === 'object' && !Array.isArray(node) ? node.type : undefined;
}

function lineOf(node: Ast): string {
  const pos = typeof node === 'object' && !Array.isArray(node) ? (node as { pos?: { first_line: number; first_column: number } }).pos : undefined;
  return pos ? ` at line ${pos.first_line}, column ${pos.first_column + 1}` : '';
}

function gobbleWhitespace(flat: Ast[]): void {
  for (let i = 0; i < flat.length; i++) {
    const type = nodeType(flat[i]);
    if (type === undefined || type === 'references' || type === 'raw') continue;
    const next = flat[i + 1];
    if (typeof next === 'string' && AFTER_DIRECTIVE.test(next)) flat[i + 1] = next.replace(AFTER_DIRECTIVE, '');
    const prev = flat[i - 1];
    if (type === 'set' && typeof prev === 'string') flat[i - 1] = prev.replace(BEFORE_SET, '$1');
  }
}

/** Groups the flat token list into blocks, rejecting unbalanced ones. */
function level(flat: Ast[]): Ast[] {
  const root: Ast[] = [];
  const stack: Ast[][] = [root];
  for (const node of flat) {
    const type = nodeType(node);
    const current = stack[stack.length - 1];
    if (type === 'end') {
      if (stack.length === 1) throw new TemplateError(`Template syntax error: #end without an open block${lineOf(node)}`);
      stack.pop();
    } else if (type !== undefined && BLOCK_TYPES.has(type)) {
      const block: Ast[] = [node];
      current.push(block);
      stack.push(block);
    } else {
      if ((type === 'else' || type === 'elseif') && (stack.length === 1 || nodeType(current[0]) !== 'if')) {
        throw new TemplateError(`Template syntax error: #${type} outside #if${lineOf(node)}`);
      }
      current.push(node);
    }
  }
  if (stack.length > 1) {
    const open = stack[stack.length - 1][0];
    throw new TemplateError(`Template syntax error: #${nodeType(open)} is never closed by #end${lineOf(open)}`);
  }
  return root;
}

function preprocess(source: string): string {
  return source.replace(/#\{stop\}|#stop(?![\w(-])/g, '#stop()');
}

function parseTree(source: string): Ast[] {
  const text = preprocess(source);
  try {
    if (!rawParse) return velocity.parse(text) as Ast[];
    const flat = rawParse(text) as Ast[];
    gobbleWhitespace(flat);
    return level(flat);
  } catch (e) {
    if (e instanceof TemplateError) throw e;
    throw new TemplateError(`Template syntax error: ${(e as Error).message}`, { cause: e });
  }
}

function collectStrings(node: unknown, strings: Map<string, Ast[]>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectStrings(item, strings);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const n = node as { type?: string; value?: unknown; isEval?: boolean };
  if (n.type === 'string' && n.isEval && typeof n.value === 'string' && /[$#]/.test(n.value) && !strings.has(n.value)) {
    const inner = parseTree(n.value);
    strings.set(n.value, inner);
    collectStrings(inner, strings);
  }
  for (const value of Object.values(node)) if (value !== null && typeof value === 'object') collectStrings(value, strings);
}

function collectMacros(asts: Ast[], macros: Record<string, MacroDefinition>): void {
  for (const node of asts) {
    if (!Array.isArray(node)) continue;
    const head = node[0] as { type?: string; id?: string; args?: Array<{ id?: string }> };
    if (head?.type === 'macro' && head.id && !(head.id in macros)) macros[head.id] = { asts: node.slice(1), args: head.args };
    collectMacros(node, macros);
  }
}

export function parseTemplate(source: string): ParsedTemplate {
  const asts = parseTree(source);
  const strings = new Map<string, Ast[]>();
  collectStrings(asts, strings);
  const macros: Record<string, MacroDefinition> = Object.create(null);
  collectMacros(asts, macros);
  return { asts, strings, macros };
}
