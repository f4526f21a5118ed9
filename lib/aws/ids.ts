/**
 * @module aws/ids
 * Identifiers in the shapes API Gateway uses: REST API, root resource and API
 * key ids are 10 lowercase alphanumerics; resources, deployments, authorizers,
 * models, validators, usage plans and VPC links use 6 (10 for the root resource).
 * Request ids are UUIDs. All random, from the crypto source.
 */
import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

export const newRestApiId = (): string => randomId(10);
export const newRootResourceId = (): string => randomId(10);
export const newResourceId = (): string => randomId(6);
export const newDeploymentId = (): string => randomId(6);
export const newShortId = (): string => randomId(6);
export const newRequestId = (): string => randomUUID();

/** API Gateway's extended request id (`$context.extendedRequestId`, `x-amz-apigw-id`): 16 base64-ish chars. */
export function newExtendedRequestId(): string {
  return randomBytes(12).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}
