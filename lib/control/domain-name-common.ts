/**
 * @module control/domain-name-common
 * What the DomainName, BasePathMapping and DomainNameAccessAssociation
 * operations share: the domain name ARN (public `arn:aws:apigateway:{region}::/domainnames/{name}`,
 * private `arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId}`),
 * the "must exist" lookup with AWS's NotFound message, the endpoint host
 * names and Route 53 hosted zone ids AWS hands out, and the wire form
 * (the stored document plus its tags).
 */
import { NotFoundException } from '../aws/errors';
import { randomId } from '../aws/ids';
import { domainKey } from '../store/domain-names';
import type { OperationContext } from './context';
import type { DomainName } from '../model';

export const DOMAIN_NOT_FOUND = 'Invalid domain name identifier specified';
export const ASSOCIATION_NOT_FOUND = 'Invalid domain name access association identifier specified';

/** CloudFront's hosted zone, the same for every edge-optimized domain name (API Reference, DomainName). */
export const EDGE_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

/** Route 53 hosted zone ids of the execute-api Regional endpoints (AWS General Reference, "Amazon API Gateway endpoints and quotas"). */
const REGIONAL_HOSTED_ZONE_IDS: Record<string, string> = {
  'us-east-2': 'ZOJJZC49E0EPZ',
  'us-east-1': 'Z1UJRXOUMOOFQ8',
  'us-west-1': 'Z2MUQ32089INYE',
  'us-west-2': 'Z2OJLYMUO9EFXC',
  'af-south-1': 'Z2DHW2332DAMTN',
  'ap-east-1': 'Z3FD1VL90ND7K5',
  'ap-south-1': 'Z3VO1THU9YC4UR',
  'ap-south-2': 'Z0853509Q1135NJ66RUH',
  'ap-northeast-1': 'Z1YSHQZHG15GKL',
  'ap-northeast-2': 'Z20JF4UZKIW1U8',
  'ap-northeast-3': 'Z22ILHG95FLSZ2',
  'ap-southeast-1': 'ZL327KTPIQFUL',
  'ap-southeast-2': 'Z2RPCDW04V8134',
  'ap-southeast-3': 'Z10132843TYUYSLUG4HA3',
  'ap-southeast-4': 'Z092189423Y7RJK61311D',
  'ap-southeast-5': 'Z0314042F0KBUTZ3X5HF',
  'ca-central-1': 'Z19DQILCV0OWEC',
  'ca-west-1': 'Z04745493436AWVTG1OQY',
  'eu-central-1': 'Z1U9ULNL0V5AJ3',
  'eu-central-2': 'Z09222482MK253X48U76H',
  'eu-west-1': 'ZLY8HYME6SFDD',
  'eu-west-2': 'ZJ5UAJN8Y3Z2Q',
  'eu-west-3': 'Z3KY65QIEKYHQQ',
  'eu-north-1': 'Z3UWIKFBOOGXPP',
  'eu-south-1': 'Z3BT4WSQ9TDYZV',
  'eu-south-2': 'Z02499852UI5HEQ5JVWX3',
  'il-central-1': 'Z07264553HBI44N5X2CKP',
  'me-south-1': 'Z20ZBPC0SS8806',
  'me-central-1': 'Z08780021BKYYY8U0YHTV',
  'sa-east-1': 'ZCMLWB8V5SYIT',
  'us-gov-west-1': 'Z1K6XKP9SAGWDV',
  'us-gov-east-1': 'Z3SE9ATJYCRCZJ',
};

/** The region's hosted zone id; undefined for a region AWS does not have (a made-up local region). */
export function regionalHostedZoneId(region: string): string | undefined {
  return REGIONAL_HOSTED_ZONE_IDS[region];
}

/** `d-` and 10 characters, as AWS names a Regional custom domain's target. */
export function newRegionalDomainName(region: string): string {
  return `d-${randomId(10)}.execute-api.${region}.amazonaws.com`;
}

/** `d` and 13 characters under cloudfront.net, as CloudFront names a distribution. */
export function newDistributionDomainName(): string {
  return `d${randomId(13)}.cloudfront.net`;
}

export function domainNameArn(ctx: OperationContext, domainName: string, domainNameId?: string): string {
  const account = domainNameId ? ctx.scope.account : '';
  return `arn:aws:apigateway:${ctx.scope.region}:${account}:/domainnames/${domainKey(domainName, domainNameId)}`;
}

/** The domain name (private ones need their `domainNameId`), or AWS's NotFound. */
export function requireDomainName(ctx: OperationContext, domainName: unknown, domainNameId?: unknown): DomainName {
  const id = typeof domainNameId === 'string' && domainNameId !== '' ? domainNameId : undefined;
  const d = typeof domainName === 'string' && domainName !== '' ? ctx.store.domainNames.get(ctx.scope, domainKey(domainName, id)) : undefined;
  if (!d) throw new NotFoundException(DOMAIN_NOT_FOUND);
  return d;
}

/** The wire form: the stored document plus its tags (when it has any). */
export function presentDomainName(ctx: OperationContext, d: DomainName): DomainName {
  const tags = d.domainNameArn ? ctx.store.tags.get(ctx.scope, d.domainNameArn) : {};
  return Object.keys(tags).length ? { ...d, tags } : { ...d };
}

/** For tags: the canonical ARN of an existing domain name (`{name}` or `{name}+{domainNameId}`), or AWS's NotFound. */
export function domainNameTagArn(ctx: OperationContext, key: string): string {
  const d = ctx.store.domainNames.get(ctx.scope, key);
  if (!d?.domainNameArn) throw new NotFoundException(DOMAIN_NOT_FOUND);
  return d.domainNameArn;
}

/** For tags: the canonical ARN of an existing access association (`domainname/{key}/vpcesource/{vpce}`), or AWS's NotFound. */
export function accessAssociationTagArn(ctx: OperationContext, rest: string): string {
  const arn = `arn:aws:apigateway:${ctx.scope.region}:${ctx.scope.account}:/domainnameaccessassociations/${rest}`;
  if (!ctx.store.domainNames.associationExists(ctx.scope, arn)) {
    throw new NotFoundException(ASSOCIATION_NOT_FOUND);
  }
  return arn;
}
