/**
 * @module dataplane/auth/resource-policy
 * An API's resource policy, compiled once per deployment and evaluated per
 * request as IAM evaluates a resource-based policy for `execute-api:Invoke`:
 * - statements whose Action/NotAction, Resource/NotResource,
 *   Principal/NotPrincipal and Condition all match the request apply; any
 *   applying Deny is an explicit deny (it wins), else any applying Allow
 *   allows, else the request is implicitly denied;
 * - resources are `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/
 *   {METHOD}/{path}` with `*` and `?` wildcards (matched segment by segment
 *   up to the resource part, where `*` also spans `/`), `*`, and API
 *   Gateway's shorthand `execute-api:/{stage}/{METHOD}/{path}` for this API;
 * - Principal `*` (or `{"AWS": "*"}`) is everyone, the anonymous caller
 *   included; `{"AWS": …}` names an account (`123456789012`,
 *   `arn:aws:iam::123456789012:root`), a user, a role (its assumed-role
 *   sessions) or an STS session, and only matches a caller IAM
 *   authenticated; other principal types (Service, Federated…) never match
 *   an API call;
 * - conditions: see policy-conditions.ts.
 * Anything that cannot be understood is reported in `warnings` (logged once
 * when the deployment is loaded) and decided on the safe side (it never
 * allows, and a Deny it might match still denies).
 */
import { compileCondition, type CompiledCondition, type ConditionContext } from './policy-conditions';
import { actionMatcher, arnMatcher, arnParts, elementMatcher, globRegex, stringList, type Matcher } from './iam-patterns';

export type PolicyDecision = 'allow' | 'explicitDeny' | 'implicitDeny';

/** Who is calling: an IAM-authenticated principal, or nobody (anonymous). */
export interface PolicyPrincipal {
  accountId: string;
  /** `arn:aws:iam::…:user/name`, `arn:aws:sts::…:assumed-role/Role/session`, `arn:aws:iam::…:root`. */
  arn: string;
}

export interface PolicyRequest {
  /** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}` */
  resourceArn: string;
  principal?: PolicyPrincipal;
  /** Condition keys by lowercased name. */
  context: ConditionContext;
  /** The action asked for; `execute-api:Invoke` unless given (`execute-api:InvalidateCache`: the API cache). */
  action?: string;
}

export interface CompiledPolicy {
  evaluate(req: PolicyRequest): PolicyDecision;
}

const ACTION = 'execute-api:invoke';

function resourceMatcher(pattern: string, apiId: string): Matcher {
  if (pattern === '*') return () => true;
  if (pattern.startsWith('execute-api:/')) {
    // API Gateway's shorthand for this API's own ARN.
    const re = globRegex(apiId + pattern.slice('execute-api:'.length));
    return (arn) => {
      const p = arnParts(arn);
      return !!p && re.test(p[5]);
    };
  }
  return arnMatcher(pattern);
}

function principalMatcher(entry: string): (p: PolicyPrincipal | undefined) => boolean {
  if (entry === '*') return () => true;
  if (/^\d{12}$/.test(entry)) return (p) => p?.accountId === entry;
  const m = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}):(.+)$/.exec(entry);
  if (!m) return () => false;
  const [, service, account, resource] = m;
  if (service === 'iam' && resource === 'root') return (p) => p?.accountId === account;
  if (service === 'iam' && resource.startsWith('role/')) {
    // A role matches its sessions: arn:aws:sts::{account}:assumed-role/{RoleName}/{session}.
    const roleName = resource.slice(resource.lastIndexOf('/') + 1);
    const prefix = `:sts::${account}:assumed-role/${roleName}/`;
    return (p) => !!p && (p.arn === entry || p.arn.includes(prefix));
  }
  return (p) => p?.arn === entry;
}

type PrincipalTest = (p: PolicyPrincipal | undefined) => boolean;

function compilePrincipal(v: unknown, warnings: string[], where: string): PrincipalTest {
  if (v === '*') return () => true;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    warnings.push(`${where}: Principal ${JSON.stringify(v)} is not "*" or an object; it matches nobody`);
    return () => false;
  }
  const tests: PrincipalTest[] = [];
  for (const [type, value] of Object.entries(v as Record<string, unknown>)) {
    const entries = stringList(value);
    if (!entries) {
      warnings.push(`${where}: Principal ${type} is not a string or list of strings; it matches nobody`);
      continue;
    }
    if (type !== 'AWS') continue; // Service, Federated, CanonicalUser: never the caller of an API
    tests.push(...entries.map(principalMatcher));
  }
  return (p) => tests.some((t) => t(p));
}

interface Statement {
  deny: boolean;
  action: Matcher;
  resource: Matcher;
  principal: PrincipalTest;
  condition?: CompiledCondition;
}

function compileStatement(st: unknown, apiId: string, warnings: string[], where: string): Statement | undefined {
  if (typeof st !== 'object' || st === null || Array.isArray(st)) {
    warnings.push(`${where}: not an object; ignored`);
    return undefined;
  }
  const s = st as Record<string, unknown>;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
    warnings.push(`${where}: Effect ${JSON.stringify(s.Effect)} is neither Allow nor Deny; ignored`);
    return undefined;
  }
  const deny = s.Effect === 'Deny';

  const actionList = stringList(s.Action ?? s.NotAction);
  if (!actionList) {
    warnings.push(`${where}: no Action or NotAction; ignored`);
    return undefined;
  }
  const action = elementMatcher(actionList, actionMatcher, s.Action === undefined);

  const resourceList = stringList(s.Resource ?? s.NotResource);
  if (!resourceList) {
    warnings.push(`${where}: no Resource or NotResource; ignored`);
    return undefined;
  }
  const resource = elementMatcher(resourceList, (p) => resourceMatcher(p, apiId), s.Resource === undefined);

  let principal: PrincipalTest;
  if (s.Principal !== undefined) principal = compilePrincipal(s.Principal, warnings, where);
  else if (s.NotPrincipal !== undefined) {
    const listed = compilePrincipal(s.NotPrincipal, warnings, where);
    principal = (p) => !listed(p);
  } else {
    warnings.push(`${where}: no Principal or NotPrincipal (a resource policy statement needs one); ignored`);
    return undefined;
  }
  return { deny, action, resource, principal, condition: compileCondition(s.Condition, warnings, where) };
}

/** Compiles the policy document frozen in the deployment (`restApi.policy`) for API `apiId`. */
export function compilePolicy(document: string, apiId: string, warnings: string[]): CompiledPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(document);
  } catch {
    warnings.push('the resource policy is not valid JSON; every request is denied');
    return { evaluate: () => 'implicitDeny' };
  }
  const raw = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).Statement : undefined;
  const list = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : [];
  const statements: Statement[] = [];
  list.forEach((st, i) => {
    const sid = typeof st === 'object' && st !== null && typeof (st as { Sid?: unknown }).Sid === 'string' ? ` (${(st as { Sid: string }).Sid})` : '';
    const c = compileStatement(st, apiId, warnings, `resource policy statement ${i}${sid}`);
    if (c) statements.push(c);
  });
  return {
    evaluate(req) {
      let allowed = false;
      for (const st of statements) {
        if (!st.action(req.action ?? ACTION) || !st.resource(req.resourceArn) || !st.principal(req.principal)) continue;
        // An operator we cannot evaluate counts as holding for a Deny, not for an Allow.
        if (st.condition && !st.condition.holds(req.context, st.deny)) continue;
        if (st.deny) return 'explicitDeny';
        allowed = true;
      }
      return allowed ? 'allow' : 'implicitDeny';
    },
  };
}
