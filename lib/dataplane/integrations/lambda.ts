/**
 * @module dataplane/integrations/lambda
 * AWS (non-proxy) integrations with Lambda, and what both Lambda integration
 * kinds share (the target, the call, API Gateway's answers when the call
 * fails). The integration URI
 * `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`
 * is parsed once when the deployment is compiled (per request only when it
 * holds `${stageVariables.x}`); the call goes through the app's LambdaInvoker.
 *
 * AWS (non-proxy), as API Gateway does it:
 * - the payload is the integration request body (request template, or the
 *   body passed through); `integration.request.header.X-Amz-Invocation-Type`
 *   (`'Event'` → asynchronous, 202 and an empty body) and
 *   `X-Amz-Client-Context` are passed to Invoke;
 * - a function error's `errorMessage` (`''` when the function succeeded) is
 *   what integration responses' selectionPatterns are matched against; the
 *   error payload is the integration response body; response templates and
 *   mappings then shape the answer.
 * Failures, for both kinds: no answer within `timeoutInMillis` → 504
 * `Endpoint request timed out`; the endpoint unreachable, the function
 * unknown, Lambda refusing the call (throttled, payload too large, not JSON)
 * or an integration method other than POST → 500 `Internal server error`,
 * with a log line naming the endpoint and the function.
 * AWS service integrations other than Lambda are not supported yet: they
 * answer 500 with a message naming the service.
 */
import type { Integration } from '../../model';
import { parseIntegrationUri, type LambdaIntegrationUri } from '../../lambda/arn';
import type { InvokeOutcome } from '../../lambda/invoker';
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';
import type { IntegrationKind } from './index';

type Result = Extract<InvokeOutcome, { kind: 'result' }>;

const STAGE_VARIABLE = /\$\{stageVariables\.([^}]*)\}/g;

/** Where a Lambda integration goes: parsed once, or per request when the URI holds stage variables. */
export class LambdaTarget {
  private readonly parsed?: LambdaIntegrationUri;

  constructor(private readonly uri: string) {
    if (!uri.includes('${stageVariables.')) {
      const p = parseIntegrationUri(uri);
      if (p.kind === 'lambda') this.parsed = p;
    }
  }

  resolve(ctx: InvocationContext): LambdaIntegrationUri {
    if (this.parsed) return this.parsed;
    const uri = this.uri.replace(STAGE_VARIABLE, (_m, name: string) => ctx.stageVariables[name] ?? '');
    const p = parseIntegrationUri(uri);
    if (p.kind !== 'lambda') {
      ctx.configurationError(`Invalid Lambda function ARN in integration URI ${uri}`);
      throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
    }
    return p;
  }
}

function configError(message: string, proxy: boolean, log: string): { kind: IntegrationKind; unsupported: string } {
  return {
    kind: {
      proxy,
      invoke: async (ctx) => {
        ctx.configurationError(log);
        throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
      },
    },
    unsupported: message,
  };
}

/** The registry entry for an AWS or AWS_PROXY integration. */
export function lambdaKindFor(
  i: Integration,
  make: (target: LambdaTarget) => IntegrationKind,
): { kind: IntegrationKind; unsupported?: string } {
  const proxy = i.type === 'AWS_PROXY';
  const uri = i.uri ?? '';
  const parsed = parseIntegrationUri(uri.replace(STAGE_VARIABLE, 'stagevar'));
  if (parsed.kind === 'service') {
    const what = `${parsed.service} ${parsed.actionType}${parsed.target ? '/' + parsed.target : ''}`;
    const message =
      parsed.service === 'lambda'
        ? `apigw-local calls Lambda only through Invoke (…:lambda:path/2015-03-31/functions/{functionArn}/invocations), not ${what}`
        : `apigw-local does not support ${i.type} integrations with AWS services other than Lambda yet (${what})`;
    return configError(message, proxy, message);
  }
  if (parsed.kind === 'invalid') return configError(`${i.type} integration: ${parsed.reason} (requests answer 500)`, proxy, parsed.reason);
  if (i.httpMethod !== 'POST') {
    const message = `Lambda integrations must use the POST integration method, not ${i.httpMethod ?? 'none'} (API Gateway answers 500)`;
    return configError(message, proxy, message);
  }
  return { kind: make(new LambdaTarget(uri)) };
}

/** Invokes the function; every failure other than a result becomes API Gateway's answer. */
export async function callLambda(
  ctx: InvocationContext,
  target: LambdaTarget,
  payload: Buffer,
  invocationType?: string,
  clientContext?: string,
): Promise<Result> {
  const t = target.resolve(ctx);
  const invoker = ctx.lambda;
  if (!invoker) {
    ctx.configurationError('no Lambda invoker is configured');
    throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
  }
  const integ = ctx.route!.method.integration!;
  const outcome = await invoker.invoke({
    functionId: t.functionId,
    region: t.functionRegion,
    payload,
    invocationType,
    clientContext,
    timeoutMs: integ.timeoutMs,
  });
  const where = `function ${t.functionId} at ${invoker.endpointName}`;
  switch (outcome.kind) {
    case 'result':
      return outcome;
    case 'timeout':
      ctx.log.warn(`${ctx.describe()}: Execution failed due to a timeout error: no answer within ${integ.timeoutMs} ms from ${where}`);
      throw new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out');
    case 'unreachable':
      ctx.configurationError(`Lambda endpoint unreachable invoking ${where}: ${outcome.message}`);
      throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
    case 'service':
      ctx.configurationError(`Lambda invocation failed with status: ${outcome.status} (${outcome.errorType}: ${outcome.message}) invoking ${where}`);
      throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
  }
}

/** The function error's errorMessage, as API Gateway matches selectionPatterns against it. */
export function errorMessageOf(payload: Buffer): string {
  try {
    const v = JSON.parse(payload.toString('utf8')) as unknown;
    if (v !== null && typeof v === 'object' && typeof (v as { errorMessage?: unknown }).errorMessage === 'string') {
      return (v as { errorMessage: string }).errorMessage;
    }
    return typeof v === 'string' ? v : '';
  } catch {
    return payload.toString('utf8');
  }
}

function headerOf(ctx: InvocationContext, lc: string): string | undefined {
  const h = ctx.integrationRequest!.headers.get(lc);
  return h ? h.values[h.values.length - 1] : undefined;
}

export function lambdaAwsKind(target: LambdaTarget): IntegrationKind {
  return {
    proxy: false,
    async invoke(ctx: InvocationContext): Promise<void> {
      const r = await callLambda(
        ctx,
        target,
        ctx.integrationRequest!.body,
        headerOf(ctx, 'x-amz-invocation-type'),
        headerOf(ctx, 'x-amz-client-context'),
      );
      const rawHeaders = ['Content-Type', 'application/json'];
      if (r.executedVersion) rawHeaders.push('X-Amz-Executed-Version', r.executedVersion);
      if (r.requestId) rawHeaders.push('x-amzn-RequestId', r.requestId);
      let selectionValue = '';
      if (r.functionError) {
        rawHeaders.push('X-Amz-Function-Error', r.functionError);
        selectionValue = errorMessageOf(r.payload);
        ctx.log.warn(`${ctx.describe()}: Lambda execution failed with status ${r.statusCode} due to customer function error: ${selectionValue}`);
      }
      ctx.integrationResponse = { statusCode: r.statusCode, rawHeaders, body: r.payload, selectionValue };
    },
  };
}
