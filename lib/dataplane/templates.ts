/**
 * @module dataplane/templates
 * Mapping templates (`requestTemplates`, `responseTemplates`), compiled once
 * per deployment, and their selection as API Gateway does it:
 * - request: the template whose key is the request's Content-Type media type
 *   (application/json when the request has none); otherwise the
 *   passthroughBehavior decides (WHEN_NO_MATCH passes the body through,
 *   WHEN_NO_TEMPLATES passes it only when no template is defined, NEVER
 *   refuses) — a refusal is 415 UNSUPPORTED_MEDIA_TYPE;
 * - response: the template for the first media type of the Accept header,
 *   else application/json, else the first one declared.
 * A template without `$` or `#` renders to itself, so it is kept as text and
 * never goes through the VTL engine. A template that does not compile is
 * logged at compile time and answers 500 (API_CONFIGURATION_ERROR) when used.
 */
import { compileTemplate, type CompiledTemplate } from './vtl';
import type { TemplateSet } from './types';

class StaticTemplate implements CompiledTemplate {
  constructor(readonly text: string) {}
  render(): string {
    return this.text;
  }
}

/** The fixed output of a template without `$` or `#` (no scope needs building to render it). */
export function staticTextOf(t: CompiledTemplate): string | undefined {
  return t instanceof StaticTemplate ? t.text : undefined;
}

class BrokenTemplate implements CompiledTemplate {
  constructor(readonly reason: string) {}
  render(): string {
    throw new Error(this.reason);
  }
}

export function compileOne(source: string, warnings: string[], where: string): CompiledTemplate {
  if (source.indexOf('$') === -1 && source.indexOf('#') === -1) return new StaticTemplate(source);
  try {
    return compileTemplate(source);
  } catch (e) {
    const reason = `${where}: mapping template does not compile: ${(e as Error).message}`;
    warnings.push(reason);
    return new BrokenTemplate(reason);
  }
}

export const EMPTY_TEMPLATES: TemplateSet = { types: [], byType: new Map() };

export function compileTemplateSet(templates: Record<string, string | null> | undefined, warnings: string[], where: string): TemplateSet {
  const entries = Object.entries(templates ?? {});
  if (entries.length === 0) return EMPTY_TEMPLATES;
  const byType = new Map<string, CompiledTemplate>();
  const types: string[] = [];
  for (const [type, source] of entries) {
    const key = type.toLowerCase();
    types.push(key);
    byType.set(key, compileOne(source ?? '', warnings, `${where} (${type})`));
  }
  return { types, byType };
}

export function selectResponseTemplate(set: TemplateSet, acceptType: string | undefined): { type: string; template: CompiledTemplate } | undefined {
  if (set.types.length === 0) return undefined;
  if (acceptType) {
    const t = set.byType.get(acceptType);
    if (t) return { type: acceptType, template: t };
  }
  const json = set.byType.get('application/json');
  if (json) return { type: 'application/json', template: json };
  const first = set.types[0];
  return { type: first, template: set.byType.get(first)! };
}
