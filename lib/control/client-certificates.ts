/**
 * @module control/client-certificates
 * GenerateClientCertificate (201), GetClientCertificate,
 * GetClientCertificates, UpdateClientCertificate, DeleteClientCertificate (202).
 *
 * Emulated: a real self-signed X.509 certificate (RSA 2048,
 * sha256WithRSAEncryption, client-authentication usage) in
 * `pemEncodedCertificate`, valid from `createdDate` for 365 days
 * (`expirationDate`; the AWS CLI's recorded example shows exactly 365 days),
 * a 6-character `clientCertificateId`, description, tags, AWS's NotFound.
 * Patch path: `/description` (replace).
 * Not emulated: the private key is thrown away — integrations do not present
 * the certificate to HTTP backends; the certificate's subject is
 * apigw-local's own; deleting a certificate a stage uses is not refused.
 */
import { NotFoundException } from '../aws/errors';
import { newShortId } from '../aws/ids';
import { pageByCursor } from '../aws/pagination';
import { PatchEngine, scalarRule } from '../aws/patch';
import { apiGatewayArn } from '../aws/arn';
import { generateSelfSignedCertificate } from '../aws/x509';
import type { HandlerTable, Input, OperationContext } from './context';
import { nowSeconds } from './lookups';
import { validateTags } from './tags';
import type { ClientCertificate } from '../model';

export const CLIENT_CERTIFICATE_NOT_FOUND = 'Invalid Client Certificate identifier specified';
export const VALIDITY_SECONDS = 365 * 24 * 3600;

export function clientCertificateArn(region: string, id: string): string {
  return apiGatewayArn(region, `/clientcertificates/${id}`);
}

function requireClientCertificate(ctx: OperationContext, id: unknown): ClientCertificate {
  const cert = typeof id === 'string' && id !== '' ? ctx.store.clientCertificates.get(ctx.scope, id) : undefined;
  if (!cert) throw new NotFoundException(CLIENT_CERTIFICATE_NOT_FOUND);
  return cert;
}

/** The wire form: the stored document plus its tags (when it has any). */
function present(ctx: OperationContext, cert: ClientCertificate): ClientCertificate {
  const tags = ctx.store.tags.get(ctx.scope, clientCertificateArn(ctx.scope.region, cert.clientCertificateId));
  return Object.keys(tags).length ? { ...cert, tags } : { ...cert };
}

const certificatePatch = new PatchEngine<ClientCertificate>([scalarRule('/description', 'description')]);

export const clientCertificateHandlers: HandlerTable = {
  async GenerateClientCertificate(input: Input, ctx) {
    const tags = input.tags === undefined ? {} : validateTags(input.tags);
    const id = newShortId();
    const createdDate = nowSeconds();
    const expirationDate = createdDate + VALIDITY_SECONDS;
    const { pem } = await generateSelfSignedCertificate({
      subject: { country: 'US', organization: 'apigw-local', organizationalUnit: 'API Gateway client certificate', commonName: id },
      notBefore: new Date(createdDate * 1000),
      notAfter: new Date(expirationDate * 1000),
    });
    const cert: ClientCertificate = { clientCertificateId: id, pemEncodedCertificate: pem, createdDate, expirationDate };
    if (typeof input.description === 'string' && input.description !== '') cert.description = input.description;
    ctx.store.transaction(() => {
      ctx.store.clientCertificates.insert(ctx.scope, cert);
      if (Object.keys(tags).length) ctx.store.tags.set(ctx.scope, clientCertificateArn(ctx.scope.region, id), tags);
    });
    return present(ctx, cert);
  },

  GetClientCertificate(input: Input, ctx) {
    return present(ctx, requireClientCertificate(ctx, input.clientCertificateId));
  },

  GetClientCertificates(input: Input, ctx) {
    return pageByCursor(input, (after, limit) => {
      const page = ctx.store.clientCertificates.page(ctx.scope, after, limit);
      return { items: page.items.map((c) => present(ctx, c)), next: page.next };
    });
  },

  UpdateClientCertificate(input: Input, ctx) {
    return ctx.store.transaction(() => {
      const updated = certificatePatch.apply(requireClientCertificate(ctx, input.clientCertificateId), input.patchOperations);
      ctx.store.clientCertificates.update(ctx.scope, updated);
      return present(ctx, updated);
    });
  },

  DeleteClientCertificate(input: Input, ctx) {
    ctx.store.transaction(() => {
      const cert = requireClientCertificate(ctx, input.clientCertificateId);
      ctx.store.clientCertificates.delete(ctx.scope, cert.clientCertificateId);
      ctx.store.tags.deleteUnder(ctx.scope, clientCertificateArn(ctx.scope.region, cert.clientCertificateId));
    });
    return undefined;
  },
};

/** For tags: the canonical ARN of an existing client certificate, or AWS's NotFound. */
export function clientCertificateTagArn(ctx: OperationContext, id: string): string {
  if (!ctx.store.clientCertificates.exists(ctx.scope, id)) throw new NotFoundException(CLIENT_CERTIFICATE_NOT_FOUND);
  return clientCertificateArn(ctx.scope.region, id);
}
