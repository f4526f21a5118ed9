/**
 * @module control/stage-caches
 * FlushStageCache and FlushStageAuthorizersCache (both 202 with an empty
 * body): the stage must exist, with AWS's NotFound messages otherwise
 * (the API first, then the stage).
 *
 * FlushStageAuthorizersCache drops the stage's cached Lambda authorizer
 * results (the data plane's, through `events.authorizersFlushed`);
 * FlushStageCache empties the stage's API cache (`events.stageCacheFlushed`,
 * dataplane/cache), its canary's own cache included.
 */
import type { HandlerTable, Input } from './context';
import { requireStage } from './lookups';

export const stageCacheHandlers: HandlerTable = {
  FlushStageCache(input: Input, ctx) {
    requireStage(ctx, input.restApiId, input.stageName);
    ctx.events.stageCacheFlushed?.(ctx.scope, input.restApiId, input.stageName);
    return undefined;
  },

  FlushStageAuthorizersCache(input: Input, ctx) {
    requireStage(ctx, input.restApiId, input.stageName);
    ctx.events.authorizersFlushed?.(ctx.scope, input.restApiId, input.stageName);
    return undefined;
  },
};
