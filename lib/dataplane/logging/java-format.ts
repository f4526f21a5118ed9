/**
 * @module dataplane/logging/java-format
 * How API Gateway's execution log prints values, as a Java service does:
 * timestamps as Java's `Date.toString()` in UTC (`Sun Nov 21 20:06:39 UTC
 * 2026`, TestInvokeMethod's log), maps as `Map.toString()` (`{a=1, b=2}`), a
 * value longer than 1,000 characters cut and marked ` [TRUNCATED]`, and the
 * redaction of credentials (`Authorization`, `x-api-key`) that execution logs
 * of deployed stages apply ("API Gateway redacts authorization headers, API
 * key values, and similar sensitive request parameters"; the number of
 * characters AWS keeps visible is not documented — we keep the last 4).
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `Sun Nov 21 20:06:39 UTC 2026` (Java's Date.toString() in UTC). */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export const LOG_VALUE_LIMIT = 1000;

export function truncated(s: string): string {
  return s.length > LOG_VALUE_LIMIT ? `${s.slice(0, LOG_VALUE_LIMIT)} [TRUNCATED]` : s;
}

/** `{a=1, b=2}`; a list value prints as `[x, y]`. */
export function javaMap(map: Record<string, string | string[]> | Map<string, string | string[]>): string {
  const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
  return `{${entries.map(([k, v]) => `${k}=${Array.isArray(v) ? (v.length === 1 ? v[0] : `[${v.join(', ')}]`) : v}`).join(', ')}}`;
}

/** Headers whose values execution logs of deployed stages never show in full. */
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'x-amz-security-token']);

/** `************abcd`: all but the last 4 characters starred (an empty value stays empty). */
export function mask(value: string): string {
  return value.length <= 4 ? '*'.repeat(value.length) : '*'.repeat(value.length - 4) + value.slice(-4);
}

/** The headers with credential values masked. */
export function redactHeaders(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? (Array.isArray(v) ? v.map(mask) : mask(v)) : v;
  }
  return out;
}
