/**
 * @module dataplane/media-types
 * Content types and binary payloads as API Gateway handles them for REST
 * APIs ("Content type conversions in API Gateway"):
 * - a request payload is binary when its Content-Type matches one of the API's
 *   `binaryMediaTypes` (`type/subtype`, `type/*` or `*\/*`);
 * - the integration's `contentHandling` converts it: CONVERT_TO_TEXT
 *   base64-encodes a binary payload, CONVERT_TO_BINARY base64-decodes a text one;
 * - on the way back, the integration response's `contentHandling`, whether
 *   its Content-Type is binary, and whether the first media type of the
 *   request's Accept header is binary decide whether the payload is
 *   base64-encoded, decoded, or passed through.
 * A base64 decode of something that is not base64 is an API_CONFIGURATION_ERROR (500).
 */
import type { ContentHandling } from './types';
import { GatewayError } from './gateway-responses';

/** `Application/JSON; charset=utf-8` → `application/json`; undefined when absent or empty. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const semi = contentType.indexOf(';');
  const t = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return t === '' ? undefined : t;
}

/** The first media type of an Accept header (API Gateway only looks at the first). */
export function firstAcceptType(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  const comma = accept.indexOf(',');
  return mediaTypeOf(comma === -1 ? accept : accept.slice(0, comma));
}

/** Whether `mediaType` is one of `binaryMediaTypes` (wildcards allowed on either side). */
export function isBinaryType(binaryMediaTypes: string[], mediaType: string | undefined): boolean {
  if (!mediaType || binaryMediaTypes.length === 0) return false;
  const slash = mediaType.indexOf('/');
  const type = slash === -1 ? mediaType : mediaType.slice(0, slash);
  for (const b of binaryMediaTypes) {
    if (b === mediaType || b === '*/*') return true;
    if (b.endsWith('/*') && b.slice(0, -2) === type) return true;
    // A request may itself carry a wildcard (Accept: image/*).
    if (mediaType.endsWith('/*') && b.startsWith(type + '/')) return true;
  }
  return false;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;
const BASE64URL = /^[A-Za-z0-9\-_\r\n]*={0,2}[\r\n]*$/;

export function base64Decode(body: Buffer): Buffer {
  const text = body.toString('latin1').trim();
  if (!BASE64.test(text) && !BASE64URL.test(text)) {
    throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
  }
  return Buffer.from(text, 'base64');
}

export const base64Encode = (body: Buffer): Buffer => Buffer.from(body.toString('base64'), 'latin1');

/** The integration request payload from the method request payload (first table of the Developer Guide page). */
export function convertRequestPayload(body: Buffer, isBinary: boolean, handling: ContentHandling): Buffer {
  if (handling === 'CONVERT_TO_TEXT') return isBinary ? base64Encode(body) : body;
  if (handling === 'CONVERT_TO_BINARY') return isBinary ? body : base64Decode(body);
  return body;
}

/**
 * The method response payload from the integration response payload (second table).
 * `binaryConfigured`: the API has binaryMediaTypes; `responseBinary`: the
 * integration response Content-Type is one of them; `acceptBinary`: the
 * request's first Accept type is one of them.
 */
export function convertResponsePayload(
  body: Buffer,
  handling: ContentHandling,
  binaryConfigured: boolean,
  responseBinary: boolean,
  acceptBinary: boolean,
): Buffer {
  if (handling === 'CONVERT_TO_TEXT') return responseBinary ? base64Encode(body) : body;
  if (handling === 'CONVERT_TO_BINARY') return responseBinary ? body : base64Decode(body);
  if (!binaryConfigured) return body;
  if (responseBinary && !acceptBinary) return base64Encode(body);
  if (!responseBinary && acceptBinary) return base64Decode(body);
  return body;
}
