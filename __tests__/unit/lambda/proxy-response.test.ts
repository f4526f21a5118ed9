/**
 * The Lambda proxy response contract, unit by unit (the e2e matrix in
 * __tests__/e2e/lambda-proxy.test.ts checks the statuses end to end). AWS's
 * answers come from LocalStack's AWS-validated
 * test_aws_proxy_response_payload_format_validation (status per shape) and
 * the Developer Guide's output format (headers and multiValueHeaders merged).
 */
import { parseProxyResponse } from '../../../lib/dataplane/integrations/lambda-proxy';

const parse = (v: unknown) => parseProxyResponse(Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)));

test('a full answer', () => {
  expect(
    parse({ statusCode: 201, headers: { a: '1' }, multiValueHeaders: { 'Set-Cookie': ['x=1', 'y=2'] }, body: 'hi', isBase64Encoded: false }),
  ).toEqual({ statusCode: 201, rawHeaders: ['a', '1', 'Set-Cookie', 'x=1', 'Set-Cookie', 'y=2'], body: 'hi', isBase64Encoded: false });
});

test('every field is optional (recorded: {} and {"headers": …} answer 200)', () => {
  expect(parse({})).toEqual({ statusCode: 200, rawHeaders: [], body: '', isBase64Encoded: false });
  expect(parse({ headers: { h: 'v' } })).toMatchObject({ statusCode: 200, rawHeaders: ['h', 'v'] });
  expect(parse({ statusCode: null, headers: null, multiValueHeaders: null, body: null, isBase64Encoded: null })).toMatchObject({ statusCode: 200 });
});

test('statusCode: an integer or a string of one (recorded "201"); anything else is malformed (recorded "test")', () => {
  expect(parse({ statusCode: '201' })).toMatchObject({ statusCode: 201 });
  expect(parse({ statusCode: 204.0 })).toMatchObject({ statusCode: 204 });
  for (const bad of ['test', '20x', true, {}, [], 99, 600]) expect(typeof parse({ statusCode: bad })).toBe('string');
});

test('headers: scalars become text (recorded header-bool), null values are dropped, objects are malformed', () => {
  expect(parse({ headers: { b: true, n: 1.5, s: 'x', gone: null } })).toMatchObject({ rawHeaders: ['b', 'true', 'n', '1.5', 's', 'x'] });
  expect(typeof parse({ headers: { o: { a: 1 } } })).toBe('string');
  expect(typeof parse({ headers: ['a'] })).toBe('string');
});

test('multiValueHeaders: lists only (recorded: a string value is malformed); it wins over headers for the same name, any case', () => {
  expect(typeof parse({ multiValueHeaders: { m: 'v' } })).toBe('string');
  expect(parse({ headers: { 'test-multi': 'solo', other: 'o' }, multiValueHeaders: { 'tesT-Multi': ['a', 'b'] } })).toMatchObject({
    rawHeaders: ['tesT-Multi', 'a', 'tesT-Multi', 'b', 'other', 'o'],
  });
});

test('body: a string; numbers and booleans become text; objects and lists are malformed', () => {
  expect(parse({ body: 42 })).toMatchObject({ body: '42' });
  expect(parse({ body: false })).toMatchObject({ body: 'false' });
  expect(typeof parse({ body: { a: 1 } })).toBe('string');
  expect(typeof parse({ body: [1] })).toBe('string');
});

test('isBase64Encoded: a boolean (or its text)', () => {
  expect(parse({ isBase64Encoded: true })).toMatchObject({ isBase64Encoded: true });
  expect(parse({ isBase64Encoded: 'TRUE' })).toMatchObject({ isBase64Encoded: true });
  expect(typeof parse({ isBase64Encoded: 'yes' })).toBe('string');
});

test('malformed: other fields (recorded "wrongValue"), non-objects (recorded "justAString"), bad JSON, nothing', () => {
  expect(parse({ statusCode: 200, wrongValue: 'value' })).toBe('unexpected field "wrongValue"');
  expect(parse({ errorMessage: 'boom', errorType: 'Error' })).toBe('unexpected field "errorMessage"');
  expect(parse('"justAString"')).toBe('the function returned a string, not an object');
  expect(parse('null')).toBe('the function returned null, not an object');
  expect(parse('[]')).toBe('the function returned an array, not an object');
  expect(parse('{"statusCode": 200,')).toBe('the function did not return JSON');
  expect(parseProxyResponse(Buffer.alloc(0))).toBe('the function returned nothing');
});
