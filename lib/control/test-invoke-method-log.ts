/**
 * @module control/test-invoke-method-log
 * The `log` of a TestInvokeMethod answer, in the shape of API Gateway's
 * execution log. The lines and their order follow AWS's recorded answers
 * (a recorded failed test invoke, and console/CLI test invokes in the
 * Developer Guide and public issue threads):
 *
 *     Execution log for request {id}
 *     Sun Nov 21 20:06:39 UTC 2026 : Starting execution for request: {id}
 *     … : HTTP Method: GET, Resource Path: /pets/123        (the path invoked)
 *     … : Method request path: {petId=123}
 *     … : Method request query string: {foo=bar}
 *     … : Method request headers: {Accept=application/json}
 *     … : Method request body before transformations: …
 *     … : Endpoint request URI: …                          (not for MOCK)
 *     … : Endpoint request headers: {…}
 *     … : Endpoint request body after transformations: …
 *     … : Sending request to …
 *     … : Received response. Status: 200, Integration latency: 3 ms
 *     … : Endpoint response headers: {…}
 *     … : Endpoint response body before transformations: …
 *     … : Method response body after transformations: …
 *     … : Method response headers: {…}
 *     … : Successfully completed execution                (or the failure)
 *     … : Method completed with status: 200
 *
 * and a final newline. Maps print as Java's `Map.toString()` (`{a=1, b=2}`);
 * a value longer than 1,000 characters is cut and marked ` [TRUNCATED]`, as
 * AWS does. Timestamps are Java's `Date.toString()` in UTC.
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

export class ExecutionLog {
  private readonly lines: string[] = [];

  constructor(readonly requestId: string) {}

  add(text: string, at: number = Date.now()): void {
    this.lines.push(`${javaDate(at)} : ${truncated(text)}`);
  }

  toString(): string {
    return `Execution log for request ${this.requestId}\n${this.lines.join('\n')}\n`;
  }
}
