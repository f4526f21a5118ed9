/**
 * @module dataplane/steps/method-response
 * Step 6: the method response as it goes back — `$context.responseOverride`
 * (`status`, `header.X`) set by a template wins over the mapped status and
 * headers, and a response without a Content-Type gets API Gateway's
 * default, `application/json`.
 */
import type { InvocationContext } from '../context';
import { GATEWAY_RESPONSE_HEADERS } from '../headers';
import { setHeader } from './integration-response';

export function methodResponse(ctx: InvocationContext): void {
  const res = ctx.response!;
  if (ctx.hasContextVars() && !ctx.route!.method.integration!.proxy) {
    const o = ctx.contextVars().responseOverride as { status?: unknown; header?: Record<string, unknown> } | undefined;
    if (o) {
      const status = Number(o.status);
      if (o.status !== undefined && o.status !== null && o.status !== '' && Number.isInteger(status) && status >= 100 && status <= 599)
        res.statusCode = status;
      for (const [k, v] of Object.entries(o.header ?? {})) {
        if (v === undefined || v === null || GATEWAY_RESPONSE_HEADERS.has(k.toLowerCase())) continue;
        setHeader(res.headers, k, String(v));
      }
    }
  }
  if (!hasHeader(res.headers, 'content-type')) res.headers['Content-Type'] = 'application/json';
}

function hasHeader(headers: Record<string, unknown>, lc: string): boolean {
  for (const k in headers) if (k.length === lc.length && k.toLowerCase() === lc) return true;
  return false;
}
