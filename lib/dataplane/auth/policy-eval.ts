/**
 * @module dataplane/auth/policy-eval
 * The IAM policy a Lambda authorizer returns (`policyDocument`), evaluated
 * against a method ARN as API Gateway does ("Output from an API Gateway
 * Lambda authorizer"; IAM's evaluation logic):
 * - each statement has `Effect` `Allow` or `Deny`, `Action` or `NotAction`,
 *   `Resource` or `NotResource` (a string or a list of strings);
 * - it applies when its action matches `execute-api:Invoke` (case-insensitive,
 *   `*` and `?` wildcards: `execute-api:*`, `*`) and its resource matches the
 *   method ARN `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`
 *   — part by part up to the resource, where `*` also spans `/`
 *   (`arn:aws:execute-api:us-east-1:123456789012:abc123/*` covers every
 *   stage, method and path of that API; `*` alone covers everything);
 * - any applying Deny wins (explicit deny), else any applying Allow allows,
 *   else the request is implicitly denied.
 * The same (cached) policy decides every method it is used for: an Allow for
 * `…/GET/pets` does not allow `POST /pets`.
 *
 * Not evaluated: `Condition` blocks (API Gateway has no request context for
 * them here); a statement with one applies as if it held, and the caller logs
 * that once per policy. A document that is not a policy (no statements, an
 * Effect other than Allow/Deny, no action or resource) is refused with the
 * reason, which API Gateway answers as a configuration error.
 */
import { actionMatcher, arnMatcher, elementMatcher, stringList, type Matcher } from './iam-patterns';

export type PolicyVerdict = 'allow' | 'explicitDeny' | 'implicitDeny';

export interface AuthorizerPolicy {
  evaluate(methodArn: string): PolicyVerdict;
  /** Parts of the policy that were not evaluated (Condition blocks). */
  notes: string[];
}

interface Statement {
  deny: boolean;
  action: Matcher;
  resource: Matcher;
}

const ACTION = 'execute-api:Invoke';
const MAX_VERDICTS = 256;

function compileStatement(st: unknown, i: number, notes: string[]): Statement | string {
  if (st === null || typeof st !== 'object' || Array.isArray(st)) return `statement ${i} is not an object`;
  const s = st as Record<string, unknown>;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return `statement ${i}: Effect ${JSON.stringify(s.Effect)} is not Allow or Deny`;
  const actions = stringList(s.Action ?? s.NotAction, { nonEmpty: true });
  if (!actions) return `statement ${i} has no Action (a string or a list of strings)`;
  const resources = stringList(s.Resource ?? s.NotResource, { nonEmpty: true });
  if (!resources) return `statement ${i} has no Resource (a string or a list of strings)`;
  if (s.Condition !== undefined) notes.push(`statement ${i}: its Condition is not evaluated (the statement applies as if it held)`);
  return {
    deny: s.Effect === 'Deny',
    action: elementMatcher(actions, actionMatcher, s.Action === undefined),
    resource: elementMatcher(resources, arnMatcher, s.Resource === undefined),
  };
}

/** Compiles a returned `policyDocument`; a string is why it is not a policy. */
export function compileAuthorizerPolicy(doc: unknown): AuthorizerPolicy | string {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'policyDocument is not an object';
  const raw = (doc as Record<string, unknown>).Statement;
  const list = Array.isArray(raw) ? raw : raw !== undefined && raw !== null ? [raw] : [];
  if (list.length === 0) return 'policyDocument has no Statement';
  const notes: string[] = [];
  const statements: Statement[] = [];
  for (let i = 0; i < list.length; i++) {
    const st = compileStatement(list[i], i, notes);
    if (typeof st === 'string') return st;
    statements.push(st);
  }
  // A cached policy decides request after request for the same few ARNs: their verdicts are kept (a bounded few).
  const verdicts = new Map<string, PolicyVerdict>();
  return {
    notes,
    evaluate(methodArn) {
      const known = verdicts.get(methodArn);
      if (known) return known;
      let verdict: PolicyVerdict = 'implicitDeny';
      for (const st of statements) {
        if (!st.action(ACTION) || !st.resource(methodArn)) continue;
        if (st.deny) {
          verdict = 'explicitDeny';
          break;
        }
        verdict = 'allow';
      }
      if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
      verdicts.set(methodArn, verdict);
      return verdict;
    },
  };
}

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path without its leading /}` */
export function methodArn(region: string, account: string, apiId: string, stage: string, httpMethod: string, path: string): string {
  return `arn:aws:execute-api:${region}:${account}:${apiId}/${stage}/${httpMethod}/${path.startsWith('/') ? path.slice(1) : path}`;
}
