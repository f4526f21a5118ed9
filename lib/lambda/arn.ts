/**
 * @module lambda/arn
 * Integration URIs and Lambda function identifiers, as API Gateway and the
 * Lambda Invoke API read them:
 * - `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function}/invocations`
 *   is a Lambda integration; `{function}` (usually a function ARN
 *   `arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]`) is kept
 *   as written, qualifier and alias included, for the Invoke call;
 * - any other `arn:aws:apigateway:{region}:{service}:(path|action)/…` is an AWS
 *   service integration (apigw-local does not call those yet);
 * - the Invoke API's `FunctionName`: a name, `name:qualifier`, a partial ARN
 *   `{account}:function:{name}[:{qualifier}]` or a full function ARN.
 */

export interface LambdaIntegrationUri {
  kind: 'lambda';
  /** The region of the apigateway ARN. */
  region: string;
  /** The function as written in the URI (ARN, partial ARN or name; qualifier kept). */
  functionId: string;
  /** The region to invoke in: the function ARN's, else the URI's. */
  functionRegion: string;
}

export interface ServiceIntegrationUri {
  kind: 'service';
  region: string;
  service: string;
  actionType: string;
  target: string;
}

export type ParsedIntegrationUri = LambdaIntegrationUri | ServiceIntegrationUri | { kind: 'invalid'; reason: string };

const INVOCATIONS_PREFIX = 'path/2015-03-31/functions/';
const INVOCATIONS_SUFFIX = '/invocations';

/** Parses an AWS/AWS_PROXY integration URI (stage variables already substituted). */
export function parseIntegrationUri(uri: string): ParsedIntegrationUri {
  const parts = uri.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'apigateway') {
    return { kind: 'invalid', reason: `${JSON.stringify(uri)} is not an arn:aws:apigateway:{region}:{service}:… integration URI` };
  }
  const region = parts[3];
  const service = parts[4];
  const rest = parts.slice(5).join(':');
  const slash = rest.indexOf('/');
  const actionType = slash === -1 ? rest : rest.slice(0, slash);
  if (service === 'lambda' && rest.startsWith(INVOCATIONS_PREFIX) && rest.endsWith(INVOCATIONS_SUFFIX)) {
    const functionId = rest.slice(INVOCATIONS_PREFIX.length, rest.length - INVOCATIONS_SUFFIX.length);
    if (functionId === '') return { kind: 'invalid', reason: `${JSON.stringify(uri)} names no function` };
    const fn = parseFunctionName(functionId);
    return { kind: 'lambda', region, functionId, functionRegion: (typeof fn !== 'string' && fn.region) || region };
  }
  return { kind: 'service', region, service, actionType, target: slash === -1 ? '' : rest.slice(slash + 1) };
}

export interface FunctionRef {
  name: string;
  qualifier?: string;
  account?: string;
  region?: string;
}

/** Lambda's FunctionName pattern (API Reference, Invoke). */
export const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

const FULL_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([a-zA-Z0-9_-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;
const NAME = /^([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;

/**
 * A FunctionName as the Invoke API takes it → its parts; a string is the
 * reason it is not one (names are 1–64 of `[a-zA-Z0-9_-]`).
 */
export function parseFunctionName(id: string): FunctionRef | string {
  let m = FULL_ARN.exec(id);
  if (m) return m[3].length <= 64 ? { region: m[1], account: m[2], name: m[3], qualifier: m[4] } : 'function name longer than 64 characters';
  m = PARTIAL_ARN.exec(id);
  if (m) return m[2].length <= 64 ? { account: m[1], name: m[2], qualifier: m[3] } : 'function name longer than 64 characters';
  m = NAME.exec(id);
  if (m) return { name: m[1], qualifier: m[2] };
  return `${JSON.stringify(id)} is not a function name, partial ARN or function ARN`;
}

export function functionArn(region: string, account: string, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}${qualifier ? ':' + qualifier : ''}`;
}
