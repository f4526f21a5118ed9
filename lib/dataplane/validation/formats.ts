/**
 * @module dataplane/validation/formats
 * The draft 4 `format` attributes API Gateway's validator checks on strings:
 * `date-time` (`yyyy-MM-ddTHH:mm:ss`, optional fraction of 1–12 digits, `Z`
 * or a `±HH:mm` / `±HHmm` offset, a real calendar date), `email`,
 * `hostname`, `ipv4`, `ipv6`, `regex` (an ECMA 262 regular expression) and
 * `uri` (an RFC 3986 reference, relative ones included). Any other format is
 * not checked (the Java validator only warns about formats it does not know).
 *
 * Not emulated: the validator's optional extra formats (uuid, date, …), and
 * the exact corner cases of the Java libraries behind email and hostname.
 */
import { isIPv6 } from 'node:net';
import { MESSAGES } from './messages';

export type FormatCheck = (value: string) => string | undefined;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,12})?(?:Z|[+-](\d{2}):?(\d{2}))$/;

function dateTime(v: string): boolean {
  const m = DATE_TIME.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

const EMAIL_PART = /^[^\s@"(),:;<>[\]\\]+$/;
function email(v: string): boolean {
  const at = v.lastIndexOf('@');
  return at > 0 && at < v.length - 1 && EMAIL_PART.test(v.slice(0, at)) && EMAIL_PART.test(v.slice(at + 1)) && !v.includes('..');
}

function hostname(v: string): boolean {
  const name = v.endsWith('.') ? v.slice(0, -1) : v;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.every(
    (l, i) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l) && !(i === labels.length - 1 && labels.length > 1 && /^\d/.test(l)),
  );
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function regex(v: string): boolean {
  try {
    new RegExp(v);
    return true;
  } catch {
    return false;
  }
}

const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
function uri(v: string): boolean {
  if (!URI_CHARS.test(v)) return false;
  const colon = v.indexOf(':');
  const slash = v.indexOf('/');
  // A colon before any slash must end a scheme.
  if (colon !== -1 && (slash === -1 || colon < slash) && !SCHEME.test(v)) return false;
  return !SCHEME.test(v) || v.length > v.indexOf(':') + 1;
}

const CHECKS: Record<string, FormatCheck> = {
  'date-time': (v) => (dateTime(v) ? undefined : MESSAGES.dateTime(v)),
  email: (v) => (email(v) ? undefined : MESSAGES.email(v)),
  hostname: (v) => (hostname(v) ? undefined : MESSAGES.hostname(v)),
  ipv4: (v) => (IPV4.test(v) ? undefined : MESSAGES.ipv4(v)),
  ipv6: (v) => (isIPv6(v) ? undefined : MESSAGES.ipv6(v)),
  regex: (v) => (regex(v) ? undefined : MESSAGES.regex(v)),
  uri: (v) => (uri(v) ? undefined : MESSAGES.uri(v)),
};

/** The check for a format name, or undefined for a format that is not checked. */
export function formatCheck(name: string): FormatCheck | undefined {
  return Object.hasOwn(CHECKS, name) ? CHECKS[name] : undefined;
}
