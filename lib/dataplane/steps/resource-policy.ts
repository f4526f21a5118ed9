/**
 * @module dataplane/steps/resource-policy
 * The API's resource policy, as API Gateway applies it ("How API Gateway
 * resource policies affect authorization workflow"):
 * - a method without authorization (NONE): the policy alone decides; it must
 *   explicitly allow the (anonymous) caller;
 * - a Lambda authorizer (CUSTOM) or a Cognito user pool: first an explicit
 *   deny refuses the caller before the authorizer runs; the authorizer step
 *   then finishes with `finishResourcePolicy` (Lambda authorizer: its Allow or
 *   the policy's suffices, an explicit deny in either refuses; Cognito: the
 *   policy must allow);
 * - AWS_IAM: decided after the signature is verified, with the caller
 *   (steps/iam-auth: same account, the IAM allow suffices unless the policy
 *   explicitly denies; another account, the policy must allow).
 * A refusal is 403 ACCESS_DENIED `{"Message":"User: anonymous is not
 * authorized to perform: execute-api:Invoke on resource:
 * arn:aws:execute-api:us-east-1:********1234:abc123/dev/GET/pets because no
 * resource-based policy allows the execute-api:Invoke action"}` (`… with an
 * explicit deny in a resource-based policy`): capital M, the account masked
 * to its last four digits for anonymous callers (recorded AWS answers quoted
 * in user reports, 2024–2025).
 *
 * Condition keys: `aws:SourceIp` is the client address as API Gateway sees
 * it (the TCP peer, never a client-sent X-Forwarded-For); `aws:SourceVpce`
 * and `aws:SourceVpc` come from the `x-apigw-local-source-vpce` /
 * `x-apigw-local-source-vpc` request headers, since requests reach us on
 * loopback rather than through a VPC endpoint; the principal keys
 * (`aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:userid`, `aws:username`,
 * `aws:PrincipalType`) from the IAM caller; `aws:UserAgent`, `aws:Referer`,
 * `aws:SecureTransport`, `aws:CurrentTime`, `aws:EpochTime` from the request.
 */
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';
import type { IamCaller } from '../../aws/credentials';
import type { PolicyDecision, PolicyPrincipal } from '../auth/resource-policy';
import { decodeSegment } from '../router';

export const SOURCE_VPCE_HEADER = 'x-apigw-local-source-vpce';
export const SOURCE_VPC_HEADER = 'x-apigw-local-source-vpc';

export function resourcePolicy(ctx: InvocationContext): void {
  if (!ctx.variant.deployment.resourcePolicy) return;
  const type = ctx.route!.method.method.authorizationType ?? 'NONE';
  if (type === 'AWS_IAM') return; // decided with the caller, once the signature is verified (steps/iam-auth)
  const decision = policyDecision(ctx)!;
  if (type === 'NONE') {
    if (decision !== 'allow') throw accessDenied(ctx, decision);
    return;
  }
  // CUSTOM / COGNITO_USER_POOLS, before the authorizer: only an explicit deny refuses now.
  if (decision === 'explicitDeny') throw accessDenied(ctx, decision);
}

/**
 * For the authorizer step, after the authorizer: refuses unless the caller
 * may proceed. `authorizerDecision` is what the Lambda authorizer's policy
 * said for this method ('allow', 'explicitDeny' or 'implicitDeny'); for a
 * Cognito user pool pass 'implicitDeny' (the pool allows nothing itself, the
 * resource policy must).
 */
export function finishResourcePolicy(ctx: InvocationContext, authorizerDecision: PolicyDecision): void {
  const decision = policyDecision(ctx);
  if (decision === undefined) return;
  if (decision === 'explicitDeny') throw accessDenied(ctx, decision);
  if (decision !== 'allow' && authorizerDecision !== 'allow') throw accessDenied(ctx, decision);
}

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}` for this request. */
export function resourceArnOf(ctx: InvocationContext, maskAccount = false): string {
  const { region, account } = ctx.stage.scope;
  const shown = maskAccount ? '********' + account.slice(-4) : account;
  const path = ctx.request.path.split('/').map(decodeSegment).join('/');
  return `arn:aws:execute-api:${region}:${shown}:${ctx.stage.apiId}/${ctx.stage.stageName}/${ctx.request.httpMethod}${path.startsWith('/') ? path : '/' + path}`;
}

function principalOf(caller: IamCaller | undefined): PolicyPrincipal | undefined {
  return caller ? { accountId: caller.accountId, arn: caller.userArn } : undefined;
}

function principalType(arn: string): string {
  if (/^arn:aws[a-z-]*:iam::\d{12}:root$/.test(arn)) return 'Account';
  if (arn.includes(':assumed-role/')) return 'AssumedRole';
  return 'User';
}

/** The policy's decision for this request and caller (undefined when the API has no policy); `action` is execute-api:Invoke unless given. */
export function policyDecision(ctx: InvocationContext, caller: IamCaller | undefined = ctx.iamCaller, action?: string): PolicyDecision | undefined {
  const policy = ctx.variant.deployment.resourcePolicy;
  if (!policy) return undefined;
  const h = ctx.request.headerLc;
  const keys: Record<string, string | undefined> = {
    'aws:sourceip': ctx.request.sourceIp,
    'aws:sourcevpce': h[SOURCE_VPCE_HEADER],
    'aws:sourcevpc': h[SOURCE_VPC_HEADER],
    'aws:useragent': h['user-agent'],
    'aws:referer': h['referer'],
    'aws:securetransport': ctx.client.encrypted ? 'true' : 'false',
    'aws:currenttime': new Date(ctx.startedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:epochtime': String(Math.floor(ctx.startedAt / 1000)),
    'aws:principalisawsservice': 'false',
    'aws:viaawsservice': 'false',
  };
  if (caller) {
    keys['aws:principalaccount'] = caller.accountId;
    keys['aws:principalarn'] = caller.userArn;
    keys['aws:principaltype'] = principalType(caller.userArn);
    keys['aws:userid'] = caller.principalId;
    const user = /:user\/(?:.*\/)?([^/]+)$/.exec(caller.userArn);
    if (user) keys['aws:username'] = user[1];
  } else {
    keys['aws:principaltype'] = 'Anonymous';
  }
  return policy.evaluate({ resourceArn: resourceArnOf(ctx), principal: principalOf(caller), context: (k) => keys[k], action });
}

/** API Gateway's 403 ACCESS_DENIED for a refused caller (anonymous unless `caller`). */
export function accessDenied(ctx: InvocationContext, decision: PolicyDecision, caller?: IamCaller): GatewayError {
  const user = caller ? caller.userArn : 'anonymous';
  const why =
    decision === 'explicitDeny'
      ? 'with an explicit deny in a resource-based policy'
      : 'because no resource-based policy allows the execute-api:Invoke action';
  const message = `User: ${user} is not authorized to perform: execute-api:Invoke on resource: ${resourceArnOf(ctx, !caller)} ${why}`;
  return new GatewayError('ACCESS_DENIED', message, { capitalMessage: true });
}
