/**
 * @module dataplane/auth/authorizer-config
 * An API's authorizers as the data plane uses them, compiled once per
 * deployment from its snapshot, and the identity each reads from a request:
 * - TOKEN: the `identitySource` header (`method.request.header.Name`); a
 *   missing or empty header, or one that `identityValidationExpression` (a
 *   Java regex over the whole value) does not match, is 401 without calling
 *   the function;
 * - REQUEST: every comma-separated source (`method.request.header|
 *   querystring|multivalueheader|multivaluequerystring.Name`,
 *   `stageVariables.Name`, `context.Name`) must be present and non-empty, or
 *   401 without calling the function (API Reference, Authorizer
 *   `identitySource`); their values are the cache key;
 * - COGNITO_USER_POOLS: the token header, as for TOKEN, and the user pools
 *   of `providerARNs`.
 * The Lambda function comes from `authorizerUri` (stage variables resolved
 * per request when it holds any). An authorizer that cannot run (a URI that
 * names no function, a bad expression) is kept with the reason: its methods
 * answer 500 AUTHORIZER_CONFIGURATION_ERROR, and the compile step warns.
 */
import type { Authorizer } from '../../model';
import { parseIntegrationUri } from '../../lambda/arn';
import { parseSource } from '../mappings';
import type { ParamSource } from '../types';
import { userPoolOf, type UserPool } from './cognito';

export type AuthorizerType = 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS';

export interface IdentitySource {
  /** As configured: `method.request.header.Auth`. */
  expr: string;
  src: ParamSource;
}

export interface LambdaFunction {
  functionId: string;
  region: string;
}

export interface CompiledAuthorizer {
  id: string;
  name: string;
  type: AuthorizerType;
  /** Seconds; 0: results are not cached. */
  ttl: number;
  /** TOKEN and COGNITO_USER_POOLS: the token header, lowercased. */
  tokenHeader?: string;
  /** TOKEN: over the token; COGNITO_USER_POOLS: over `aud`. Anchored (the whole value must match). */
  validation?: RegExp;
  /** REQUEST: the identity sources, in order. */
  sources: IdentitySource[];
  /** TOKEN and REQUEST: `authorizerUri`, and the function it names when it has no stage variable. */
  uri?: string;
  fn?: LambdaFunction;
  /** COGNITO_USER_POOLS. */
  pools: UserPool[];
  /** Why the authorizer cannot run (its methods answer 500). */
  broken?: string;
}

/** What identity sources are read from: a data-plane request, or a TestInvokeAuthorizer input. */
export interface IdentityRequest {
  header(lc: string): string | undefined;
  multiHeader(lc: string): string[] | undefined;
  query(name: string): string | undefined;
  multiQuery(name: string): string[] | undefined;
  stageVariable(name: string): string | undefined;
  context(path: string[]): unknown;
}

const STAGE_VARIABLE = /\$\{stageVariables\.([^}]*)\}/g;

/** The function a Lambda authorizer URI names, stage variables substituted; a string is why there is none. */
export function functionOf(uri: string, stageVariables: Record<string, string>): LambdaFunction | string {
  const resolved = uri.replace(STAGE_VARIABLE, (_m, name: string) => stageVariables[name] ?? '');
  const p = parseIntegrationUri(resolved);
  if (p.kind !== 'lambda') return `Invalid authorizer URI ${resolved}: ${p.kind === 'invalid' ? p.reason : 'not a Lambda function invocation'}`;
  return { functionId: p.functionId, region: p.functionRegion };
}

function fullMatch(expr: string, flags = ''): RegExp | string {
  try {
    return new RegExp(`^(?:${expr})$`, flags);
  } catch {
    return `identityValidationExpression ${JSON.stringify(expr)} is not a valid regular expression`;
  }
}

export function compileAuthorizer(a: Authorizer): CompiledAuthorizer {
  const type = a.type as AuthorizerType;
  const out: CompiledAuthorizer = { id: a.id, name: a.name, type, ttl: a.authorizerResultTtlInSeconds ?? 300, sources: [], pools: [] };
  const fail = (why: string): CompiledAuthorizer => ({ ...out, broken: why });
  if (type !== 'TOKEN' && type !== 'REQUEST' && type !== 'COGNITO_USER_POOLS') return fail(`authorizer type ${a.type} is not known`);

  if (type === 'REQUEST') {
    for (const expr of (a.identitySource ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const src = parseSource(expr, 'request');
      if (typeof src === 'string' || src.kind === 'literal' || src.kind === 'methodBody' || (src.kind === 'method' && src.location === 'path')) {
        return fail(`identity source ${expr} cannot be read`);
      }
      out.sources.push({ expr, src });
    }
  } else {
    const m = /^method\.request\.header\.(.+)$/.exec((a.identitySource ?? '').trim());
    if (!m) return fail(`identity source ${JSON.stringify(a.identitySource ?? '')} is not a method.request.header.Name`);
    out.tokenHeader = m[1].toLowerCase();
    if (a.identityValidationExpression) {
      const re = fullMatch(a.identityValidationExpression);
      if (typeof re === 'string') return fail(re);
      out.validation = re;
    }
  }

  if (type === 'COGNITO_USER_POOLS') {
    for (const arn of a.providerARNs ?? []) {
      const pool = userPoolOf(arn);
      if (!pool) return fail(`provider ARN ${arn} is not a Cognito user pool ARN`);
      out.pools.push(pool);
    }
    if (out.pools.length === 0) return fail('no user pool (providerARNs) is configured');
    return out;
  }

  const uri = a.authorizerUri ?? '';
  out.uri = uri;
  if (!uri.includes('${stageVariables.')) {
    const fn = functionOf(uri, {});
    if (typeof fn === 'string') return fail(fn);
    out.fn = fn;
  }
  return out;
}

export function compileAuthorizers(list: Authorizer[] | undefined, warnings: string[]): Map<string, CompiledAuthorizer> {
  const map = new Map<string, CompiledAuthorizer>();
  for (const a of list ?? []) {
    const c = compileAuthorizer(a);
    if (c.broken) warnings.push(`authorizer ${a.id} (${a.name}): ${c.broken}; its methods answer 500`);
    map.set(a.id, c);
  }
  return map;
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.length ? v.join(',') : undefined;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The value of one identity source; undefined when the request does not have it (or it is empty). */
export function readSource(src: ParamSource, req: IdentityRequest): string | undefined {
  let v: string | undefined;
  switch (src.kind) {
    case 'stageVariable':
      v = req.stageVariable(src.name);
      break;
    case 'context':
      v = text(req.context(src.path));
      break;
    case 'method':
      if (src.location === 'header') v = req.header(src.name);
      else if (src.location === 'multivalueheader') v = text(req.multiHeader(src.name));
      else if (src.location === 'querystring') v = req.query(src.name);
      else if (src.location === 'multivaluequerystring') v = text(req.multiQuery(src.name));
      break;
    default:
      v = undefined;
  }
  return v === undefined || v === '' ? undefined : v;
}

/**
 * The identity an authorizer reads: the token (TOKEN, COGNITO_USER_POOLS) or
 * the identity-source values (REQUEST), or why the request is refused (401).
 */
export function identityOf(a: CompiledAuthorizer, req: IdentityRequest): { values: string[] } | { missing: string } {
  if (a.type === 'REQUEST') {
    const values: string[] = [];
    for (const s of a.sources) {
      const v = readSource(s.src, req);
      if (v === undefined) return { missing: `identity source ${s.expr} is missing or empty` };
      values.push(v);
    }
    return { values };
  }
  const token = req.header(a.tokenHeader!);
  if (token === undefined || token === '') return { missing: `the ${a.tokenHeader} header is missing or empty` };
  if (a.type === 'TOKEN' && a.validation && !a.validation.test(token)) {
    return { missing: `the token does not match the identityValidationExpression` };
  }
  return { values: [token] };
}
