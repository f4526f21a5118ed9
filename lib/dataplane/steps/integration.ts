/**
 * @module dataplane/steps/integration
 * Step 4: call the integration (the registry entry compiled for this method:
 * MOCK, HTTP, HTTP_PROXY, or the "not supported yet" answer), noting when
 * it was called and when it answered (`$context.integrationLatency`, the
 * execution log's "Integration latency").
 */
import type { InvocationContext } from '../context';

export function integration(ctx: InvocationContext): void | Promise<void> {
  ctx.integrationStartedAt = Date.now();
  let pending: void | Promise<void>;
  try {
    pending = ctx.route!.method.integration!.invoke(ctx);
  } catch (e) {
    ctx.integrationEndedAt = Date.now();
    throw e;
  }
  if (!pending) {
    ctx.integrationEndedAt = Date.now();
    return;
  }
  return pending.then(
    () => {
      ctx.integrationEndedAt = Date.now();
    },
    (e: unknown) => {
      ctx.integrationEndedAt = Date.now();
      throw e;
    },
  );
}
