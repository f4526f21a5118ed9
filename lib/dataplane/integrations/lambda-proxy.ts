/**
 * @module dataplane/integrations/lambda-proxy
 * AWS_PROXY integrations with Lambda: the request becomes the payload 1.0
 * event (proxy-event.ts), the function's answer becomes the method response.
 *
 * The response contract, as API Gateway (REST) enforces it — a JSON object
 * whose fields are all optional but must be among `statusCode`, `headers`,
 * `multiValueHeaders`, `body`, `isBase64Encoded`, read like a typed record
 * (recorded AWS answers, LocalStack's test_aws_proxy_response_payload_format_validation):
 * - `statusCode`: an integer, or a string of one (`"201"` → 201); missing or
 *   null → 200; `"test"` → 502;
 * - `headers`: string values (numbers and booleans become text); `multiValueHeaders`:
 *   lists of values (a single string instead of a list → 502); both are
 *   merged, a name in multiValueHeaders wins over the same name in headers;
 * - `body`: a string (numbers and booleans become text; an object → 502);
 * - `isBase64Encoded: true`: the body is base64; it goes back decoded when the
 *   first media type of the request's Accept header is one of the API's
 *   binaryMediaTypes, else as the base64 text (Developer Guide, "Binary media
 *   types for REST APIs");
 * - any other field, a payload that is not a JSON object (a string, null, an
 *   array, bad JSON, nothing), or a function error → 502
 *   `{"message": "Internal server error"}` and the log line AWS writes
 *   ("Malformed Lambda proxy response" / "customer function error").
 */
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';
import { base64Decode, firstAcceptType, isBinaryType } from '../media-types';
import { buildProxyEvent } from '../proxy-event';
import type { IntegrationKind } from './index';
import { callLambda, errorMessageOf, type LambdaTarget } from './lambda';

export interface ProxyResponse {
  statusCode: number;
  /** name, value, name, value… */
  rawHeaders: string[];
  body: string;
  isBase64Encoded: boolean;
}

const FIELDS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Reads a function's answer by the proxy response contract; a string is why it is malformed. */
export function parseProxyResponse(payload: Buffer): ProxyResponse | string {
  let v: unknown;
  try {
    v = JSON.parse(payload.toString('utf8'));
  } catch {
    return payload.length === 0 ? 'the function returned nothing' : 'the function did not return JSON';
  }
  if (!isObject(v)) return `the function returned ${v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`}, not an object`;
  for (const k of Object.keys(v)) if (!FIELDS.has(k)) return `unexpected field ${JSON.stringify(k)}`;

  let statusCode = 200;
  const sc = v.statusCode;
  if (sc !== undefined && sc !== null) {
    const n = typeof sc === 'number' ? Math.trunc(sc) : typeof sc === 'string' && /^[+-]?\d+$/.test(sc) ? Number(sc) : NaN;
    if (!Number.isInteger(n) || n < 100 || n > 599) return `statusCode ${JSON.stringify(sc)} is not an HTTP status code`;
    statusCode = n;
  }

  const merged = new Map<string, { name: string; values: string[] }>();
  const h = v.headers;
  if (h !== undefined && h !== null) {
    if (!isObject(h)) return 'headers is not an object';
    for (const [name, value] of Object.entries(h)) {
      if (value === null) continue;
      const text = scalarText(value);
      if (text === undefined) return `headers.${name} is not a string`;
      merged.set(name.toLowerCase(), { name, values: [text] });
    }
  }
  const mh = v.multiValueHeaders;
  if (mh !== undefined && mh !== null) {
    if (!isObject(mh)) return 'multiValueHeaders is not an object';
    for (const [name, list] of Object.entries(mh)) {
      if (list === null) continue;
      if (!Array.isArray(list)) return `multiValueHeaders.${name} is not a list`;
      const values: string[] = [];
      for (const item of list) {
        if (item === null) continue;
        const text = scalarText(item);
        if (text === undefined) return `multiValueHeaders.${name} holds a value that is not a string`;
        values.push(text);
      }
      merged.set(name.toLowerCase(), { name, values });
    }
  }

  let body = '';
  if (v.body !== undefined && v.body !== null) {
    const text = scalarText(v.body);
    if (text === undefined) return 'body is not a string';
    body = text;
  }

  let isBase64Encoded = false;
  const b = v.isBase64Encoded;
  if (b !== undefined && b !== null) {
    if (typeof b === 'boolean') isBase64Encoded = b;
    else if (typeof b === 'string' && /^(true|false)$/i.test(b)) isBase64Encoded = b.toLowerCase() === 'true';
    else return 'isBase64Encoded is not a boolean';
  }

  const rawHeaders: string[] = [];
  for (const { name, values } of merged.values()) for (const value of values) rawHeaders.push(name, value);
  return { statusCode, rawHeaders, body, isBase64Encoded };
}

const FAILURE = (): GatewayError => new GatewayError('INTEGRATION_FAILURE', 'Internal server error', { statusCode: 502 });

export function lambdaProxyKind(target: LambdaTarget): IntegrationKind {
  return {
    proxy: true,
    async invoke(ctx: InvocationContext): Promise<void> {
      const event = Buffer.from(JSON.stringify(buildProxyEvent(ctx)));
      const r = await callLambda(ctx, target, event);
      if (r.functionError) {
        ctx.log.warn(`${ctx.describe()}: Lambda execution failed with status ${r.statusCode} due to customer function error: ${errorMessageOf(r.payload)}`);
        throw FAILURE();
      }
      const parsed = parseProxyResponse(r.payload);
      if (typeof parsed === 'string') {
        ctx.configurationError(`Malformed Lambda proxy response (${parsed}): ${r.payload.toString('utf8', 0, Math.min(r.payload.length, 1000))}`);
        throw FAILURE();
      }
      let body: Buffer = Buffer.from(parsed.body, 'utf8');
      if (parsed.isBase64Encoded && isBinaryType(ctx.variant.deployment.binaryMediaTypes, firstAcceptType(ctx.request.headerLc.accept))) {
        body = base64Decode(body);
      }
      ctx.integrationResponse = { statusCode: parsed.statusCode, rawHeaders: parsed.rawHeaders, body, payloadFinal: true };
    },
  };
}
