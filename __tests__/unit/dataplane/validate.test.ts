/**
 * Request validation: the JSON reader, the draft 4 validator's messages and
 * traversal (as API Gateway's Java json-schema-validator reports them), the
 * per-method compile, and the `validate` step.
 *
 * Where the expected texts come from:
 * - "Missing required request parameters: [x-header-param, issuer, qs1]",
 *   "Invalid request body": recorded AWS answers, localstack
 *   tests/aws/services/apigateway/test_apigateway_common.snapshot.json
 *   (test_api_gateway_request_validator);
 * - `[object has missing required properties (["timestamp","transactionId","type"])]`,
 *   `[numeric instance is lower than the required minimum (minimum: 1262300400000, found: 1)]`,
 *   `[instance type (string) does not match any allowed primitive type (allowed: ["integer","number"])]`
 *   (a `type: "number"` property), `[instance value ("AB") not found in enum (possible values: [...])]`,
 *   `[instance failed to match exactly one schema (matched 0 out of 9)]`: a public
 *   synthetic-monitoring suite run against a real API Gateway API;
 * - `[numeric instance is greater than the required maximum (maximum: 500, found: 1000)]`,
 *   `[object has missing required properties (["price","type"])]`: the Developer
 *   Guide's request validation walkthrough (PetStore model);
 * - the other keyword messages: the validator's message catalogue;
 * - an empty body is validated as `{}` (AWS-validated behaviour, localstack PR 7916);
 * - `$default` and "no matching content type → no validation": Developer Guide,
 *   "Request validation for REST APIs in API Gateway".
 */
import { compileDeployment } from '../../../lib/dataplane/compile';
import { PIPELINE, runPipeline } from '../../../lib/dataplane/pipeline';
import { validate } from '../../../lib/dataplane/steps/validate';
import { route } from '../../../lib/dataplane/steps/route';
import { GatewayError } from '../../../lib/dataplane/gateway-responses';
import { compareNumbers, JNumber, parseJson, toJson, typeOf } from '../../../lib/dataplane/validation/json';
import { SchemaCompiler, SchemaError } from '../../../lib/dataplane/validation/schema';
import { validateInstance } from '../../../lib/dataplane/validation/instance';
import type { ApiSnapshot, GatewayResponse, Model, RequestValidator } from '../../../lib/model';
import { context, snapshot, type MethodSpec, type RequestSpec } from './helpers';

const API = 'api0000000';
const url = (name: string) => `https://apigateway.amazonaws.com/restapis/${API}/models/${name}`;

/** Validation messages of `body` against model `name` among `models`. */
function check(models: Record<string, object | string>, name: string, body: string): string[] {
  const compiler = new SchemaCompiler(API, (n) => {
    const m = models[n];
    return m === undefined ? undefined : typeof m === 'string' ? m : JSON.stringify(m);
  });
  return validateInstance(compiler.model(name), parseJson(body));
}
const one = (schema: object, body: string) => check({ M: schema }, 'M', body);

describe('JSON as the validator reads it', () => {
  test('integer and decimal literals are different types; decimals print as Java BigDecimal', () => {
    expect(typeOf(parseJson('1'))).toBe('integer');
    expect(typeOf(parseJson('1.0'))).toBe('number');
    expect(typeOf(parseJson('1e3'))).toBe('number');
    expect(['1000.50', '1000.0', '0.000001', '0.0000001', '-12.5e-3', '12345678901234567890'].map((t) => new JNumber(t).toString())).toEqual([
      '1000.5',
      '1E+3',
      '0.000001',
      '1E-7',
      '-0.0125',
      '12345678901234567890',
    ]);
    expect(compareNumbers(new JNumber('1'), new JNumber('1.00'))).toBe(0);
    expect(compareNumbers(new JNumber('12345678901234567891'), new JNumber('12345678901234567890'))).toBe(1);
  });

  test('objects keep member order; compact output', () => {
    expect(toJson(parseJson(' {"b": [1, 2.50, "x"], "a": {"c": null, "d": true}} '))).toBe('{"b":[1,2.5,"x"],"a":{"c":null,"d":true}}');
  });

  test('syntax errors, worded as Jackson words them', () => {
    const err = (t: string) => {
      try {
        parseJson(t);
      } catch (e) {
        return (e as Error).message;
      }
      return 'parsed';
    };
    expect(err('{a:1}')).toBe("Unexpected character ('a' (code 97)): was expecting double-quote to start field name");
    expect(err('[1 2]')).toBe("Unexpected character ('2' (code 50)): was expecting comma to separate Array entries");
    expect(err('{"a":}')).toMatch(/^Unexpected character \('}' \(code 125\)\): expected a valid value/);
    expect(err('01')).toBe('Invalid numeric value: Leading zeroes not allowed');
    expect(err('"a\\xb"')).toBe("Unrecognized character escape 'x' (code 120)");
    expect(err('{"a": 1')).toBe('Unexpected end-of-input: was expecting comma to separate Object entries');
    expect(err('[' .repeat(1001))).toMatch(/nesting depth/);
  });
});

describe('keyword messages', () => {
  const pet = {
    $schema: 'http://json-schema.org/draft-04/schema#',
    type: 'object',
    required: ['name', 'type', 'price'],
    properties: {
      name: { type: 'string' },
      type: { type: 'string', enum: ['dog', 'cat', 'fish'] },
      price: { type: 'number', minimum: 25, maximum: 500 },
    },
  };

  test('the Developer Guide PetStore examples', () => {
    expect(one(pet, '{"name": "Marvin", "type": "dog", "price": 1000}')).toEqual([
      'numeric instance is greater than the required maximum (maximum: 500, found: 1000)',
    ]);
    expect(one(pet, '{"name": "Marvin"}')).toEqual(['object has missing required properties (["price","type"])']);
    expect(one(pet, '{"name": "Marvin", "type": "bird", "price": 100}')).toEqual([
      'instance value ("bird") not found in enum (possible values: ["dog","cat","fish"])',
    ]);
    expect(one(pet, '{"name": "Marvin", "type": "dog", "price": 100}')).toEqual([]);
  });

  test('type: "number" allows integers and lists them; integer refuses 1.0', () => {
    expect(one({ type: 'number' }, '"100"')).toEqual(['instance type (string) does not match any allowed primitive type (allowed: ["integer","number"])']);
    expect(one({ type: 'integer' }, '1.0')).toEqual(['instance type (number) does not match any allowed primitive type (allowed: ["integer"])']);
    expect(one({ type: ['string', 'null', 'array'] }, 'true')).toEqual([
      'instance type (boolean) does not match any allowed primitive type (allowed: ["array","null","string"])',
    ]);
  });

  test('numbers: bounds with their literal text, exclusive bounds, exact multipleOf', () => {
    expect(one({ minimum: 1262300400000 }, '1')).toEqual(['numeric instance is lower than the required minimum (minimum: 1262300400000, found: 1)']);
    expect(one({ maximum: 10, exclusiveMaximum: true }, '10')).toEqual(['numeric instance is not strictly lower than the required maximum 10']);
    expect(one({ minimum: 0.5, exclusiveMinimum: true }, '0.50')).toEqual(['numeric instance is not strictly greater than the required minimum 0.5']);
    expect(one({ multipleOf: 0.1 }, '0.3')).toEqual([]);
    expect(one({ multipleOf: 5 }, '12')).toEqual(['remainder of division is not zero (12 / 5)']);
  });

  test('strings, arrays and objects', () => {
    expect(one({ minLength: 3 }, '"ab"')).toEqual(['string "ab" is too short (length: 2, required minimum: 3)']);
    expect(one({ maxLength: 2 }, '"😀😀😀"')).toEqual(['string "😀😀😀" is too long (length: 3, maximum allowed: 2)']);
    expect(one({ pattern: '^[a-z]+$' }, '"Ab1"')).toEqual(['ECMA 262 regex "^[a-z]+$" does not match input string "Ab1"']);
    expect(one({ pattern: 'b' }, '"abc"')).toEqual([]); // a search, not a full match
    expect(one({ minItems: 2 }, '[1]')).toEqual(['array is too short: must have at least 2 elements but instance has 1 elements']);
    expect(one({ maxItems: 1 }, '[1, 2]')).toEqual(['array is too long: must have at most 1 elements but instance has 2 elements']);
    expect(one({ uniqueItems: true }, '[1, {"a": 1.0}, {"a": 1}]')).toEqual(['array must not contain duplicate elements']);
    expect(one({ items: [{}, {}], additionalItems: false }, '[1, 2, 3]')).toEqual(['schema only allows 2 elements in array but instance has 3 elements']);
    expect(one({ minProperties: 2 }, '{"a": 1}')).toEqual(['object has too few properties (found 1 but schema requires at least 2)']);
    expect(one({ maxProperties: 0 }, '{"a": 1}')).toEqual(['object has too many properties (found 1 but schema requires at most 0)']);
    expect(one({ properties: { a: {} }, patternProperties: { '^x-': {} }, additionalProperties: false }, '{"z": 1, "a": 2, "x-y": 3, "b": 4}')).toEqual([
      'object instance has properties which are not allowed by the schema: ["b","z"]',
    ]);
    expect(one({ dependencies: { card: ['billing', 'address'] } }, '{"card": 1, "address": 2}')).toEqual([
      'property "card" of object has missing property dependencies (schema requires ["address","billing"]; missing: ["billing"])',
    ]);
  });

  test('combinators report one summary, never the branches', () => {
    const branches = [{ type: 'string' }, { type: 'integer', minimum: 5 }];
    expect(one({ oneOf: branches }, '1')).toEqual(['instance failed to match exactly one schema (matched 0 out of 2)']);
    expect(one({ anyOf: branches }, 'true')).toEqual(['instance failed to match at least one required schema among 2']);
    expect(one({ allOf: branches }, '7')).toEqual(['instance failed to match all required schemas (matched only 1 out of 2)']);
    expect(one({ not: { type: 'null' } }, 'null')).toEqual(['instance matched a schema which it should not have']);
    expect(one({ oneOf: branches }, '7')).toEqual([]);
  });

  test('formats', () => {
    expect(one({ format: 'date-time' }, '"2024-02-30T10:00:00Z"')).toEqual([
      'string "2024-02-30T10:00:00Z" is invalid against requested date format(s) ["yyyy-MM-dd\'T\'HH:mm:ssZ","yyyy-MM-dd\'T\'HH:mm:ss.[0-9]{1,12}Z"]',
    ]);
    expect(one({ format: 'date-time' }, '"2024-02-29T10:00:00.123+01:00"')).toEqual([]);
    expect(one({ format: 'email' }, '"not-an-email"')).toEqual(['string "not-an-email" is not a valid email address']);
    expect(one({ format: 'ipv4' }, '"256.1.1.1"')).toEqual(['string "256.1.1.1" is not a valid IPv4 address']);
    expect(one({ format: 'no-such-format' }, '"x"')).toEqual([]);
  });

  test('one schema: keywords in alphabetical order, format last', () => {
    expect(one({ format: 'email', pattern: '^z', maxLength: 1, enum: ['zz'] }, '"ab"')).toEqual([
      'instance value ("ab") not found in enum (possible values: ["zz"])',
      'string "ab" is too long (length: 2, maximum allowed: 1)',
      'ECMA 262 regex "^z" does not match input string "ab"',
      'string "ab" is not a valid email address',
    ]);
  });
});

describe('traversal', () => {
  const schema = {
    type: 'object',
    required: ['a'],
    properties: {
      a: { type: 'string' },
      b: { type: 'object', properties: { deep: { type: 'string' } } },
      c: { type: 'object', required: ['x'], properties: { deep: { type: 'string' } } },
    },
  };

  test('members are not visited once the object itself fails', () => {
    expect(one(schema, '{"b": {"deep": 1}}')).toEqual(['object has missing required properties (["a"])']);
  });

  test('members in sorted name order; after an error, later members are checked but not their own members', () => {
    expect(one(schema, '{"c": {"deep": 1}, "b": {"deep": 2}, "a": 3}')).toEqual([
      'instance type (integer) does not match any allowed primitive type (allowed: ["string"])', // a
      'object has missing required properties (["x"])', // c: its own keywords still run; c.deep is not visited
    ]);
    expect(one(schema, '{"b": {"deep": 2}, "a": "ok", "c": {"x": 1, "deep": 3}}')).toEqual([
      'instance type (integer) does not match any allowed primitive type (allowed: ["string"])', // b.deep
    ]);
  });

  test('patternProperties and additionalProperties as schemas; items by position', () => {
    const s = { patternProperties: { '^n': { type: 'integer' } }, additionalProperties: { type: 'string' } };
    expect(one(s, '{"n1": "x"}')).toEqual(['instance type (string) does not match any allowed primitive type (allowed: ["integer"])']);
    expect(one(s, '{"z": 1}')).toEqual(['instance type (integer) does not match any allowed primitive type (allowed: ["string"])']);
    expect(one({ items: [{ type: 'string' }], additionalItems: { type: 'null' } }, '["a", 1]')).toEqual([
      'instance type (integer) does not match any allowed primitive type (allowed: ["null"])',
    ]);
  });
});

describe('$ref between models', () => {
  const models = {
    Order: {
      type: 'object',
      properties: {
        customer: { $ref: url('Customer') },
        lines: { type: 'array', items: { $ref: '#/definitions/line' } },
        zip: { $ref: `${url('Customer')}#/definitions/zip` },
      },
      definitions: { line: { type: 'object', required: ['sku'] } },
    },
    Customer: {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'integer' }, referrer: { $ref: '#' } },
      definitions: { zip: { type: 'string', pattern: '^[0-9]{5}$' } },
    },
  };

  test('by URL, by local pointer, by URL with a pointer, recursively', () => {
    expect(check(models, 'Order', '{"customer": {"id": 1, "referrer": {"id": 2}}, "lines": [{"sku": "a"}], "zip": "12345"}')).toEqual([]);
    expect(check(models, 'Order', '{"customer": {"referrer": {}}}')).toEqual(['object has missing required properties (["id"])']);
    expect(check(models, 'Order', '{"customer": {"id": 1, "referrer": {"id": "x"}}}')).toEqual([
      'instance type (string) does not match any allowed primitive type (allowed: ["integer"])',
    ]);
    expect(check(models, 'Order', '{"lines": [{}]}')).toEqual(['object has missing required properties (["sku"])']);
    expect(check(models, 'Order', '{"zip": "1"}')).toEqual(['ECMA 262 regex "^[0-9]{5}$" does not match input string "1"']);
  });

  test('what cannot be compiled is a SchemaError', () => {
    expect(() => check({ A: { $ref: url('Gone') } }, 'A', '{}')).toThrow(SchemaError);
    expect(() => check({ A: { $ref: '#/definitions/nope' } }, 'A', '{}')).toThrow(/points at nothing/);
    expect(() => check({ A: { $ref: url('B') }, B: { $ref: url('A') } }, 'A', '{}')).toThrow(/JSON Reference loop/);
    expect(() => check({ A: '{not json' }, 'A', '{}')).toThrow(/not JSON/);
  });
});

// ---- the step ---------------------------------------------------------------------------------------

const PET = JSON.stringify({ type: 'object', required: ['name', 'price', 'type'], properties: { price: { type: 'number', maximum: 500 } } });

function api(
  method: MethodSpec,
  validator: Partial<RequestValidator> = { validateRequestBody: true, validateRequestParameters: true },
  models: Model[] = [{ id: 'm1', name: 'Pet', contentType: 'application/json', schema: PET }],
  gatewayResponses: GatewayResponse[] = [],
): ApiSnapshot {
  const snap = snapshot({ '/pets/{petId}': { POST: { requestValidatorId: 'v1', integration: { type: 'MOCK' }, ...method } } });
  return {
    ...snap,
    gatewayResponses,
    requestValidators: [{ id: 'v1', name: 'v', validateRequestBody: false, validateRequestParameters: false, ...validator }],
    models,
  };
}

async function run(snap: ApiSnapshot, spec: RequestSpec): Promise<GatewayError | undefined> {
  const ctx = context(snap, { method: 'POST', path: '/pets/7', ...spec });
  await route(ctx);
  try {
    await validate(ctx);
    return undefined;
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
}

describe('the validate step: parameters', () => {
  const snap = api({
    requestParameters: {
      'method.request.querystring.qs1': true,
      'method.request.header.x-header-param': true,
      'method.request.path.issuer': true,
      'method.request.querystring.optional': false,
      'method.request.multivaluequerystring.tags': true,
    },
  });

  test('missing ones in the order of their keys (recorded AWS answer), BAD_REQUEST_PARAMETERS', async () => {
    const err = await run(snap, { query: '' });
    expect(err).toMatchObject({ type: 'BAD_REQUEST_PARAMETERS', message: 'Missing required request parameters: [x-header-param, tags, issuer, qs1]' });
    expect(err?.opts?.validationErrorString).toBe('Missing required request parameters: [x-header-param, tags, issuer, qs1]');
  });

  test('headers match case-insensitively; blank values are missing', async () => {
    const err = await run(snap, { query: 'qs1=&tags=a&tags=b', headers: { 'X-Header-Param': 'v' } });
    expect(err?.message).toBe('Missing required request parameters: [issuer, qs1]');
  });

  test('a path parameter the resource does not have is always missing', async () => {
    const err = await run(snap, { query: 'qs1=1&tags=a', headers: { 'x-header-param': 'v' }, body: '{"name":"a","price":1,"type":"t"}' });
    expect(err?.message).toBe('Missing required request parameters: [issuer]');
  });

  test('parameters are not checked when the validator does not ask', async () => {
    const relaxed = api({ requestParameters: { 'method.request.querystring.qs1': true } }, { validateRequestBody: true });
    expect(await run(relaxed, { body: '{"name":"a","price":1,"type":"t"}' })).toBeUndefined();
  });
});

describe('the validate step: body', () => {
  const snap = api({ requestModels: { 'application/json': 'Pet' } });
  const invalid = { type: 'BAD_REQUEST_BODY', message: 'Invalid request body' };

  test('an invalid body: BAD_REQUEST_BODY with validationErrorString escaped for JSON', async () => {
    const err = await run(snap, { body: '{"name": "x"}', headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(err).toMatchObject(invalid);
    expect(err?.opts?.validationErrorString).toBe('[object has missing required properties ([\\"price\\",\\"type\\"])]');
    const two = await run(snap, { body: '{"name": "x", "price": 1000}' });
    expect(two?.opts?.validationErrorString).toBe('[object has missing required properties ([\\"type\\"])]');
  });

  test('a valid body passes; no Content-Type means application/json', async () => {
    expect(await run(snap, { body: '{"name": "x", "price": 10, "type": "dog"}' })).toBeUndefined();
    expect(await run(snap, { body: '{"price": 1000, "name": "x", "type": "dog"}' })).toMatchObject(invalid);
  });

  test('an empty body is validated as {}', async () => {
    expect((await run(snap, {}))?.opts?.validationErrorString).toBe('[object has missing required properties ([\\"name\\",\\"price\\",\\"type\\"])]');
  });

  test('a body that is not JSON is an invalid body', async () => {
    const err = await run(snap, { body: 'name=x' });
    expect(err).toMatchObject(invalid);
    expect(err?.opts?.validationErrorString).toMatch(/^\[Unexpected character \('n' \(code 110\)\)/);
  });

  test('a content type without a model is not validated; $default catches the others', async () => {
    expect(await run(snap, { body: 'anything', headers: { 'Content-Type': 'text/plain' } })).toBeUndefined();
    const withDefault = api({ requestModels: { 'application/json': 'Pet', $default: 'Pet' } });
    expect(await run(withDefault, { body: 'anything', headers: { 'Content-Type': 'text/plain' } })).toMatchObject(invalid);
  });

  test('the body is not checked when the validator does not ask, nor without a validator', async () => {
    expect(await run(api({ requestModels: { 'application/json': 'Pet' } }, { validateRequestParameters: true }), { body: '[]' })).toBeUndefined();
    expect(await run(api({ requestModels: { 'application/json': 'Pet' }, requestValidatorId: undefined }), { body: '[]' })).toBeUndefined();
  });

  test('parameters are checked before the body', async () => {
    const both = api({ requestModels: { 'application/json': 'Pet' }, requestParameters: { 'method.request.querystring.q': true } });
    expect(await run(both, { body: '[]' })).toMatchObject({ type: 'BAD_REQUEST_PARAMETERS', message: 'Missing required request parameters: [q]' });
  });

  test('a model that cannot be compiled: warned at compile, 500 per request; a missing validator: warned, not validated', async () => {
    const broken = api({ requestModels: { 'application/json': 'Bad' } }, undefined, [{ id: 'm2', name: 'Bad', contentType: 'application/json', schema: `{"$ref": "${url('Gone')}"}` }]);
    expect(compileDeployment('d1', broken).warnings).toEqual([expect.stringMatching(/^POST \/pets\/\{petId\}: model Bad \(application\/json\) cannot validate request bodies/)]);
    expect(await run(broken, { body: '{}' })).toMatchObject({ type: 'API_CONFIGURATION_ERROR' });
    const orphan = api({ requestModels: { 'application/json': 'Pet' }, requestValidatorId: 'gone' });
    expect(compileDeployment('d2', orphan).warnings).toEqual(['POST /pets/{petId}: request validator gone does not exist in this deployment; requests are not validated']);
    expect(await run(orphan, { body: '[]' })).toBeUndefined();
  });
});

describe('in the pipeline', () => {
  test('after authorization and throttling, before the integration request', () => {
    const names = PIPELINE.map((s) => s.name);
    expect(names.indexOf('validate')).toBe(names.indexOf('throttle/quota') + 1);
    expect(names.indexOf('validate')).toBeLessThan(names.indexOf('integration request'));
  });

  test('a customised BAD_REQUEST_BODY response prints $context.error.validationErrorString as valid JSON', async () => {
    const snap = api({ requestModels: { 'application/json': 'Pet' } }, undefined, undefined, [
      {
        responseType: 'BAD_REQUEST_BODY',
        statusCode: '422',
        defaultResponse: false,
        responseParameters: {},
        responseTemplates: { 'application/json': '{"message": $context.error.messageString, "details": "$context.error.validationErrorString"}' },
      },
    ]);
    const ctx = context(snap, { method: 'POST', path: '/pets/7', body: '{"name": 1}' });
    let err: GatewayError | undefined;
    try {
      await runPipeline(ctx);
    } catch (e) {
      err = e as GatewayError;
    }
    expect(err?.type).toBe('BAD_REQUEST_BODY');
    const r = ctx.variant.deployment.gatewayResponses.render(err!, { context: ctx.contextVars(), stageVariables: {}, request: { path: {}, querystring: {}, header: {} } });
    expect(r.statusCode).toBe(422);
    expect(JSON.parse(r.body)).toEqual({
      message: 'Invalid request body',
      details: '[object has missing required properties (["price","type"])]',
    });
  });
});
