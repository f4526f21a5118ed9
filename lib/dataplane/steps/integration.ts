/**
 * @module dataplane/steps/integration
 * Step 4: call the integration (the registry entry compiled for this method:
 * MOCK, HTTP, HTTP_PROXY, or the "not supported yet" answer).
 */
import type { InvocationContext } from '../context';

export async function integration(ctx: InvocationContext): Promise<void> {
  await ctx.route!.method.integration!.invoke(ctx);
}
