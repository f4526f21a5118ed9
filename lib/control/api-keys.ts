/**
 * @module control/api-keys
 * CreateApiKey (201), GetApiKey, GetApiKeys, UpdateApiKey, DeleteApiKey (202),
 * and ImportApiKeys (201, see api-key-import).
 *
 * Emulates (recorded AWS answers): `enabled` defaults to false; `stageKeys`
 * always present (`[]`); the value shown on create, and on reads only with
 * `includeValue(s)=true`; `tags` on create only when given, on GetApiKey and
 * UpdateApiKey always (`{}`), in listings when there are any; GetApiKeys
 * newest first, `name` a case-sensitive prefix filter, `customerId` an exact
 * filter; an empty name is left out; DeleteApiKey drops the key from its
 * usage plans. `generateDistinctId` is accepted and has no effect (AWS
 * deprecated it: every key id is distinct).
 * Not verified against AWS (our wording): the invalid stage-key value message.
 */
import { BadRequestException } from '../aws/errors';
import { decodePosition, encodePosition, pageLimit } from '../aws/pagination';
import { PatchEngine, patchBoolean, scalarRule, type PatchOperation } from '../aws/patch';
import type { HandlerTable, Input, OperationContext } from './context';
import { nowSeconds } from './lookups';
import { validateTags } from './tags';
import {
  apiKeyArn,
  checkKeyDescription,
  checkKeyName,
  checkKeyValue,
  checkValueFree,
  newApiKeyId,
  newApiKeyValue,
  parseStageKey,
  presentApiKey,
  requireApiKey,
  stageKeyOf,
} from './api-key-rules';
import { importApiKeys } from './api-key-import';
import type { ApiKey } from '../model';

const apiKeyPatch = new PatchEngine<ApiKey>([
  scalarRule('/name', 'name', { parse: (v) => checkKeyName(v) }),
  scalarRule('/description', 'description', { parse: (v) => checkKeyDescription(v) }),
  scalarRule('/enabled', 'enabled', { parse: (v, p) => patchBoolean(v, p) }),
  scalarRule('/customerId', 'customerId'),
  // `/stages` carries its value on remove too; applyApiKeyPatch handles it before the engine.
  { path: '/stages', ops: ['add', 'remove'] },
]);

function applyApiKeyPatch(ctx: OperationContext, key: ApiKey, operations: PatchOperation[] | undefined): ApiKey {
  let draft = structuredClone(key);
  if (operations !== undefined && operations !== null && !Array.isArray(operations)) {
    throw new BadRequestException('patchOperations must be a list');
  }
  for (const op of operations ?? []) {
    if (op && typeof op === 'object' && op.path === '/stages' && (op.op === 'add' || op.op === 'remove')) {
      const stageKey = parseStageKey(ctx, op.value);
      draft.stageKeys = draft.stageKeys.filter((s) => s !== stageKey);
      if (op.op === 'add') draft.stageKeys.push(stageKey);
    } else {
      draft = apiKeyPatch.apply(draft, [op]);
    }
  }
  return draft;
}

/** The GetApiKeys position is the rowid of the last key shown (keys list newest first). */
function beforeOf(position: unknown): number {
  const decoded = decodePosition(typeof position === 'string' ? position : undefined);
  const before = decoded === undefined ? 0 : Number(decoded);
  if (!Number.isInteger(before) || before < 0) throw new BadRequestException('Invalid position parameter');
  return before;
}

export const apiKeyHandlers: HandlerTable = {
  CreateApiKey(input: Input, ctx) {
    const name = checkKeyName(input.name);
    const description = checkKeyDescription(input.description);
    const value = input.value === undefined || input.value === '' ? newApiKeyValue() : checkKeyValue(input.value);
    const tags = input.tags === undefined ? {} : validateTags(input.tags);
    return ctx.store.transaction(() => {
      checkValueFree(ctx, value);
      const stageKeys: string[] = [];
      for (const sk of (input.stageKeys ?? []) as { restApiId?: string; stageName?: string }[]) {
        const k = stageKeyOf(ctx, sk?.restApiId, sk?.stageName);
        if (!stageKeys.includes(k)) stageKeys.push(k);
      }
      const now = nowSeconds();
      const key: ApiKey = { id: newApiKeyId(), value, enabled: input.enabled ?? false, createdDate: now, lastUpdatedDate: now, stageKeys };
      if (name !== undefined) key.name = name;
      if (description !== undefined) key.description = description;
      if (typeof input.customerId === 'string' && input.customerId !== '') key.customerId = input.customerId;
      ctx.store.apiKeys.insert(ctx.scope, key);
      if (Object.keys(tags).length) ctx.store.tags.set(ctx.scope, apiKeyArn(ctx.scope.region, key.id), tags);
      ctx.events.usagePlansChanged?.(ctx.scope);
      return presentApiKey(ctx, key, { includeValue: true });
    });
  },

  GetApiKey(input: Input, ctx) {
    return presentApiKey(ctx, requireApiKey(ctx, input.apiKey), { includeValue: input.includeValue === true, alwaysTags: true });
  },

  GetApiKeys(input: Input, ctx) {
    const limit = pageLimit(input.limit);
    const page = ctx.store.apiKeys.page(ctx.scope, beforeOf(input.position), limit, {
      namePrefix: typeof input.nameQuery === 'string' && input.nameQuery !== '' ? input.nameQuery : undefined,
      customerId: typeof input.customerId === 'string' && input.customerId !== '' ? input.customerId : undefined,
    });
    const item = page.items.map((k) => presentApiKey(ctx, k, { includeValue: input.includeValues === true }));
    return page.next === undefined ? { item } : { item, position: encodePosition(page.next) };
  },

  UpdateApiKey(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const key = requireApiKey(ctx, input.apiKey);
      const updated = applyApiKeyPatch(ctx, key, input.patchOperations);
      updated.lastUpdatedDate = nowSeconds();
      ctx.store.apiKeys.update(ctx.scope, updated);
      ctx.events.usagePlansChanged?.(ctx.scope);
      return presentApiKey(ctx, updated, { alwaysTags: true });
    });
  },

  DeleteApiKey(input: Input, ctx) {
    // The data plane's pending counts go in first, so none is written for the key after its usage is deleted.
    ctx.events.flushUsage?.();
    ctx.store.transaction(() => {
      const key = requireApiKey(ctx, input.apiKey);
      ctx.store.apiKeys.delete(ctx.scope, key.id);
      ctx.store.usagePlans.removeKeyEverywhere(ctx.scope, key.id);
      ctx.store.usage.deleteForKey(ctx.scope, key.id);
      ctx.store.tags.deleteUnder(ctx.scope, apiKeyArn(ctx.scope.region, key.id));
    });
    ctx.events.usagePlansChanged?.(ctx.scope);
    return undefined;
  },

  ImportApiKeys(input: Input, ctx) {
    const out = importApiKeys(input, ctx);
    ctx.events.usagePlansChanged?.(ctx.scope);
    return out;
  },
};
