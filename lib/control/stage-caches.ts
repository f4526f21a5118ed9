/**
 * @module control/stage-caches
 * FlushStageCache and FlushStageAuthorizersCache (both 202 with an empty
 * body): the stage must exist, with AWS's NotFound messages otherwise
 * (the API first, then the stage).
 *
 * apigw-local keeps no response cache and no authorizer result cache for a
 * stage yet, so there is nothing to drop: the operations only check the
 * stage. When the data plane grows those caches, flush them here.
 */
import type { HandlerTable, Input } from './context';
import { requireStage } from './lookups';

export const stageCacheHandlers: HandlerTable = {
  FlushStageCache(input: Input, ctx) {
    requireStage(ctx, input.restApiId, input.stageName);
    return undefined;
  },

  FlushStageAuthorizersCache(input: Input, ctx) {
    requireStage(ctx, input.restApiId, input.stageName);
    return undefined;
  },
};
