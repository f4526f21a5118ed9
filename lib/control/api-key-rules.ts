/**
 * @module control/api-key-rules
 * What the API key operations share: ids and generated values in AWS's
 * shapes (10-character ids, 40 alphanumeric characters of value), the lookup
 * with AWS's NotFound message, the checks on name, description and value
 * with AWS's messages (value 20–128 characters; duplicate value 409 "API Key
 * already exists"), the deprecated stage keys (`restApiId/stageName`), and
 * the wire form (the value only when asked for; tags).
 */
import { randomBytes } from 'node:crypto';
import { BadRequestException, ConflictException, NotFoundException } from '../aws/errors';
import { apiGatewayArn } from '../aws/arn';
import { randomId } from '../aws/ids';
import type { OperationContext } from './context';
import { requireStage } from './lookups';
import type { ApiKey } from '../model';

const VALUE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const newApiKeyId = (): string => randomId(10);

/** A generated key value: 40 letters and digits, as AWS generates them. */
export function newApiKeyValue(): string {
  const bytes = randomBytes(40);
  let out = '';
  for (let i = 0; i < 40; i++) out += VALUE_ALPHABET[bytes[i] % VALUE_ALPHABET.length];
  return out;
}

export function apiKeyArn(region: string, id: string): string {
  return apiGatewayArn(region, `/apikeys/${id}`);
}

export function requireApiKey(ctx: OperationContext, id: unknown): ApiKey {
  const key = typeof id === 'string' && id !== '' ? ctx.store.apiKeys.get(ctx.scope, id) : undefined;
  if (!key) throw new NotFoundException('Invalid API Key identifier specified');
  return key;
}

export function checkKeyName(name: unknown): string | undefined {
  if (name === undefined || name === null || name === '') return undefined;
  if (typeof name !== 'string' || name.length > 1024) {
    throw new BadRequestException('Invalid API Key name, can be at most 1024 characters.');
  }
  return name;
}

export function checkKeyDescription(description: unknown): string | undefined {
  if (description === undefined || description === null || description === '') return undefined;
  if (typeof description !== 'string' || description.length > 125000) {
    throw new BadRequestException('Invalid API Key description specified.');
  }
  return description;
}

export function checkKeyValue(value: string): string {
  if (value.length > 128) throw new BadRequestException('API Key value exceeds maximum size of 128 characters');
  if (value.length < 20) throw new BadRequestException('API Key value should be at least 20 characters');
  return value;
}

/** Refuses a value another key of the caller already has (409, AWS's message). */
export function checkValueFree(ctx: OperationContext, value: string, ownId?: string): void {
  const other = ctx.store.apiKeys.byValue(ctx.scope, value);
  if (other && other.id !== ownId) throw new ConflictException('API Key already exists');
}

/** A deprecated stage key as stored: `restApiId/stageName`, naming a stage that exists. */
export function stageKeyOf(ctx: OperationContext, restApiId: unknown, stageName: unknown): string {
  requireStage(ctx, typeof restApiId === 'string' ? restApiId : '', typeof stageName === 'string' ? stageName : '');
  return `${restApiId}/${stageName}`;
}

/** Parses UpdateApiKey's `/stages` value (`restApiId/stageName`). */
export function parseStageKey(ctx: OperationContext, value: string | undefined): string {
  const at = value === undefined ? -1 : value.indexOf('/');
  if (value === undefined || at <= 0 || at === value.length - 1) {
    throw new BadRequestException(`Invalid stage key specified: ${value}. Must be of the form {restApiId}/{stageName}`);
  }
  return stageKeyOf(ctx, value.slice(0, at), value.slice(at + 1));
}

/**
 * The wire form. The value only with `includeValue` (and on create); tags when
 * there are any, or always (`alwaysTags`: GetApiKey and UpdateApiKey answer `tags: {}`).
 */
export function presentApiKey(
  ctx: OperationContext,
  key: ApiKey,
  opts: { includeValue?: boolean; alwaysTags?: boolean } = {},
): Partial<ApiKey> {
  const out: Partial<ApiKey> = { ...key };
  if (!opts.includeValue) delete out.value;
  const tags = ctx.store.tags.get(ctx.scope, apiKeyArn(ctx.scope.region, key.id));
  if (Object.keys(tags).length || opts.alwaysTags) out.tags = tags;
  return out;
}
