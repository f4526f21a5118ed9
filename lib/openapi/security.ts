/**
 * @module openapi/security
 * Security both ways: `securityDefinitions` (Swagger 2.0) /
 * `components.securitySchemes` (OpenAPI 3.0) with `x-amazon-apigateway-authorizer`
 * and `x-amazon-apigateway-authtype`, and the `security` requirements of the
 * document (the default for every operation) and of each operation.
 *
 * Import, as the Developer Guide and the recorded imports show: a scheme with
 * an authorizer extension is an authorizer of that name (created even when no
 * method uses it; `token`/`request`/`cognito_user_pools`; no TTL unless the
 * document gives one); a method requiring it is CUSTOM or COGNITO_USER_POOLS
 * with that authorizer, its scopes becoming `authorizationScopes`; the
 * `x-api-key` header scheme makes `apiKeyRequired`; a scheme with authtype
 * `awsSigv4` makes AWS_IAM. An operation's `security` replaces the document's
 * (`[]` = none). Schemes API Gateway cannot apply (oauth2 flows, http auth
 * without an authorizer) are warnings when used.
 *
 * Export: `api_key`, `sigv4` and one scheme per authorizer, the authorizer
 * extension only when `extensions=authorizers` (or `apigateway`) is asked.
 */
import type { Authorizer, Method } from '../model';
import type { AuthorizerDef } from './definition';
import { X, malformed } from './extensions';
import { isObj, type Obj } from './parse';
import type { ImportIssues } from './warnings';

type Scheme =
  | { kind: 'apiKey' }
  | { kind: 'iam' }
  | { kind: 'authorizer'; authorizationType: string }
  | { kind: 'unsupported'; type: string };

export type Schemes = Map<string, Scheme>;

const AUTHORIZER_TYPES: Record<string, string> = { token: 'TOKEN', request: 'REQUEST', cognito_user_pools: 'COGNITO_USER_POOLS' };

function optString(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw malformed(name);
  return v;
}

function readAuthorizer(name: string, scheme: Obj, raw: unknown): AuthorizerDef {
  const ext = `${X}authorizer`;
  if (!isObj(raw)) throw malformed(ext);
  const type = AUTHORIZER_TYPES[String(raw.type ?? '').toLowerCase()];
  if (!type) throw malformed(ext);
  const a: AuthorizerDef = { name, type };
  const authType = optString(scheme[`${X}authtype`], `${X}authtype`);
  if (authType !== undefined) a.authType = authType;
  for (const field of ['authorizerUri', 'authorizerCredentials', 'identitySource', 'identityValidationExpression'] as const) {
    const v = optString(raw[field], ext);
    if (v !== undefined) a[field] = v;
  }
  if (a.identitySource === undefined && type === 'TOKEN' && scheme.in === 'header' && typeof scheme.name === 'string') {
    a.identitySource = `method.request.header.${scheme.name}`;
  }
  if (raw.authorizerResultTtlInSeconds !== undefined) {
    const ttl = Number(raw.authorizerResultTtlInSeconds);
    if (!Number.isInteger(ttl)) throw malformed(ext);
    a.authorizerResultTtlInSeconds = ttl;
  }
  if (raw.providerARNs !== undefined) {
    if (!Array.isArray(raw.providerARNs) || raw.providerARNs.some((p) => typeof p !== 'string')) throw malformed(ext);
    a.providerARNs = raw.providerARNs as string[];
  }
  return a;
}

/** The document's schemes, and the authorizers they define (added to `authorizers`). */
export function readSchemes(raw: unknown, authorizers: AuthorizerDef[]): Schemes {
  const schemes: Schemes = new Map();
  if (raw === undefined || raw === null) return schemes;
  if (!isObj(raw)) throw malformed('security definitions');
  for (const [name, s] of Object.entries(raw)) {
    if (!isObj(s)) throw malformed('security definitions');
    const authType = typeof s[`${X}authtype`] === 'string' ? (s[`${X}authtype`] as string).toLowerCase() : undefined;
    if (s[`${X}authorizer`] !== undefined) {
      const a = readAuthorizer(name, s, s[`${X}authorizer`]);
      authorizers.push(a);
      schemes.set(name, { kind: 'authorizer', authorizationType: a.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM' });
    } else if (authType === 'awssigv4') {
      schemes.set(name, { kind: 'iam' });
    } else if (s.type === 'apiKey' && s.in === 'header' && typeof s.name === 'string' && s.name.toLowerCase() === 'x-api-key') {
      schemes.set(name, { kind: 'apiKey' });
    } else {
      schemes.set(name, { kind: 'unsupported', type: String(s.type) });
    }
  }
  return schemes;
}

/** Applies a `security` requirement list to `method`; returns the authorizer it names, if any. */
export function applySecurity(
  method: Method,
  requirements: unknown,
  schemes: Schemes,
  where: { path: string; verb: string },
  issues: ImportIssues,
): string | undefined {
  if (requirements === undefined || requirements === null) return undefined;
  if (!Array.isArray(requirements)) throw malformed('security requirement');
  let authorizerName: string | undefined;
  for (const requirement of requirements) {
    if (!isObj(requirement)) throw malformed('security requirement');
    for (const [name, scopes] of Object.entries(requirement)) {
      const scheme = schemes.get(name);
      if (!scheme) {
        issues.warn(`Security definition '${name}' used by method '${where.verb}' at path '${where.path}' is not defined. Ignoring.`); // our wording
        continue;
      }
      if (scheme.kind === 'apiKey') method.apiKeyRequired = true;
      else if (scheme.kind === 'iam') method.authorizationType = 'AWS_IAM';
      else if (scheme.kind === 'authorizer') {
        method.authorizationType = scheme.authorizationType;
        authorizerName = name;
        if (Array.isArray(scopes) && scopes.length && scheme.authorizationType === 'COGNITO_USER_POOLS') {
          method.authorizationScopes = scopes.map(String);
        }
      } else {
        issues.warn(`Security definition '${name}' of type '${scheme.type}' is not supported by API Gateway; method '${where.verb}' at path '${where.path}' is imported without it`); // our wording
      }
    }
  }
  return authorizerName;
}

// ---- export ----------------------------------------------------------------------------------

/** An authorizer as a deployment snapshot holds it. */
export type SnapshotAuthorizer = Authorizer;

function authorizerScheme(a: SnapshotAuthorizer, withExtension: boolean): Obj {
  const header = /^method\.request\.header\.([^,\s]+)$/.exec(a.identitySource ?? '')?.[1];
  const out: Obj = {
    type: 'apiKey',
    name: header ?? 'Unused',
    in: 'header',
    [`${X}authtype`]: a.authType ?? (a.type === 'COGNITO_USER_POOLS' ? 'cognito_user_pools' : 'custom'),
  };
  if (withExtension) {
    const ext: Obj = { type: a.type.toLowerCase() };
    for (const f of ['authorizerUri', 'authorizerCredentials', 'authorizerResultTtlInSeconds', 'identitySource', 'identityValidationExpression', 'providerARNs'] as const) {
      if (a[f] !== undefined) ext[f] = a[f];
    }
    out[`${X}authorizer`] = ext;
  }
  return out;
}

/** The schemes an export defines: api_key, sigv4 and the authorizers the methods use. */
export function writeSchemes(methods: Method[], authorizers: SnapshotAuthorizer[], withAuthorizerExtension: boolean): Obj {
  const out: Obj = {};
  if (methods.some((m) => m.apiKeyRequired)) out.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
  if (methods.some((m) => m.authorizationType === 'AWS_IAM')) {
    out.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', [`${X}authtype`]: 'awsSigv4' };
  }
  for (const a of authorizers) out[a.name] = authorizerScheme(a, withAuthorizerExtension);
  return out;
}

/** A method's `security` requirement list (undefined when it has none). */
export function writeSecurity(m: Method, authorizers: SnapshotAuthorizer[]): Obj[] | undefined {
  const requirement: Obj = {};
  if (m.authorizationType === 'AWS_IAM') requirement.sigv4 = [];
  if ((m.authorizationType === 'CUSTOM' || m.authorizationType === 'COGNITO_USER_POOLS') && m.authorizerId) {
    const a = authorizers.find((x) => x.id === m.authorizerId);
    if (a) requirement[a.name] = m.authorizationScopes ?? [];
  }
  if (m.apiKeyRequired) requirement.api_key = [];
  return Object.keys(requirement).length ? [requirement] : undefined;
}
