/**
 * @module dataplane/render
 * Renders one mapping template for this request: `$input` (the given body
 * text and the method request's path/querystring/header parameters),
 * `$context` (mutable, so `requestOverride` / `responseOverride` set by the
 * template are read afterwards) and `$stageVariables`. A GatewayError the
 * engine raises (e.g. a bad JSON body) passes through; any other failure is a
 * configuration error: 500 `{"message": "Internal server error"}`, logged.
 */
import type { InvocationContext } from './context';
import { GatewayError } from './gateway-responses';
import type { CompiledTemplate } from './vtl';
import { staticTextOf } from './templates';

export function renderTemplate(ctx: InvocationContext, template: CompiledTemplate, body: string): string {
  const fixed = staticTextOf(template);
  if (fixed !== undefined) return fixed;
  const r = ctx.request;
  try {
    return template.render({
      input: { body, params: { path: ctx.route?.pathParams ?? {}, querystring: r.querystring, header: r.header } },
      context: ctx.contextVars(),
      stageVariables: ctx.stageVariables,
    });
  } catch (e) {
    if (e instanceof GatewayError) throw e;
    ctx.configurationError(`mapping template failed: ${(e as Error)?.message ?? e}`);
    throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
  }
}
