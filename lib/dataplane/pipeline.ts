/**
 * @module dataplane/pipeline
 * The data plane's steps, in order, as API Gateway runs them for a REST API
 * method. Each step reads and enriches the
 * InvocationContext, and may throw a GatewayError (rendered in one place,
 * response.ts). API keys, throttles and quotas are enforced (steps/api-key,
 * steps/throttle, traffic/), AWS_IAM signatures (steps/iam-auth) and
 * resource policies (steps/resource-policy), request validators
 * (steps/validate), Lambda and Cognito authorizers (steps/authorize), the
 * stage API cache around the integration (steps/cached-integration).
 * A step is `(ctx) => void | Promise<void>`: it returns a promise only when
 * it waits for something, so the steps of a request that waits for nothing
 * run without a microtask between them.
 */
import type { InvocationContext } from './context';
import { parse } from './steps/parse';
import { route } from './steps/route';
import { resourcePolicy } from './steps/resource-policy';
import { apiKey, apiKeyFromAuthorizer } from './steps/api-key';
import { iamAuth } from './steps/iam-auth';
import { authorize } from './steps/authorize';
import { throttle } from './steps/throttle';
import { validate } from './steps/validate';
import { integrationRequest } from './steps/integration-request';
import { cachedIntegration } from './steps/cached-integration';
import { integrationResponse } from './steps/integration-response';
import { methodResponse } from './steps/method-response';

export interface Step {
  name: string;
  /** Returns a promise only when the step has to wait (a body still arriving, a backend, a Lambda function). */
  run(ctx: InvocationContext): void | Promise<void>;
}

export const PIPELINE: readonly Step[] = [
  { name: 'parse', run: parse },
  { name: 'route', run: route },
  { name: 'resource policy', run: resourcePolicy },
  // The authorizer step goes between the two API key steps: a key from `x-api-key` is checked before it, a
  // key the authorizer returns (apiKeySource AUTHORIZER) after it.
  { name: 'api key', run: apiKey },
  { name: 'iam auth', run: iamAuth },
  { name: 'authorize', run: authorize },
  { name: 'api key (authorizer)', run: apiKeyFromAuthorizer },
  { name: 'throttle/quota', run: throttle },
  { name: 'validate', run: validate },
  { name: 'integration request', run: integrationRequest },
  // The stage API cache answers here when it holds the integration response (steps/cached-integration).
  { name: 'integration', run: cachedIntegration },
  { name: 'integration response', run: integrationResponse },
  { name: 'method response', run: methodResponse },
];

/**
 * Runs the steps in order: synchronously while no step has to wait (a MOCK
 * request with its body already received completes without a single
 * promise), on from the first step that returns a promise. A step that
 * throws or rejects ends the run; `ctx.failedStep` names it.
 */
export function runPipeline(ctx: InvocationContext): void | Promise<void> {
  for (let i = 0; i < PIPELINE.length; i++) {
    let pending: void | Promise<void>;
    try {
      pending = PIPELINE[i].run(ctx);
    } catch (e) {
      ctx.failedStep = PIPELINE[i].name;
      throw e;
    }
    if (pending) return finishAsync(ctx, pending, i);
  }
}

async function finishAsync(ctx: InvocationContext, pending: Promise<void>, from: number): Promise<void> {
  let i = from;
  try {
    await pending;
    for (i++; i < PIPELINE.length; i++) {
      const next = PIPELINE[i].run(ctx);
      if (next) await next;
    }
  } catch (e) {
    ctx.failedStep = PIPELINE[i].name;
    throw e;
  }
}
