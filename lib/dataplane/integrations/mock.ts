/**
 * @module dataplane/integrations/mock
 * The MOCK integration: no backend. The integration request body (the
 * request template's output, or the passed-through body) names the status
 * code as JSON `{"statusCode": 200}`; an empty body means 200. A body that is
 * not JSON, or a statusCode that is not an integer, is API Gateway's
 * configuration error ("Unable to parse statusCode. It should be an integer
 * that is defined in the request template.") — 500. The integration response
 * body is empty; the integration response's template makes the answer.
 */
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';

const EMPTY = Buffer.alloc(0);
const PARSE_ERROR = 'Unable to parse statusCode. It should be an integer that is defined in the request template.';

export function mockStatusCode(body: Buffer): number {
  if (body.length === 0) return 200;
  const text = body.toString('utf8').trim();
  if (text === '') return 200;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error', { statusCode: 500 });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 200;
  const code = (parsed as { statusCode?: unknown }).statusCode;
  if (code === undefined) return 200;
  const n = typeof code === 'string' && /^\d+$/.test(code.trim()) ? Number(code) : code;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error', { statusCode: 500 });
  }
  return n;
}

export const mockIntegration = {
  proxy: false,
  invoke(ctx: InvocationContext): void {
    let statusCode: number;
    try {
      statusCode = mockStatusCode(ctx.integrationRequest!.body);
    } catch (e) {
      ctx.configurationError(PARSE_ERROR);
      throw e;
    }
    ctx.integrationResponse = { statusCode, rawHeaders: [], body: EMPTY };
  },
};
