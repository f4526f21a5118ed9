/**
 * @module dataplane/vtl/java-regex
 * `java.util.regex` as far as templates use it (`replaceAll`, `replaceFirst`,
 * `matches`, `split`): Java patterns run on JS RegExp after translating the
 * constructs that differ (leading inline flags `(?i)`/`(?s)`/`(?m)`, `\A`,
 * `\Z`, `\z`, possessive quantifiers), and Java replacement strings (`$1`,
 * `\$`) are applied with Java's rules. Atomic groups and other constructs JS
 * lacks raise a TemplateError-worthy RegexError, as PatternSyntaxException does.
 */

export class RegexError extends Error {}

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 256;

/** A global JS RegExp for a Java pattern (cached; callers must reset lastIndex). */
export function javaRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) {
    re.lastIndex = 0;
    return re;
  }
  re = translate(pattern);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, re);
  return re;
}

function translate(pattern: string): RegExp {
  let source = pattern;
  let flags = 'g';
  const inline = /^\(\?([imsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  if (source.includes('(?>')) throw new RegexError(`Unsupported regex construct (atomic group) in: ${pattern}`);
  source = source
    .replace(/(^|[^\\])\\A/g, '$1^')
    .replace(/(^|[^\\])\\[zZ]/g, '$1$$')
    .replace(/([*+?}])\+/g, '$1');
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new RegexError(`Invalid regex ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
}

/** Applies a Java replacement string (`$n` group references, `\x` escapes) to one match. */
function expandReplacement(replacement: string, match: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw new RegexError('character to be escaped is missing');
      out += replacement[i];
    } else if (c === '$') {
      i++;
      if (i >= replacement.length || replacement[i] < '0' || replacement[i] > '9') {
        throw new RegexError('Illegal group reference');
      }
      let group = Number(replacement[i]);
      while (i + 1 < replacement.length && /[0-9]/.test(replacement[i + 1]) && group * 10 + Number(replacement[i + 1]) < match.length) {
        i++;
        group = group * 10 + Number(replacement[i]);
      }
      if (group >= match.length) throw new RegexError(`No group ${group}`);
      out += match[group] ?? '';
    } else {
      out += c;
    }
  }
  return out;
}

/** `String#replaceAll` / `String#replaceFirst`. */
export function javaReplace(text: string, pattern: string, replacement: string, firstOnly: boolean): string {
  const re = javaRegex(pattern);
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out += text.slice(last, m.index) + expandReplacement(replacement, m);
    last = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
    if (firstOnly) break;
  }
  re.lastIndex = 0;
  return out + text.slice(last);
}

/** `String#matches`: the whole string matches the pattern. */
export function javaMatches(text: string, pattern: string): boolean {
  const re = javaRegex(pattern);
  const anchored = new RegExp(`^(?:${re.source})$`, re.flags.replace('g', ''));
  return anchored.test(text);
}

/** `String#split(regex[, limit])` with Java's trailing-empty-string rules. */
export function javaSplit(text: string, pattern: string, limit = 0): string[] {
  const re = javaRegex(pattern);
  const parts: string[] = [];
  let last = 0;
  let matched = false;
  let m: RegExpExecArray | null;
  while ((limit <= 0 || parts.length < limit - 1) && (m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      // Java: a zero-width match at the start (or end) never yields an empty leading piece.
      if (m.index === 0 || m.index >= text.length) continue;
    }
    matched = true;
    parts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
  }
  re.lastIndex = 0;
  if (!matched) return [text];
  parts.push(text.slice(last));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
