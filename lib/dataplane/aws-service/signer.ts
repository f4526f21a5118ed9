/**
 * @module dataplane/aws-service/signer
 * Signs AWS service integration requests with Signature Version 4
 * (`@smithy/signature-v4`, the AWS SDKs' signer) for the integration's
 * region and the service's signing name. API Gateway signs with the
 * credentials of the integration's `credentials` role; apigw-local does not
 * assume roles: it signs with the environment's credentials
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), or
 * `test`/`test` when none are set — what local emulators accept.
 * S3 is signed as S3 wants it: the path as sent (not encoded twice) and an
 * `x-amz-content-sha256` header with the payload's hash.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../auth/sigv4-verify';
import type { Env } from './endpoint';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The environment's credentials, `test`/`test` when none are set. */
export function credentialsFromEnv(env: Env): SigningCredentials {
  const creds: SigningCredentials = {
    accessKeyId: env.AWS_ACCESS_KEY_ID || 'test',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY || 'test',
  };
  if (env.AWS_SESSION_TOKEN) creds.sessionToken = env.AWS_SESSION_TOKEN;
  return creds;
}

export interface RequestToSign {
  method: string;
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** The path as it is sent (already encoded), without the query string. */
  path: string;
  /** Decoded query parameters, in order. */
  query: [string, string][];
  /** Lowercased names (Host included). */
  headers: Record<string, string>;
  body: Buffer;
}

export class ServiceSigner {
  private readonly signer: SignatureV4;

  constructor(
    readonly signingName: string,
    readonly region: string,
    credentials: SigningCredentials,
  ) {
    const s3 = signingName === 's3';
    this.signer = new SignatureV4({ service: signingName, region, credentials, sha256: Sha256, uriEscapePath: !s3, applyChecksum: s3 });
  }

  /** The request's headers with the signature's (`authorization`, `x-amz-date`, and `x-amz-security-token`/`x-amz-content-sha256` when they apply). */
  async sign(r: RequestToSign, signingDate: Date = new Date()): Promise<Record<string, string>> {
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of r.query) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const signed = await this.signer.sign(
      { method: r.method, protocol: r.protocol, hostname: r.hostname, port: r.port, path: r.path, query, headers: { ...r.headers }, body: r.body },
      { signingDate },
    );
    return signed.headers as Record<string, string>;
  }
}
