/**
 * @module control/tags
 * TagResource (204), UntagResource (204) and GetTags for API Gateway ARNs
 * (`arn:aws:apigateway:{region}::/restapis/{id}` and
 * `…/restapis/{id}/stages/{name}`), kept in the tags table keyed by the
 * canonical ARN, so CreateRestApi/GetRestApi (and CreateStage/GetStage) see
 * the same tags.
 *
 * Emulates: AWS's tag rules (key 1–128 characters, value at most 256, the
 * `aws:` prefix reserved, at most 50 tags per resource, the character set
 * letters, digits, spaces and `_ . : / = + - @` for keys), NotFound for an ARN whose
 * resource does not exist (in the caller's account and region), and
 * BadRequest for a malformed or non-taggable ARN. GetTags does not return
 * tags inherited from a parent, as AWS documents.
 * API keys, usage plans, domain names (`/domainnames/{name}` and, private,
 * `{name}+{id}`), VPC links, client certificates and domain name access
 * associations resolve through their groups' lookups.
 */
import { BadRequestException, NotFoundException } from '../aws/errors';
import { apiGatewayArn } from '../aws/arn';
import type { HandlerTable, Input, OperationContext } from './context';
import { requireRestApi, requireStage } from './lookups';
import { stageArn } from './stage-rules';
import { apiKeyArn, requireApiKey } from './api-key-rules';
import { requireUsagePlan, usagePlanArn } from './usage-plan-rules';
import { ASSOCIATION_NOT_FOUND, DOMAIN_NOT_FOUND, accessAssociationTagArn, domainNameTagArn } from './domain-name-common';
import { VPC_LINK_NOT_FOUND, vpcLinkTagArn } from './vpc-links';
import { CLIENT_CERTIFICATE_NOT_FOUND, clientCertificateTagArn } from './client-certificates';

export const MAX_TAGS = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const INVALID_ARN = 'Invalid ARN specified in the request';

/**
 * Checks that the ARN names an existing taggable resource of the caller and
 * returns the canonical ARN its tags are stored under.
 */
export function resolveTaggable(ctx: OperationContext, resourceArn: unknown): string {
  if (typeof resourceArn !== 'string' || resourceArn === '') throw new BadRequestException(INVALID_ARN);
  const parts = resourceArn.split(':');
  if (parts.length !== 6) throw new BadRequestException(INVALID_ARN);
  const [scheme, partition, service, region, , resource] = parts;
  if (scheme !== 'arn' || !/^aws(-[a-z]+)*$/.test(partition) || service !== 'apigateway' || !/^[a-z0-9-]+$/.test(region)) {
    throw new BadRequestException(INVALID_ARN);
  }
  if (!resource.startsWith('/')) throw new BadRequestException(INVALID_ARN);
  const segs = resource.slice(1).split('/');
  if (segs.some((s) => s === '')) throw new BadRequestException(INVALID_ARN);
  const sameRegion = region === ctx.scope.region;

  if (segs[0] === 'restapis' && (segs.length === 2 || (segs.length === 4 && segs[2] === 'stages'))) {
    const restApiId = segs[1];
    // A resource in another region is not the caller's resource here: AWS's NotFound for that id.
    if (!sameRegion) throw new NotFoundException(`Invalid API identifier specified ${ctx.scope.account}:${restApiId}`);
    requireRestApi(ctx, restApiId);
    if (segs.length === 2) return apiGatewayArn(ctx.scope.region, `/restapis/${restApiId}`);
    requireStage(ctx, restApiId, segs[3]);
    return stageArn(ctx.scope.region, restApiId, segs[3]);
  }
  if (segs.length === 2 && segs[0] === 'apikeys') {
    if (!sameRegion) throw new NotFoundException('Invalid API Key identifier specified');
    return apiKeyArn(ctx.scope.region, requireApiKey(ctx, segs[1]).id);
  }
  if (segs.length === 2 && segs[0] === 'usageplans') {
    if (!sameRegion) throw new NotFoundException('Invalid Usage Plan ID specified');
    return usagePlanArn(ctx.scope.region, requireUsagePlan(ctx, segs[1]).id);
  }
  if (segs.length === 2 && segs[0] === 'domainnames') {
    if (!sameRegion) throw new NotFoundException(DOMAIN_NOT_FOUND);
    return domainNameTagArn(ctx, segs[1]);
  }
  if (segs.length === 2 && segs[0] === 'vpclinks') {
    if (!sameRegion) throw new NotFoundException(VPC_LINK_NOT_FOUND);
    return vpcLinkTagArn(ctx, segs[1]);
  }
  if (segs.length === 2 && segs[0] === 'clientcertificates') {
    if (!sameRegion) throw new NotFoundException(CLIENT_CERTIFICATE_NOT_FOUND);
    return clientCertificateTagArn(ctx, segs[1]);
  }
  if (segs.length === 5 && segs[0] === 'domainnameaccessassociations' && segs[1] === 'domainname' && segs[3] === 'vpcesource') {
    if (!sameRegion) throw new NotFoundException(ASSOCIATION_NOT_FOUND);
    return accessAssociationTagArn(ctx, segs.slice(1).join('/'));
  }
  throw new BadRequestException(INVALID_ARN);
}

/** Validates a tag map as AWS does (for TagResource and the Create* operations that take `tags`). */
export function validateTags(tags: unknown): Record<string, string> {
  if (tags === undefined || tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
    throw new BadRequestException('Tags must be a map of tag keys to tag values');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags as Record<string, unknown>)) {
    if (key.length < 1 || key.length > MAX_TAG_KEY_LENGTH) {
      throw new BadRequestException(`Invalid tag key: tag keys must be between 1 and ${MAX_TAG_KEY_LENGTH} characters long`);
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw new BadRequestException(`Invalid tag key: ${key}. Tag keys must not start with 'aws:'`);
    }
    if (!TAG_CHARS.test(key)) {
      throw new BadRequestException(`Invalid tag key: ${key}. Tag keys may contain only letters, numbers, spaces and _ . : / = + - @`);
    }
    const v = value === null || value === undefined ? '' : String(value);
    if (v.length > MAX_TAG_VALUE_LENGTH) {
      throw new BadRequestException(`Invalid tag value for key ${key}: tag values must be at most ${MAX_TAG_VALUE_LENGTH} characters long`);
    }
    out[key] = v;
  }
  checkTagCount(out);
  return out;
}

export function checkTagCount(tags: Record<string, string>): void {
  if (Object.keys(tags).length > MAX_TAGS) {
    throw new BadRequestException(`Too many tags: a resource can have at most ${MAX_TAGS} tags`);
  }
}

export const tagHandlers: HandlerTable = {
  TagResource(input: Input, ctx) {
    const tags = validateTags(input.tags);
    ctx.store.transaction(() => {
      const arn = resolveTaggable(ctx, input.resourceArn);
      const merged = { ...ctx.store.tags.get(ctx.scope, arn), ...tags };
      checkTagCount(merged);
      ctx.store.tags.set(ctx.scope, arn, merged);
    });
    return undefined;
  },

  UntagResource(input: Input, ctx) {
    const keys: unknown = input.tagKeys;
    if (!Array.isArray(keys) || keys.length === 0) throw new BadRequestException('tagKeys must not be empty');
    ctx.store.transaction(() => {
      const arn = resolveTaggable(ctx, input.resourceArn);
      const tags = ctx.store.tags.get(ctx.scope, arn);
      for (const k of keys) delete tags[String(k)];
      ctx.store.tags.set(ctx.scope, arn, tags);
    });
    return undefined;
  },

  GetTags(input: Input, ctx) {
    // `position` and `limit` are declared but "not currently supported" by AWS: all tags come back.
    const arn = resolveTaggable(ctx, input.resourceArn);
    return { tags: ctx.store.tags.get(ctx.scope, arn) };
  },
};
