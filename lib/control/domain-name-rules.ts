/**
 * @module control/domain-name-rules
 * DomainName checks apart from behaviour: the name, the endpoint
 * configuration, the security policy and endpoint access mode, mutual TLS and
 * the routing mode, and how adding or removing an endpoint type changes the
 * document (the host names and hosted zone ids AWS hands out per type).
 *
 * Messages: enum violations are AWS's model-level ValidationException (the
 * wording recorded for CreateRestApi's endpoint configuration); the empty
 * types list and PRIVATE with ipv4 answer the messages AWS records for REST
 * APIs. Messages marked "apigw-local wording" are ours: we found no recorded
 * AWS answer for those cases.
 */
import { BadRequestException } from '../aws/errors';
import { ValidationException, enumConstraint } from '../aws/validation';
import { nowSeconds } from './lookups';
import { EDGE_HOSTED_ZONE_ID, newDistributionDomainName, newRegionalDomainName, regionalHostedZoneId } from './domain-name-common';
import type { DomainName, EndpointConfiguration } from '../model';

/** In the order AWS's ValidationException lists them (recorded for CreateRestApi). */
export const DOMAIN_ENDPOINT_TYPES = ['PRIVATE', 'EDGE', 'REGIONAL'] as const;
export const IP_ADDRESS_TYPES = ['ipv4', 'dualstack'] as const;
export const SECURITY_POLICIES = [
  'TLS_1_0',
  'TLS_1_2',
  'SecurityPolicy_TLS13_1_3_2025_09',
  'SecurityPolicy_TLS13_1_3_FIPS_2025_09',
  'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_Ext2_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_Ext2_FIPS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_2021_06',
  'SecurityPolicy_TLS13_2025_EDGE',
  'SecurityPolicy_TLS12_PFS_2025_EDGE',
  'SecurityPolicy_TLS12_2018_EDGE',
] as const;
export const ENDPOINT_ACCESS_MODES = ['BASIC', 'STRICT'] as const;
export const ROUTING_MODES = ['BASE_PATH_MAPPING_ONLY', 'ROUTING_RULE_ONLY', 'ROUTING_RULE_THEN_BASE_PATH_MAPPING'] as const;
export const DEFAULT_SECURITY_POLICY = 'TLS_1_2';
export const DEFAULT_ROUTING_MODE = 'BASE_PATH_MAPPING_ONLY';

const DNS_NAME = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function checkDomainNameValue(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new BadRequestException('No Domain Name specified');
  if (name.length > 253 || !DNS_NAME.test(name)) {
    // apigw-local wording.
    throw new BadRequestException(`Invalid domain name specified: ${name}`);
  }
  return name;
}

export function checkEnum<T extends string>(value: unknown, at: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationException([enumConstraint(value, at, allowed)]);
  }
  return value as T;
}

/** A new domain name's endpoint configuration: one type (EDGE by default) and its IP address type. */
export function checkEndpointConfiguration(ec: EndpointConfiguration | undefined, inputName: string): EndpointConfiguration {
  const types = ec?.types ?? ['EDGE'];
  const bad = types.filter((t) => !(DOMAIN_ENDPOINT_TYPES as readonly string[]).includes(t));
  const constraints: string[] = [];
  if (bad.length) {
    constraints.push(
      `Value '[${types.join(', ')}]' at '${inputName}.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${DOMAIN_ENDPOINT_TYPES.join(', ')}]]`,
    );
  }
  if (ec?.ipAddressType !== undefined && !(IP_ADDRESS_TYPES as readonly string[]).includes(ec.ipAddressType)) {
    constraints.push(enumConstraint(ec.ipAddressType, `${inputName}.endpointConfiguration.ipAddressType`, IP_ADDRESS_TYPES));
  }
  if (constraints.length) throw new ValidationException(constraints);
  if (types.length === 0) throw new BadRequestException('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
  // apigw-local wording (AWS says "Cannot create an api with multiple Endpoint Types." for REST APIs).
  if (types.length > 1) throw new BadRequestException('Cannot create a domain name with multiple Endpoint Types.');
  const isPrivate = types[0] === 'PRIVATE';
  const ipAddressType = ec?.ipAddressType ?? (isPrivate ? 'dualstack' : 'ipv4');
  if (isPrivate && ipAddressType !== 'dualstack') throw new BadRequestException('Only dualstack ipAddressType is supported for Private APIs.');
  const out: EndpointConfiguration = { types: [...types], ipAddressType };
  if (ec?.vpcEndpointIds?.length) out.vpcEndpointIds = ec.vpcEndpointIds;
  return out;
}

/** An enhanced (`SecurityPolicy_…`) policy needs an endpoint access mode; a legacy one takes none. */
export function checkSecurityPolicy(d: Pick<DomainName, 'securityPolicy' | 'endpointAccessMode' | 'mutualTlsAuthentication'>): void {
  const enhanced = d.securityPolicy?.startsWith('SecurityPolicy_') ?? false;
  // apigw-local wording for these three (the rules are the Developer Guide's, "Choose a security policy").
  if (enhanced && !d.endpointAccessMode) {
    throw new BadRequestException('An endpoint access mode is required when the security policy is an enhanced security policy.');
  }
  if (!enhanced && d.endpointAccessMode) {
    throw new BadRequestException('The endpoint access mode can only be set with an enhanced security policy (SecurityPolicy_*).');
  }
  if (enhanced && d.mutualTlsAuthentication) {
    throw new BadRequestException('Mutual TLS cannot be enabled on a domain name that uses an enhanced security policy.');
  }
}

/** Mutual TLS: an S3 truststore URI, Regional endpoints only (Developer Guide, "Configuring mutual TLS authentication"). */
export function checkMutualTls(d: Pick<DomainName, 'mutualTlsAuthentication' | 'endpointConfiguration'>): void {
  const m = d.mutualTlsAuthentication;
  if (!m) return;
  // apigw-local wording for both.
  if (typeof m.truststoreUri !== 'string' || !/^s3:\/\/[^/]+\/.+/.test(m.truststoreUri)) {
    throw new BadRequestException(`Invalid truststore URI specified: ${String(m.truststoreUri ?? '')}. Must be an S3 URI such as s3://bucket-name/key-name`);
  }
  if (!d.endpointConfiguration.types?.every((t) => t === 'REGIONAL')) {
    throw new BadRequestException('Mutual TLS authentication is supported only for Regional custom domain names.');
  }
}

/** Fills in what AWS provisions for an endpoint type: host name and hosted zone id (and the certificate upload date). */
export function provisionEndpoint(d: DomainName, type: string, region: string): void {
  if (type === 'EDGE') {
    d.distributionDomainName ??= newDistributionDomainName();
    d.distributionHostedZoneId = EDGE_HOSTED_ZONE_ID;
    if (d.certificateArn !== undefined || d.certificateName !== undefined) d.certificateUploadDate ??= nowSeconds();
  } else if (type === 'REGIONAL') {
    d.regionalDomainName ??= newRegionalDomainName(region);
    const zone = regionalHostedZoneId(region);
    if (zone) d.regionalHostedZoneId = zone;
  }
}

/** Forgets what an endpoint type being removed had. */
export function unprovisionEndpoint(d: DomainName, type: string): void {
  if (type === 'EDGE') {
    delete d.distributionDomainName;
    delete d.distributionHostedZoneId;
    delete d.certificateName;
    delete d.certificateArn;
    delete d.certificateUploadDate;
  } else if (type === 'REGIONAL') {
    delete d.regionalDomainName;
    delete d.regionalHostedZoneId;
    delete d.regionalCertificateName;
    delete d.regionalCertificateArn;
  }
}
