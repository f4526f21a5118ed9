/**
 * @module aws/caller
 * Who is calling, read from a SigV4 `Authorization` header as AWS clients sign
 * control-plane requests: the credential scope gives the region, and a
 * 12-digit access key id is taken as the account id (otherwise the configured
 * default account). Any credentials are accepted on the control plane: like
 * LocalStack and moto, signatures are not verified there (the data plane's
 * AWS_IAM authorization verifies them, with configured credentials).
 */

export interface Caller {
  account: string;
  region: string;
  accessKeyId: string | null;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

export function callerFromRequest(
  authorization: string | undefined,
  defaults: { account: string; region: string },
): Caller {
  const m = authorization ? CREDENTIAL.exec(authorization) : null;
  if (!m) return { account: defaults.account, region: defaults.region, accessKeyId: null };
  const accessKeyId = m[1];
  const account = /^\d{12}$/.test(accessKeyId) ? accessKeyId : defaults.account;
  return { account, region: m[3], accessKeyId };
}
