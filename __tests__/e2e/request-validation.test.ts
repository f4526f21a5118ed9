/**
 * Request validation as a user sets it up: the built server on an ephemeral
 * port, models (one referencing the other by its URL), a request validator
 * and a method created with the real `aws` CLI (create-model --schema,
 * create-request-validator, put-method --request-validator-id
 * --request-models --request-parameters), a BAD_REQUEST_BODY gateway
 * response that prints `$context.error.validationErrorString`, deployed, then
 * called over HTTP for each failure AWS answers.
 *
 * Expected answers: "Missing required request parameters: [...]" and
 * "Invalid request body" are recorded AWS answers (localstack
 * test_apigateway_common.snapshot.json, test_api_gateway_request_validator);
 * the validator messages are those of the Developer Guide's PetStore
 * walkthrough and of real APIs (see __tests__/unit/dataplane/validate.test.ts).
 */
import { startRealServer, stopAll, type RealServer } from '../helpers/server';
import { apigatewayCli } from '../helpers/aws-cli';

let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await stopAll();
});

const aws = apigatewayCli(() => server.url);

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; body: any }> {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: JSON.parse(text) };
}

test('models, a validator and a method from the aws CLI; each failure answered as AWS does', async () => {
  const api = aws('create-rest-api', '--name', 'validation');
  const root = aws('get-resources', '--rest-api-id', api.id).items.find((r: { path: string }) => r.path === '/');
  const pets = aws('create-resource', '--rest-api-id', api.id, '--parent-id', root.id, '--path-part', 'pets');

  aws('create-model', '--rest-api-id', api.id, '--name', 'Owner', '--content-type', 'application/json', '--schema',
    JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }));
  aws('create-model', '--rest-api-id', api.id, '--name', 'Pet', '--content-type', 'application/json', '--schema',
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      required: ['name', 'type', 'price'],
      properties: {
        name: { type: 'string' },
        type: { type: 'string', enum: ['dog', 'cat', 'fish'] },
        price: { type: 'number', minimum: 25, maximum: 500 },
        owner: { $ref: `https://apigateway.amazonaws.com/restapis/${api.id}/models/Owner` },
      },
    }));
  const validator = aws('create-request-validator', '--rest-api-id', api.id, '--name', 'body-and-params',
    '--validate-request-body', '--validate-request-parameters');
  expect(validator).toEqual({ id: validator.id, name: 'body-and-params', validateRequestBody: true, validateRequestParameters: true });

  const method = aws('put-method', '--rest-api-id', api.id, '--resource-id', pets.id, '--http-method', 'POST', '--authorization-type', 'NONE',
    '--request-validator-id', validator.id,
    '--request-models', JSON.stringify({ 'application/json': 'Pet' }),
    '--request-parameters', JSON.stringify({ 'method.request.querystring.store': true, 'method.request.header.x-tenant': true }));
  expect(method.requestValidatorId).toBe(validator.id);
  aws('put-integration', '--rest-api-id', api.id, '--resource-id', pets.id, '--http-method', 'POST', '--type', 'MOCK',
    '--request-templates', JSON.stringify({ 'application/json': '{"statusCode": 200}' }));
  aws('put-method-response', '--rest-api-id', api.id, '--resource-id', pets.id, '--http-method', 'POST', '--status-code', '200');
  aws('put-integration-response', '--rest-api-id', api.id, '--resource-id', pets.id, '--http-method', 'POST', '--status-code', '200',
    '--response-templates', JSON.stringify({ 'application/json': '{"created": true}' }));
  aws('put-gateway-response', '--rest-api-id', api.id, '--response-type', 'BAD_REQUEST_BODY', '--response-templates',
    JSON.stringify({ 'application/json': '{"message": $context.error.messageString, "details": "$context.error.validationErrorString"}' }));
  aws('create-deployment', '--rest-api-id', api.id, '--stage-name', 'dev');

  const url = `${server.url}/restapis/${api.id}/dev/_user_request_/pets`;
  const json = { 'Content-Type': 'application/json', 'x-tenant': 'acme' };

  // Required parameters, listed in AWS's order (by their method.request.* keys): BAD_REQUEST_PARAMETERS, default template.
  expect(await post(url, '{}')).toEqual({
    status: 400,
    type: 'BadRequestException',
    body: { message: 'Missing required request parameters: [x-tenant, store]' },
  });
  expect((await post(`${url}?store=`, '{}', { 'x-tenant': 'acme' })).body).toEqual({ message: 'Missing required request parameters: [store]' });

  // The body against the Pet model: BAD_REQUEST_BODY through the customised template.
  const body = async (payload: string) => {
    const r = await post(`${url}?store=main`, payload, json);
    expect([r.status, r.type, r.body.message]).toEqual([400, 'BadRequestException', 'Invalid request body']);
    return r.body.details;
  };
  expect(await body('{"name": "Marvin"}')).toBe('[object has missing required properties (["price","type"])]');
  expect(await body('{"name": "Marvin", "type": "dog", "price": 1000}')).toBe(
    '[numeric instance is greater than the required maximum (maximum: 500, found: 1000)]',
  );
  expect(await body('{"name": "Marvin", "type": "bird", "price": "cheap"}')).toBe(
    '[instance type (string) does not match any allowed primitive type (allowed: ["integer","number"]), ' +
      'instance value ("bird") not found in enum (possible values: ["dog","cat","fish"])]',
  );
  // Through the $ref to the Owner model.
  expect(await body('{"name": "Marvin", "type": "dog", "price": 100, "owner": {"id": "x"}}')).toBe(
    '[instance type (string) does not match any allowed primitive type (allowed: ["integer"])]',
  );
  expect(await body('')).toBe('[object has missing required properties (["name","price","type"])]');
  expect(await body('not json')).toMatch(/^\[Unexpected character \('n' \(code 110\)\)/);

  // A valid request reaches the integration.
  const ok = await post(`${url}?store=main`, '{"name": "Marvin", "type": "dog", "price": 100, "owner": {"id": 7}}', json);
  expect([ok.status, ok.body]).toEqual([200, { created: true }]);
  // A content type the method has no model for is not validated (no $default here).
  const text = await fetch(`${url}?store=main`, { method: 'POST', body: '{"name": 1}', headers: { 'Content-Type': 'text/plain', 'x-tenant': 'acme' } });
  expect(text.status).not.toBe(400);
  await text.arrayBuffer();

  // Turning the body check off in the validator applies with the next deployment.
  aws('update-request-validator', '--rest-api-id', api.id, '--request-validator-id', validator.id,
    '--patch-operations', 'op=replace,path=/validateRequestBody,value=false');
  aws('create-deployment', '--rest-api-id', api.id, '--stage-name', 'dev');
  const relaxed = await post(`${url}?store=main`, '{"name": "Marvin"}', json);
  expect([relaxed.status, relaxed.body]).toEqual([200, { created: true }]);
}, 240_000); // some twenty aws CLI runs, each a Python start-up
