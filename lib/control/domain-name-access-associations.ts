/**
 * @module control/domain-name-access-associations
 * CreateDomainNameAccessAssociation (201), GetDomainNameAccessAssociations,
 * DeleteDomainNameAccessAssociation (202) and
 * RejectDomainNameAccessAssociation (202): the link between a VPC endpoint
 * and a private custom domain name.
 *
 * Emulated: the domain name (named by its ARN, possibly another account's)
 * must exist and be private; the source type is VPCE (AWS's model-level
 * ValidationException otherwise) and the source a `vpce-…` id; one
 * association per domain name and source (409); the association ARN as the
 * AWS CLI's example shows it (`…:/domainnameaccessassociations/domainname/{name}+{id}/vpcesource/{vpce}`);
 * tags; `resourceOwner=SELF` lists the caller's associations,
 * `OTHER_ACCOUNTS` those other accounts made with the caller's domain names;
 * Reject lets the domain name's owner remove an association someone made
 * with it.
 * Not emulated: the VPC endpoint is not looked up (no EC2), and no private
 * DNS is served. Messages marked "apigw-local wording" have no recorded AWS
 * answer.
 */
import { BadRequestException, ConflictException, NotFoundException } from '../aws/errors';
import { pageOf } from '../aws/pagination';
import type { Scope } from '../store';
import type { HandlerTable, Input, OperationContext } from './context';
import { validateTags } from './tags';
import { ASSOCIATION_NOT_FOUND, DOMAIN_NOT_FOUND } from './domain-name-common';
import { checkEnum } from './domain-name-rules';
import type { DomainName, DomainNameAccessAssociation } from '../model';

const ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):(\d{12})?:\/domainnames\/([^/+]+)(?:\+([^/]+))?$/;

/** The private domain name an ARN names (in the ARN's account and region), or AWS's NotFound. */
function domainOfArn(ctx: OperationContext, arn: unknown): { scope: Scope; domain: DomainName } {
  const m = typeof arn === 'string' ? ARN.exec(arn) : null;
  if (!m) throw new NotFoundException(DOMAIN_NOT_FOUND);
  const scope = { account: m[2] ?? ctx.scope.account, region: m[1] };
  const domain = ctx.store.domainNames.get(scope, m[4] ? `${m[3]}+${m[4]}` : m[3]);
  if (!domain) throw new NotFoundException(DOMAIN_NOT_FOUND);
  return { scope, domain };
}

function present(ctx: OperationContext, scope: Scope, a: DomainNameAccessAssociation): DomainNameAccessAssociation {
  const tags = ctx.store.tags.get(scope, a.domainNameAccessAssociationArn);
  return Object.keys(tags).length ? { ...a, tags } : { ...a };
}

export const accessAssociationHandlers: HandlerTable = {
  CreateDomainNameAccessAssociation(input: Input, ctx) {
    const sourceType = checkEnum(input.accessAssociationSourceType, 'createDomainNameAccessAssociationInput.accessAssociationSourceType', ['VPCE']);
    const source: unknown = input.accessAssociationSource;
    if (typeof source !== 'string' || !/^vpce-[0-9a-z]+$/.test(source)) {
      // apigw-local wording.
      throw new BadRequestException(`Invalid VPC endpoint identifier specified: ${String(source ?? '')}`);
    }
    const tags = input.tags === undefined ? {} : validateTags(input.tags);
    return ctx.store.transaction(() => {
      const { domain } = domainOfArn(ctx, input.domainNameArn);
      if (!domain.domainNameId) {
        // apigw-local wording.
        throw new BadRequestException('Domain name access associations can only be created for private custom domain names.');
      }
      const arn = `arn:aws:apigateway:${ctx.scope.region}:${ctx.scope.account}:/domainnameaccessassociations/domainname/${domain.domainName}+${domain.domainNameId}/vpcesource/${source}`;
      if (ctx.store.domainNames.associationExists(ctx.scope, arn)) {
        // apigw-local wording.
        throw new ConflictException('A domain name access association already exists for this domain name and access association source.');
      }
      const a: DomainNameAccessAssociation = {
        domainNameAccessAssociationArn: arn,
        domainNameArn: domain.domainNameArn!,
        accessAssociationSourceType: sourceType,
        accessAssociationSource: source,
      };
      ctx.store.domainNames.insertAssociation(ctx.scope, a);
      if (Object.keys(tags).length) ctx.store.tags.set(ctx.scope, arn, tags);
      return present(ctx, ctx.scope, a);
    });
  },

  GetDomainNameAccessAssociations(input: Input, ctx) {
    const owner = input.resourceOwner === undefined ? 'SELF' : checkEnum(input.resourceOwner, 'resourceOwner', ['SELF', 'OTHER_ACCOUNTS']);
    let items: DomainNameAccessAssociation[];
    if (owner === 'SELF') {
      items = ctx.store.domainNames.allAssociations(ctx.scope).map((a) => present(ctx, ctx.scope, a));
    } else {
      items = ctx.store.domainNames
        .all(ctx.scope)
        .filter((d) => d.domainNameId && d.domainNameArn)
        .flatMap((d) => ctx.store.domainNames.associationsWithDomain(d.domainNameArn!))
        .filter(({ scope }) => scope.account !== ctx.scope.account)
        .map(({ scope, association }) => present(ctx, scope, association));
    }
    return pageOf(items, (a) => a.domainNameAccessAssociationArn, input);
  },

  DeleteDomainNameAccessAssociation(input: Input, ctx) {
    ctx.store.transaction(() => {
      const arn = String(input.domainNameAccessAssociationArn ?? '');
      if (!ctx.store.domainNames.deleteAssociation(ctx.scope, arn)) throw new NotFoundException(ASSOCIATION_NOT_FOUND);
      ctx.store.tags.deleteUnder(ctx.scope, arn);
    });
    return undefined;
  },

  RejectDomainNameAccessAssociation(input: Input, ctx) {
    ctx.store.transaction(() => {
      const { scope, domain } = domainOfArn(ctx, input.domainNameArn);
      // Only the domain name's owner can reject associations made with it.
      if (scope.account !== ctx.scope.account || scope.region !== ctx.scope.region) throw new NotFoundException(DOMAIN_NOT_FOUND);
      const found = ctx.store.domainNames
        .associationsWithDomain(domain.domainNameArn!)
        .find(({ association }) => association.domainNameAccessAssociationArn === input.domainNameAccessAssociationArn);
      if (!found) throw new NotFoundException(ASSOCIATION_NOT_FOUND);
      ctx.store.domainNames.deleteAssociation(found.scope, found.association.domainNameAccessAssociationArn);
      ctx.store.tags.deleteUnder(found.scope, found.association.domainNameAccessAssociationArn);
    });
    return undefined;
  },
};
