/**
 * @module aws/wire
 * restJson1 in and out as API Gateway speaks it: request bodies read with a
 * size cap, JSON answers with `x-amzn-RequestId`, errors as `{"message": …}`
 * with `x-amzn-ErrorType`. Nothing here knows about operations.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, BadRequestException } from './errors';

/** API Gateway's control plane refuses bodies over 6 MB (ImportRestApi/PutRestApi's own limit). */
export const MAX_CONTROL_BODY = 6 * 1024 * 1024;

export class PayloadTooLargeError extends AwsError {
  constructor(limit: number) {
    super('RequestEntityTooLargeException', 413, `Request body exceeds the maximum allowed size of ${limit} bytes`);
  }
}

export function readBody(req: IncomingMessage, limit = MAX_CONTROL_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new PayloadTooLargeError(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

/** Parses a JSON request body; empty is `{}`, anything else malformed is AWS's 400. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestException('Could not parse request body into json: Unexpected character in request body');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadRequestException('Could not parse request body into json: the request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, requestId: string, body: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}

export function sendAwsError(res: ServerResponse, requestId: string, err: AwsError): void {
  const text = JSON.stringify({ message: err.message });
  res.writeHead(err.status, {
    ...err.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': err.type,
  });
  res.end(text);
}
