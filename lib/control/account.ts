/**
 * @module control/account
 * GetAccount and UpdateAccount: API Gateway's per-account, per-region
 * settings, persisted in the account_settings table.
 *
 * Emulates: AWS's defaults for an account that never changed them
 * (`throttleSettings {burstLimit: 5000, rateLimit: 10000}`, `features
 * ["UsagePlans"]`, `apiKeyVersion "4"`, no `cloudwatchRoleArn` until one is
 * set); the patch paths AWS documents (`replace /cloudwatchRoleArn`, an empty
 * value clears it; `add`/`remove /features` with the value `UsagePlans`).
 * Not yet: AWS checks that API Gateway can assume the CloudWatch role; we
 * only check that the value is a well-formed IAM role ARN. The account-level
 * throttle is not changeable through the API on AWS either.
 */
import { BadRequestException } from '../aws/errors';
import { PatchEngine, type PatchOperation, type PatchRule } from '../aws/patch';
import type { AccountDoc } from '../store/account-settings';
import type { HandlerTable, Input, OperationContext } from './context';

export const DEFAULT_ACCOUNT: Readonly<AccountDoc> = Object.freeze({
  throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
  features: ['UsagePlans'],
  apiKeyVersion: '4',
});

const FEATURES = ['UsagePlans'];
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
/** AWS's answer when it cannot use the role (it cannot assume it, or the ARN names no role). */
const ROLE_REFUSED = 'The role ARN does not have required permissions set to API Gateway';

/** The account settings of the caller's account and region (AWS's defaults until changed). */
export function accountSettings(ctx: OperationContext): AccountDoc {
  return ctx.store.accountSettings.get(ctx.scope) ?? structuredClone(DEFAULT_ACCOUNT) as AccountDoc;
}

function checkFeature(value: string | undefined): string {
  if (value === undefined || !FEATURES.includes(value)) {
    throw new BadRequestException(`Invalid feature specified: ${value ?? 'null'}. Must be one of: [${FEATURES.join(', ')}]`);
  }
  return value;
}

const accountPatch = new PatchEngine<AccountDoc>([
  {
    path: '/cloudwatchRoleArn',
    ops: ['replace'],
    get: (doc) => doc.cloudwatchRoleArn,
    set: (doc, _p, value) => {
      if (value === undefined || value === '') {
        delete doc.cloudwatchRoleArn;
        return;
      }
      if (!ROLE_ARN.test(value)) throw new BadRequestException(ROLE_REFUSED);
      doc.cloudwatchRoleArn = value;
    },
  } satisfies PatchRule<AccountDoc>,
  {
    path: '/features',
    ops: ['add', 'remove'],
    get: (doc) => doc.features.join(','),
    set: (doc, _p, value) => {
      const feature = checkFeature(value);
      if (!doc.features.includes(feature)) doc.features.push(feature);
    },
    // `remove /features` carries the feature in `value`: applied in `applyAccountPatch`.
    remove: () => undefined,
  } satisfies PatchRule<AccountDoc>,
]);

/** Applies the operations in order to a copy; the engine handles all but `remove /features`, whose value names the feature. */
function applyAccountPatch(doc: AccountDoc, operations: PatchOperation[] | undefined): AccountDoc {
  let draft = structuredClone(doc);
  if (!Array.isArray(operations)) return accountPatch.apply(draft, operations);
  for (const op of operations) {
    if (op && op.op === 'remove' && op.path === '/features') {
      const feature = checkFeature(op.value ?? undefined);
      draft.features = draft.features.filter((f) => f !== feature);
    } else {
      draft = accountPatch.apply(draft, [op]);
    }
  }
  return draft;
}

/** The wire form: `cloudwatchRoleArn` only when set, `features` only when not empty. */
function present(doc: AccountDoc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (doc.cloudwatchRoleArn) out.cloudwatchRoleArn = doc.cloudwatchRoleArn;
  out.throttleSettings = doc.throttleSettings;
  if (doc.features.length) out.features = doc.features;
  out.apiKeyVersion = doc.apiKeyVersion;
  return out;
}

export const accountHandlers: HandlerTable = {
  GetAccount(_input: Input, ctx) {
    return present(accountSettings(ctx));
  },

  UpdateAccount(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const updated = applyAccountPatch(accountSettings(ctx), input.patchOperations);
      ctx.store.accountSettings.put(ctx.scope, updated);
      return present(updated);
    });
  },
};
