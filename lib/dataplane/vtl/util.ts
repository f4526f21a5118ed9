/**
 * @module dataplane/vtl/util
 * `$util`, the six functions API Gateway documents for mapping templates:
 * - `escapeJavaScript(s)`: Java-style escaping as Apache Commons Lang does it
 *   (what API Gateway uses): `"` `\` `/` and — unlike JSON — `'` become `\"`
 *   `\\` `\/` `\'`; control characters `\n` `\t` … or `\u00XX`; every
 *   character above U+007F becomes `\uXXXX` (upper-case hex);
 * - `parseJson(s)`: the JSON text as maps/lists (as `$input.path` gives them);
 * - `urlEncode(s)` / `urlDecode(s)`: `java.net.URLEncoder`/`URLDecoder` with
 *   UTF-8 (space is `+`, `*-._` kept, malformed `%` escapes fail);
 * - `base64Encode(s)` / `base64Decode(s)`: UTF-8 text to and from base64.
 * Any other `$util` method answers null, as on API Gateway. A null argument
 * answers null.
 */
import { TemplateJsonError } from './errors';
import { HostObject } from './host';
import { javaToString, parseJsonDocument } from './java-print';
import { JavaException } from './java-string';

function hex(code: number): string {
  return code.toString(16).toUpperCase();
}

export function escapeJavaScript(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch > 0xfff) out += `\\u${hex(ch)}`;
    else if (ch > 0xff) out += `\\u0${hex(ch)}`;
    else if (ch > 0x7f) out += `\\u00${hex(ch)}`;
    else if (ch < 32) {
      switch (ch) {
        case 8:
          out += '\\b';
          break;
        case 10:
          out += '\\n';
          break;
        case 9:
          out += '\\t';
          break;
        case 12:
          out += '\\f';
          break;
        case 13:
          out += '\\r';
          break;
        default:
          out += ch > 0xf ? `\\u00${hex(ch)}` : `\\u000${hex(ch)}`;
      }
    } else {
      const c = s[i];
      out += c === "'" ? "\\'" : c === '"' ? '\\"' : c === '\\' ? '\\\\' : c === '/' ? '\\/' : c;
    }
  }
  return out;
}

/** `java.net.URLEncoder.encode(s, "UTF-8")`. */
export function urlEncode(s: string): string {
  const wellFormed = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '?');
  return encodeURIComponent(wellFormed)
    .replace(/[!'()~]/g, (c) => `%${hex(c.charCodeAt(0))}`)
    .replace(/%20/g, '+')
    .replace(/%2A/g, '*');
}

/** `java.net.URLDecoder.decode(s, "UTF-8")`; a malformed `%` escape throws. */
export function urlDecode(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '+') {
      out += ' ';
      i++;
    } else if (c === '%') {
      const bytes: number[] = [];
      while (i < s.length && s[i] === '%') {
        const pair = s.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(pair)) {
          throw new JavaException(`java.lang.IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%) pattern`);
        }
        bytes.push(parseInt(pair, 16));
        i += 3;
      }
      out += Buffer.from(bytes).toString('utf8');
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export class VtlUtil extends HostObject {
  callMethod(name: string, args: unknown[]): unknown {
    if (args.length !== 1) return undefined;
    const arg = args[0];
    if (arg === null || arg === undefined) return null;
    const text = javaToString(arg);
    switch (name) {
      case 'escapeJavaScript':
        return escapeJavaScript(text);
      case 'parseJson':
        try {
          return parseJsonDocument(text);
        } catch (e) {
          throw new TemplateJsonError(`$util.parseJson: ${(e as Error).message}`);
        }
      case 'urlEncode':
        return urlEncode(text);
      case 'urlDecode':
        return urlDecode(text);
      case 'base64Encode':
        return Buffer.from(text, 'utf8').toString('base64');
      case 'base64Decode':
        return Buffer.from(text, 'base64').toString('utf8');
      default:
        return undefined;
    }
  }

  javaToString(): string {
    return '$util';
  }
}

/** `$util` holds no state, so every render shares one. */
export const UTIL = Object.freeze(new VtlUtil());
