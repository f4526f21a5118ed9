/** media-types.ts: the Developer Guide's "Content type conversions in API Gateway" tables. */
import {
  base64Decode,
  convertRequestPayload,
  convertResponsePayload,
  firstAcceptType,
  isBinaryType,
  mediaTypeOf,
} from '../../../lib/dataplane/media-types';

const bin = Buffer.from([0, 1, 254, 255]);
const b64 = Buffer.from(bin.toString('base64'));

test('media types: parameters dropped, lowercased; the first Accept type only', () => {
  expect(mediaTypeOf('Application/JSON; charset=UTF-8')).toBe('application/json');
  expect(mediaTypeOf('')).toBeUndefined();
  expect(firstAcceptType('image/webp,image/*,*/*;q=0.8')).toBe('image/webp');
});

test('binaryMediaTypes matching, wildcards on either side', () => {
  expect(isBinaryType(['image/png'], 'image/png')).toBe(true);
  expect(isBinaryType(['image/*'], 'image/jpeg')).toBe(true);
  expect(isBinaryType(['*/*'], 'text/plain')).toBe(true);
  expect(isBinaryType(['image/png'], 'image/*')).toBe(true);
  expect(isBinaryType(['image/png'], '*/*')).toBe(false);
  expect(isBinaryType([], 'image/png')).toBe(false);
  expect(isBinaryType(['image/png'], undefined)).toBe(false);
});

test('request payload table', () => {
  expect(convertRequestPayload(bin, false, undefined)).toBe(bin);
  expect(convertRequestPayload(b64, false, 'CONVERT_TO_BINARY')).toEqual(bin);
  expect(convertRequestPayload(b64, false, 'CONVERT_TO_TEXT')).toBe(b64);
  expect(convertRequestPayload(bin, true, undefined)).toBe(bin);
  expect(convertRequestPayload(bin, true, 'CONVERT_TO_BINARY')).toBe(bin);
  expect(convertRequestPayload(bin, true, 'CONVERT_TO_TEXT')).toEqual(b64);
});

test('response payload table', () => {
  // no binaryMediaTypes: text passes, CONVERT_TO_BINARY decodes
  expect(convertResponsePayload(bin, undefined, false, false, false)).toBe(bin);
  expect(convertResponsePayload(b64, 'CONVERT_TO_BINARY', false, false, false)).toEqual(bin);
  expect(convertResponsePayload(bin, 'CONVERT_TO_TEXT', false, false, false)).toBe(bin);
  // text response, binary Accept: decoded
  expect(convertResponsePayload(b64, undefined, true, false, true)).toEqual(bin);
  // binary response, text Accept: encoded
  expect(convertResponsePayload(bin, undefined, true, true, false)).toEqual(b64);
  // binary response, binary Accept: as is
  expect(convertResponsePayload(bin, undefined, true, true, true)).toBe(bin);
  expect(convertResponsePayload(bin, 'CONVERT_TO_BINARY', true, true, false)).toBe(bin);
  expect(convertResponsePayload(bin, 'CONVERT_TO_TEXT', true, true, true)).toEqual(b64);
});

test('base64 decoding of something that is not base64 is a configuration error', () => {
  expect(() => base64Decode(Buffer.from('***'))).toThrow(expect.objectContaining({ type: 'API_CONFIGURATION_ERROR' }));
  expect(base64Decode(Buffer.from('aGk=\n'))).toEqual(Buffer.from('hi'));
  expect(base64Decode(Buffer.from('_-8'))).toEqual(Buffer.from([0xff, 0xef]));
});
