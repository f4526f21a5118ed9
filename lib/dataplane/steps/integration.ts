/**
 * @module dataplane/steps/integration
 * Step 4: call the integration (the registry entry compiled for this method:
 * MOCK, HTTP, HTTP_PROXY, or the "not supported yet" answer), noting when
 * it was called and when it answered (`$context.integrationLatency`, the
 * execution log's "Integration latency").
 */
import type { InvocationContext } from '../context';

export async function integration(ctx: InvocationContext): Promise<void> {
  ctx.integrationStartedAt = Date.now();
  try {
    await ctx.route!.method.integration!.invoke(ctx);
  } finally {
    ctx.integrationEndedAt = Date.now();
  }
}
