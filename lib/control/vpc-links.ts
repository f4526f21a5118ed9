/**
 * @module control/vpc-links
 * CreateVpcLink (202), GetVpcLink, GetVpcLinks, UpdateVpcLink, DeleteVpcLink (202).
 *
 * Emulated (recorded AWS answers, test_vpc_link_lifecycle): CreateVpcLink
 * answers 202 with status PENDING and no status message; AWS provisions the
 * link in the background, and here the first read after creation finds it
 * done: status AVAILABLE, statusMessage "Your vpc link is ready for use".
 * GetVpcLink and UpdateVpcLink show `tags` even when empty, GetVpcLinks only
 * when there are some. `targetArns` must be well-formed ARNs ("Invalid ARN.
 * ARN is not well formed …"), the name must not be empty ("Name cannot be
 * empty"), unknown ids answer "Invalid Vpc Link identifier specified".
 * Patch paths: `/name`, `/description` (replace).
 * Not emulated: the network load balancers are not looked up (no ELB), so a
 * link never ends FAILED; integrations using a link are not checked on delete.
 */
import { BadRequestException, NotFoundException } from '../aws/errors';
import { newShortId } from '../aws/ids';
import { pageByCursor } from '../aws/pagination';
import { PatchEngine, scalarRule } from '../aws/patch';
import { ValidationException, notNullConstraint } from '../aws/validation';
import type { HandlerTable, Input, OperationContext } from './context';
import { validateTags } from './tags';
import { apiGatewayArn } from '../aws/arn';
import type { VpcLink } from '../model';

export const VPC_LINK_NOT_FOUND = 'Invalid Vpc Link identifier specified';
const READY = 'Your vpc link is ready for use';
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/;

export function vpcLinkArn(region: string, id: string): string {
  return apiGatewayArn(region, `/vpclinks/${id}`);
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new BadRequestException('Name cannot be empty');
  return name;
}

function checkTargetArns(arns: unknown): string[] {
  if (arns === undefined || arns === null) throw new ValidationException([notNullConstraint('createVpcLinkInput.targetArns')]);
  const list = arns as string[];
  // apigw-local wording for the empty list.
  if (list.length === 0) throw new BadRequestException('At least one target ARN must be specified');
  for (const arn of list) if (!ARN.test(arn)) throw new BadRequestException(`Invalid ARN. ARN is not well formed ${arn}`);
  return [...list];
}

/** The link as a read finds it: a pending link is provisioned by the first read after creation. */
function settle(ctx: OperationContext, link: VpcLink): VpcLink {
  if (link.status !== 'PENDING') return link;
  const ready: VpcLink = { ...link, status: 'AVAILABLE', statusMessage: READY };
  ctx.store.vpcLinks.update(ctx.scope, ready);
  return ready;
}

function requireVpcLink(ctx: OperationContext, id: unknown): VpcLink {
  const link = typeof id === 'string' && id !== '' ? ctx.store.vpcLinks.get(ctx.scope, id) : undefined;
  if (!link) throw new NotFoundException(VPC_LINK_NOT_FOUND);
  return settle(ctx, link);
}

function present(ctx: OperationContext, link: VpcLink, opts: { alwaysTags: boolean }): VpcLink {
  const tags = ctx.store.tags.get(ctx.scope, vpcLinkArn(ctx.scope.region, link.id));
  return Object.keys(tags).length || opts.alwaysTags ? { ...link, tags } : { ...link };
}

const vpcLinkPatch = new PatchEngine<VpcLink>([
  scalarRule('/name', 'name', { parse: (v) => checkName(v) }),
  scalarRule('/description', 'description'),
]);

export const vpcLinkHandlers: HandlerTable = {
  CreateVpcLink(input: Input, ctx) {
    if (input.name === undefined) throw new ValidationException([notNullConstraint('createVpcLinkInput.name')]);
    const link: VpcLink = { id: newShortId(), name: checkName(input.name), targetArns: [], status: 'PENDING' };
    if (typeof input.description === 'string' && input.description !== '') link.description = input.description;
    link.targetArns = checkTargetArns(input.targetArns);
    const tags = input.tags === undefined ? {} : validateTags(input.tags);
    ctx.store.transaction(() => {
      ctx.store.vpcLinks.insert(ctx.scope, link);
      if (Object.keys(tags).length) ctx.store.tags.set(ctx.scope, vpcLinkArn(ctx.scope.region, link.id), tags);
    });
    return present(ctx, link, { alwaysTags: false });
  },

  GetVpcLink(input: Input, ctx) {
    return ctx.store.transaction(() => present(ctx, requireVpcLink(ctx, input.vpcLinkId), { alwaysTags: true }));
  },

  GetVpcLinks(input: Input, ctx) {
    return ctx.store.transaction(() =>
      pageByCursor(input, (after, limit) => {
        const page = ctx.store.vpcLinks.page(ctx.scope, after, limit);
        return { items: page.items.map((l) => present(ctx, settle(ctx, l), { alwaysTags: false })), next: page.next };
      }),
    );
  },

  UpdateVpcLink(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const updated = vpcLinkPatch.apply(requireVpcLink(ctx, input.vpcLinkId), input.patchOperations);
      ctx.store.vpcLinks.update(ctx.scope, updated);
      return present(ctx, updated, { alwaysTags: true });
    });
  },

  DeleteVpcLink(input: Input, ctx) {
    ctx.store.transaction(() => {
      const link = requireVpcLink(ctx, input.vpcLinkId);
      ctx.store.vpcLinks.delete(ctx.scope, link.id);
      ctx.store.tags.deleteUnder(ctx.scope, vpcLinkArn(ctx.scope.region, link.id));
    });
    return undefined;
  },
};

/** For tags: the canonical ARN of an existing VPC link, or AWS's NotFound. */
export function vpcLinkTagArn(ctx: OperationContext, id: string): string {
  if (!ctx.store.vpcLinks.exists(ctx.scope, id)) throw new NotFoundException(VPC_LINK_NOT_FOUND);
  return vpcLinkArn(ctx.scope.region, id);
}
