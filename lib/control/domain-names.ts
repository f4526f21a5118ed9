/**
 * @module control/domain-names
 * CreateDomainName (201), GetDomainName, GetDomainNames, UpdateDomainName,
 * DeleteDomainName (202, with its base path mappings, tags and access
 * associations); the table also carries the base path mapping and domain
 * name access association operations (their own modules).
 *
 * Emulated: one endpoint type per new domain name (EDGE by default) and what
 * AWS provisions for it — EDGE: `distributionDomainName` (`d…​.cloudfront.net`)
 * and `distributionHostedZoneId` Z2FDTNDATAQYW2; REGIONAL: `regionalDomainName`
 * (`d-…​.execute-api.{region}.amazonaws.com`) and the region's
 * `regionalHostedZoneId`; PRIVATE: a `domainNameId`, the account-qualified
 * `domainNameArn` (`…:/domainnames/{name}+{id}`), `policy`. Status AVAILABLE,
 * `securityPolicy` TLS_1_2 unless given (with the enhanced `SecurityPolicy_*`
 * policies and their endpoint access mode), `routingMode`
 * BASE_PATH_MAPPING_ONLY, mutual TLS (truststore URI and version stored and
 * echoed), tags, 409 for a name already taken, AWS's NotFound.
 *
 * Not emulated: certificates are not checked — `certificateArn`,
 * `regionalCertificateArn`, `certificateBody`/`certificatePrivateKey`/
 * `certificateChain` are accepted without ACM (or any) validation and none of
 * them is required, the uploaded body and key are not kept; the truststore is
 * not read from S3 (no `truststoreWarnings`); no DNS or TLS is served for the
 * domain (the data plane routes a request whose Host is the domain name
 * through its base path mappings: dataplane/custom-domains.ts; every write
 * emits `events.domainNamesChanged`); GetDomainNames with
 * `resourceOwner=OTHER_ACCOUNTS` lists nothing (there is no RAM sharing).
 */
import { ConflictException } from '../aws/errors';
import { randomId } from '../aws/ids';
import { pageByCursor } from '../aws/pagination';
import { domainKey } from '../store/domain-names';
import type { HandlerTable, Input } from './context';
import { nowSeconds } from './lookups';
import { validateTags } from './tags';
import { domainNameArn, presentDomainName, requireDomainName } from './domain-name-common';
import {
  DEFAULT_ROUTING_MODE,
  DEFAULT_SECURITY_POLICY,
  ENDPOINT_ACCESS_MODES,
  ROUTING_MODES,
  SECURITY_POLICIES,
  checkDomainNameValue,
  checkEndpointConfiguration,
  checkEnum,
  checkMutualTls,
  checkSecurityPolicy,
  provisionEndpoint,
} from './domain-name-rules';
import { applyDomainNamePatch } from './domain-name-patch';
import { basePathMappingHandlers } from './base-path-mappings';
import { accessAssociationHandlers } from './domain-name-access-associations';
import type { DomainName } from '../model';

const AT = 'createDomainNameInput';
/** Create inputs copied as given when present (certificates are not validated, see the module comment). */
const COPIED = ['certificateName', 'certificateArn', 'regionalCertificateName', 'regionalCertificateArn', 'ownershipVerificationCertificateArn'] as const;

function newDomainName(input: Input, region: string): DomainName {
  const name = checkDomainNameValue(input.domainName);
  const endpointConfiguration = checkEndpointConfiguration(input.endpointConfiguration, AT);
  const d: DomainName = { domainName: name, endpointConfiguration, domainNameStatus: 'AVAILABLE' };
  for (const f of COPIED) if (typeof input[f] === 'string' && input[f] !== '') d[f] = input[f];
  d.securityPolicy = input.securityPolicy === undefined ? DEFAULT_SECURITY_POLICY : checkEnum(input.securityPolicy, `${AT}.securityPolicy`, SECURITY_POLICIES);
  if (input.endpointAccessMode !== undefined) d.endpointAccessMode = checkEnum(input.endpointAccessMode, `${AT}.endpointAccessMode`, ENDPOINT_ACCESS_MODES);
  d.routingMode = input.routingMode === undefined ? DEFAULT_ROUTING_MODE : checkEnum(input.routingMode, `${AT}.routingMode`, ROUTING_MODES);
  if (input.mutualTlsAuthentication) {
    const m: DomainName['mutualTlsAuthentication'] = { truststoreUri: input.mutualTlsAuthentication.truststoreUri };
    if (input.mutualTlsAuthentication.truststoreVersion) m.truststoreVersion = input.mutualTlsAuthentication.truststoreVersion;
    d.mutualTlsAuthentication = m;
  }
  checkSecurityPolicy(d);
  checkMutualTls(d);
  const type = endpointConfiguration.types![0];
  if (type === 'PRIVATE') {
    d.domainNameId = randomId(10);
    if (typeof input.policy === 'string' && input.policy !== '') d.policy = input.policy;
  }
  if (typeof input.certificateBody === 'string' && input.certificateBody !== '') d.certificateUploadDate = nowSeconds();
  provisionEndpoint(d, type, region);
  return d;
}

const domainNameOperations: HandlerTable = {
  CreateDomainName(input: Input, ctx) {
    const d = newDomainName(input, ctx.scope.region);
    d.domainNameArn = domainNameArn(ctx, d.domainName, d.domainNameId);
    const tags = input.tags === undefined ? {} : validateTags(input.tags);
    ctx.store.transaction(() => {
      // A private custom domain name may share its name with others (its id tells them apart).
      if (!d.domainNameId && ctx.store.domainNames.exists(ctx.scope, domainKey(d.domainName))) {
        throw new ConflictException('The domain name you provided already exists.');
      }
      ctx.store.domainNames.insert(ctx.scope, d);
      if (Object.keys(tags).length) ctx.store.tags.set(ctx.scope, d.domainNameArn!, tags);
    });
    ctx.events.domainNamesChanged?.();
    return presentDomainName(ctx, d);
  },

  GetDomainName(input: Input, ctx) {
    return presentDomainName(ctx, requireDomainName(ctx, input.domainName, input.domainNameId));
  },

  GetDomainNames(input: Input, ctx) {
    if (input.resourceOwner !== undefined) checkEnum(input.resourceOwner, 'resourceOwner', ['SELF', 'OTHER_ACCOUNTS']);
    // Domain names shared by other accounts would come through AWS RAM, which apigw-local does not have.
    if (input.resourceOwner === 'OTHER_ACCOUNTS') return { item: [] };
    return pageByCursor(input, (after, limit) => {
      const page = ctx.store.domainNames.page(ctx.scope, after, limit);
      return { items: page.items.map((d) => presentDomainName(ctx, d)), next: page.next };
    });
  },

  UpdateDomainName(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const d = requireDomainName(ctx, input.domainName, input.domainNameId);
      const updated = applyDomainNamePatch(d, input.patchOperations, ctx.scope.region);
      ctx.store.domainNames.update(ctx.scope, updated);
      ctx.events.domainNamesChanged?.();
      return presentDomainName(ctx, updated);
    });
  },

  DeleteDomainName(input: Input, ctx) {
    ctx.store.transaction(() => {
      const d = requireDomainName(ctx, input.domainName, input.domainNameId);
      ctx.store.domainNames.delete(ctx.scope, domainKey(d.domainName, d.domainNameId));
      if (d.domainNameArn) {
        ctx.store.tags.deleteUnder(ctx.scope, d.domainNameArn);
        for (const { scope, association } of ctx.store.domainNames.associationsWithDomain(d.domainNameArn)) {
          ctx.store.domainNames.deleteAssociation(scope, association.domainNameAccessAssociationArn);
          ctx.store.tags.deleteUnder(scope, association.domainNameAccessAssociationArn);
        }
      }
    });
    ctx.events.domainNamesChanged?.();
    return undefined;
  },
};

export const domainNameHandlers: HandlerTable = {
  ...domainNameOperations,
  ...basePathMappingHandlers,
  ...accessAssociationHandlers,
};
