/**
 * @module dataplane/steps/iam-auth
 * Authorization for AWS_IAM methods (other authorization types are the
 * authorizer step's): the request's SigV4 signature (service `execute-api`,
 * the API's region) is verified against the configured credentials
 * (auth/sigv4-verify.ts, `--iam-credentials`), each failure answered as AWS
 * answers it (403 MISSING_AUTHENTICATION_TOKEN, INVALID_SIGNATURE,
 * EXPIRED_TOKEN, with AWS's messages and `x-amzn-ErrorType`). The verified
 * caller fills `$context.identity.accessKey`, `.accountId`, `.caller`,
 * `.user` and `.userArn` (and so the Lambda proxy event's
 * `requestContext.identity`).
 *
 * Then the resource policy, as API Gateway combines it with IAM ("API
 * Gateway resource policy and IAM policy evaluation"): a caller of the API's
 * own account is allowed unless the policy explicitly denies it (its IAM
 * policy is taken to allow — identity policies are not emulated); a caller
 * of another account needs the policy to allow it too. A refusal is 403
 * ACCESS_DENIED `User: {userArn} is not authorized to perform:
 * execute-api:Invoke on resource: …`.
 */
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';
import { callerOf, defaultCredentialsFor } from '../../aws/credentials';
import { verifySigV4 } from '../auth/sigv4-verify';
import { accessDenied, policyDecision } from './resource-policy';

export function iamAuth(ctx: InvocationContext): void | Promise<void> {
  if (ctx.route!.method.method.authorizationType !== 'AWS_IAM') return;
  return verifyCaller(ctx);
}

async function verifyCaller(ctx: InvocationContext): Promise<void> {
  const url = ctx.client.url;
  const q = url.indexOf('?');
  const result = await verifySigV4(
    {
      method: ctx.request.httpMethod,
      rawPath: q === -1 ? url : url.slice(0, q),
      rawQuery: ctx.target.rawQuery,
      rawHeaders: ctx.client.rawHeaders,
      body: ctx.request.body,
    },
    { region: ctx.stage.scope.region, credentials: ctx.credentials ?? defaultCredentialsFor(ctx.stage.scope.account), now: ctx.startedAt },
  );
  if (!result.ok) {
    const f = result.failure;
    ctx.log.debug(`${ctx.describe()}: AWS_IAM refused (${f.type}): ${f.message.split('\n')[0]}`);
    throw new GatewayError(f.type, f.message, f.errorType ? { errorType: f.errorType } : undefined);
  }
  const caller = callerOf(result.credential);
  ctx.iamCaller = caller;

  const decision = policyDecision(ctx, caller);
  if (caller.accountId === ctx.stage.scope.account) {
    if (decision === 'explicitDeny') throw accessDenied(ctx, decision, caller);
  } else if (decision !== 'allow') {
    throw accessDenied(ctx, decision ?? 'implicitDeny', caller);
  }
}
