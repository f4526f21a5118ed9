/**
 * @module dataplane/auth/iam-patterns
 * How IAM policy elements match, shared by the two policies API Gateway
 * evaluates on a request: the API's resource policy (resource-policy.ts) and
 * the policy a Lambda authorizer returns (policy-eval.ts).
 * - `*` matches any run of characters and `?` any one (IAM's wildcards);
 *   actions match case-insensitively.
 * - An ARN pattern matches part by part (`arn:partition:service:region:
 *   account:resource`, the resource keeping its colons), so a wildcard in the
 *   region cannot swallow the account; `*` alone matches everything.
 * - `Action`/`NotAction` and `Resource`/`NotResource`: a list of patterns, the
 *   `Not` form matching what none of them matches.
 */

export type Matcher = (value: string) => boolean;

/** A pattern with IAM's wildcards as an anchored regex. */
export function globRegex(pattern: string, flags = ''): RegExp {
  let re = '';
  for (const ch of pattern) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${re}$`, flags + 's');
}

/** A policy element that is a string or a list of strings, as a list (`undefined` otherwise, or when empty and `nonEmpty`). */
export function stringList(v: unknown, opts: { nonEmpty?: boolean } = {}): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string') && (!opts.nonEmpty || v.length > 0)) return v as string[];
  return undefined;
}

/** `arn:partition:service:region:account:resource` → its six parts (the resource keeps its colons). */
export function arnParts(arn: string): string[] | undefined {
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', at);
    if (colon === -1) return undefined;
    parts.push(arn.slice(at, colon));
    at = colon + 1;
  }
  parts.push(arn.slice(at));
  return parts;
}

export function arnMatcher(pattern: string): Matcher {
  if (pattern === '*') return () => true;
  const want = arnParts(pattern);
  if (!want) return () => false;
  const res = want.map((p) => globRegex(p));
  return (arn) => {
    const got = arnParts(arn);
    return !!got && res.every((re, i) => re.test(got[i]));
  };
}

export function actionMatcher(pattern: string): Matcher {
  const re = globRegex(pattern, 'i');
  return (action) => re.test(action);
}

/** An element's patterns as one matcher; `negated` for NotAction / NotResource. */
export function elementMatcher(patterns: string[], compile: (p: string) => Matcher, negated: boolean): Matcher {
  const ms = patterns.map(compile);
  return negated ? (v) => !ms.some((m) => m(v)) : (v) => ms.some((m) => m(v));
}
