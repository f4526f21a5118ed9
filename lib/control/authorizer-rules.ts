/**
 * @module control/authorizer-rules
 * The checks an authorizer must pass, at CreateAuthorizer and after every
 * UpdateAuthorizer, apart from the operations themselves.
 *
 * Rules (API Reference, Authorizer): `type` is TOKEN, REQUEST or
 * COGNITO_USER_POOLS; TOKEN and REQUEST need `authorizerUri`, an API Gateway
 * Lambda invocation ARN (`arn:aws:apigateway:{region}:lambda:path/2015-03-31/
 * functions/{lambda ARN}/invocations`); COGNITO_USER_POOLS needs
 * `providerARNs` (Cognito user pool ARNs); TOKEN and COGNITO_USER_POOLS
 * read their token from one header (`method.request.header.{name}`, AWS's
 * "Invalid token source expression" message); REQUEST reads a comma-separated
 * list of `method.request.header|querystring|multivalueheader|
 * multivaluequerystring.{name}`, `stageVariables.{name}` and
 * `context.{name}`, required while results are cached;
 * `authorizerResultTtlInSeconds` is 0–3600 (default 300).
 *
 * Only the token-source message is AWS's recorded wording; the others are
 * worded here in AWS's style.
 */
import { BadRequestException } from '../aws/errors';
import { enumConstraint, notNullConstraint, throwIfInvalid } from '../aws/validation';
import type { Authorizer } from '../model';

export const AUTHORIZER_TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'];
export const DEFAULT_TTL = 300;
const MAX_TTL = 3600;

const LAMBDA_URI =
  /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/\d{4}-\d{2}-\d{2}\/functions\/arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?\/invocations$/;
/** Stage variables may stand for the function name or alias, as AWS allows in Lambda URIs. */
const LAMBDA_URI_WITH_STAGE_VARIABLES = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/\d{4}-\d{2}-\d{2}\/functions\/arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:.*\$\{stageVariables\.[A-Za-z0-9_]+\}.*\/invocations$/;
const COGNITO_POOL = /^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+_[0-9A-Za-z]+$/;
const TOKEN_SOURCE = /^method\.request\.header\.[a-zA-Z0-9._-]+$/;
const REQUEST_SOURCE = /^(method\.request\.(header|querystring|multivalueheader|multivaluequerystring)\.[^\s,]+|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.$-]+)$/;

/** Constraints the request shape itself fails (AWS's ValidationException), for CreateAuthorizer. */
export function createConstraints(input: { name?: unknown; type?: unknown }): void {
  const errors: string[] = [];
  if (input.name === undefined || input.name === null) errors.push(notNullConstraint('createAuthorizerInput.name'));
  if (input.type === undefined || input.type === null) errors.push(notNullConstraint('createAuthorizerInput.type'));
  else if (typeof input.type !== 'string' || !AUTHORIZER_TYPES.includes(input.type)) {
    errors.push(enumConstraint(input.type, 'createAuthorizerInput.type', AUTHORIZER_TYPES));
  }
  throwIfInvalid(errors);
}

export function checkAuthorizerUri(a: Authorizer): void {
  if (a.type === 'COGNITO_USER_POOLS') return;
  const uri = a.authorizerUri;
  if (uri === undefined || uri === '') {
    throw new BadRequestException(`Invalid Authorizer URI specified: an authorizerUri is required for ${a.type} authorizers`);
  }
  if (!LAMBDA_URI.test(uri) && !LAMBDA_URI_WITH_STAGE_VARIABLES.test(uri)) {
    throw new BadRequestException(
      `Invalid Authorizer URI: ${uri}. Authorizer URI should be a valid API Gateway ARN that represents a Lambda function invocation.`,
    );
  }
}

function checkTokenSource(source: string | undefined): void {
  if (source === undefined || !TOKEN_SOURCE.test(source)) {
    throw new BadRequestException(
      `Invalid token source expression: ${source ?? 'null'}. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.`,
    );
  }
}

function checkRequestSources(a: Authorizer): void {
  const source = a.identitySource ?? '';
  const parts = source.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) {
    if ((a.authorizerResultTtlInSeconds ?? DEFAULT_TTL) > 0) {
      throw new BadRequestException('Invalid identity source specified: an identity source is required when authorization caching is enabled');
    }
    return;
  }
  for (const p of parts) {
    if (!REQUEST_SOURCE.test(p)) {
      throw new BadRequestException(
        `Invalid identity source expression: ${p}. Sources must be method.request.header.*, method.request.querystring.*, stageVariables.* or context.*`,
      );
    }
  }
}

export function checkTtl(ttl: unknown): number {
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) {
    throw new BadRequestException(`Invalid authorizer result TTL specified: ${String(ttl)}. Must be between 0 and ${MAX_TTL} seconds`);
  }
  return ttl;
}

/** Everything but the URI (which AWS checks before it looks the API up). */
export function checkAuthorizer(a: Authorizer): Authorizer {
  if (a.name.trim() === '') throw new BadRequestException('Authorizer name must be non-empty');
  if (!AUTHORIZER_TYPES.includes(a.type)) {
    throw new BadRequestException(`Invalid authorizer type specified: ${a.type}. Valid options are ${AUTHORIZER_TYPES.join(',')}`);
  }
  checkAuthorizerUri(a);
  if (a.type === 'COGNITO_USER_POOLS') {
    if (!a.providerARNs?.length) throw new BadRequestException('Invalid provider ARNs specified: COGNITO_USER_POOLS authorizers need at least one user pool ARN');
    for (const arn of a.providerARNs) {
      if (!COGNITO_POOL.test(arn)) throw new BadRequestException(`Invalid provider ARN specified: ${arn}`);
    }
  }
  if (a.type === 'REQUEST') checkRequestSources(a);
  else checkTokenSource(a.identitySource);
  if (a.authorizerResultTtlInSeconds !== undefined) checkTtl(a.authorizerResultTtlInSeconds);
  return a;
}
