/**
 * @module dataplane/vtl
 * API Gateway mapping templates (Velocity Template Language) on velocityjs:
 * `compileTemplate` parses once (a syntax error throws TemplateError), and the
 * compiled template renders many times, concurrently, each render with its own
 * `$input`, variables and loop state. What a template sees:
 * - `$input` (body, json, path, params) — see ./input;
 * - `$util` (escapeJavaScript, parseJson, urlEncode/Decode, base64Encode/Decode) — see ./util;
 * - `$context` and `$stageVariables`: the caller's objects. `$context` is live:
 *   `#set($context.requestOverride.header.X = …)` and
 *   `#set($context.responseOverride.status = 400)` write into it, and each
 *   override may be set once per render.
 * Rendering follows API Gateway's Velocity 1.7 (nulls render as nothing,
 * Java printing, Java methods and operators) — see ./engine.
 * Not supported: `#include`, `#parse`, `#evaluate`; see the modules for the
 * finer points that differ from Java.
 */
import { Renderer, type OverrideSlots } from './engine';
import { TemplateError } from './errors';
import { VtlInput } from './input';
import { JavaException } from './java-string';
import { parseTemplate, type ParsedTemplate } from './parse';
import { UTIL } from './util';

export { TemplateError, TemplateJsonError } from './errors';

export interface TemplateParams {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

export interface TemplateInput {
  /** The body as text: the method request body (request templates) or the integration response body (response templates). */
  body: string;
  /** For $input.params(): path, querystring, header. */
  params: TemplateParams;
}

export interface TemplateScope {
  input: TemplateInput;
  /** $context. Mutable: templates may `#set($context.requestOverride.header.X = …)`, `$context.responseOverride.status`,
   *  `$context.responseOverride.header.X`; the caller creates `requestOverride: {header:{}, querystring:{}, path:{}}` and
   *  `responseOverride: {header:{}}` before rendering and reads them afterwards. */
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

export interface CompiledTemplate {
  /** Renders to text exactly as API Gateway does; throws TemplateError on a runtime error. Safe to call concurrently. */
  render(scope: TemplateScope): string;
}

function objectAt(parent: unknown, key: string): object | undefined {
  if (parent === null || typeof parent !== 'object') return undefined;
  const value = (parent as Record<string, unknown>)[key];
  return value !== null && typeof value === 'object' ? value : undefined;
}

/** The override maps in this render's $context, each of whose keys may be set once. */
function overrideSlots(context: Record<string, unknown>): OverrideSlots {
  const request = objectAt(context, 'requestOverride');
  const response = objectAt(context, 'responseOverride');
  const maps = [objectAt(request, 'header'), objectAt(request, 'querystring'), objectAt(request, 'path'), objectAt(response, 'header')];
  return {
    maps: maps.filter((m): m is object => m !== undefined),
    keys: response ? [[response, 'status']] : [],
  };
}

class VelocityTemplate implements CompiledTemplate {
  constructor(private readonly parsed: ParsedTemplate) {}

  render(scope: TemplateScope): string {
    const renderer = new Renderer(this.parsed.asts, this.parsed.strings, overrideSlots(scope.context), this.parsed.macros);
    try {
      return renderer.run({
        input: new VtlInput(scope.input),
        util: UTIL,
        context: scope.context,
        stageVariables: scope.stageVariables,
      });
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      if (e instanceof JavaException) throw new TemplateError(`Template evaluation failed: ${e.message}`, { cause: e });
      throw new TemplateError(`Template evaluation failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    }
  }
}

/** Parses once (at compile time of a stage); throws TemplateError on a syntax error. */
export function compileTemplate(source: string): CompiledTemplate {
  return new VelocityTemplate(parseTemplate(source));
}
