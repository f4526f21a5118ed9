/**
 * Bad input across the control plane: each malformed request gets AWS's
 * status and x-amzn-ErrorType (never a 500 or a hang), and the server keeps
 * answering. Exact messages are asserted where AWS's text is known (recorded
 * AWS answers); the group test files check the rest of the messages.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

interface Case {
  name: string;
  /** Builds the request; `ids` holds an API with one resource, method, MOCK integration, deployment and stage. */
  send: (ids: Ids) => Promise<import('supertest').Response>;
  status: number;
  type: string;
  message?: string | RegExp;
}
interface Ids {
  api: string;
  root: string;
  pets: string;
  deployment: string;
}

async function fixture(): Promise<Ids> {
  const api = await cp.createApi({ name: 'bad-input' });
  const pets = await cp.http.post(`/restapis/${api.id}/resources/${api.rootResourceId}`).send({ pathPart: 'pets' });
  const base = `/restapis/${api.id}/resources/${pets.body.id}/methods/GET`;
  await cp.http.put(base).send({ authorizationType: 'NONE' });
  await cp.http.put(`${base}/integration`).send({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } });
  const dep = await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName: 'dev' });
  return { api: api.id, root: api.rootResourceId, pets: pets.body.id, deployment: dep.body.id };
}

const json = (method: 'post' | 'put' | 'patch', path: string, body: unknown) =>
  cp.http[method](path).set('content-type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));

const patch = (path: string, ops: unknown) => json('patch', path, { patchOperations: ops });

const CASES: Case[] = [
  // wire level
  { name: 'malformed JSON', send: () => json('post', '/restapis', '{"name": '), status: 400, type: 'BadRequestException', message: /^Could not parse request body into json/ },
  { name: 'JSON array body', send: () => json('post', '/restapis', '[1,2]'), status: 400, type: 'BadRequestException' },
  { name: 'JSON string body', send: () => json('post', '/restapis', '"x"'), status: 400, type: 'BadRequestException' },
  { name: 'name of the wrong type', send: () => json('post', '/restapis', { name: { a: 1 } }), status: 400, type: 'BadRequestException' },
  { name: 'tags of the wrong type', send: () => json('post', '/restapis', { name: 'x', tags: ['a'] }), status: 400, type: 'BadRequestException' },
  { name: 'binaryMediaTypes not a list', send: () => json('post', '/restapis', { name: 'x', binaryMediaTypes: 'image/png' }), status: 400, type: 'BadRequestException' },
  { name: 'unknown operation', send: () => cp.http.get('/no/such/operation'), status: 404, type: 'UnknownOperationException', message: 'No apigateway operation matches GET /no/such/operation' },
  { name: 'unknown method on a known path', send: () => cp.http.put('/restapis'), status: 404, type: 'UnknownOperationException', message: 'No apigateway operation matches PUT /restapis' },
  { name: 'bad percent-encoding in a path label', send: () => cp.http.get('/restapis/%E0%A4%A'), status: 400, type: 'BadRequestException' },
  { name: 'body over 6 MB', send: () => json('post', '/restapis', { name: 'x', description: 'd'.repeat(6 * 1024 * 1024 + 10) }), status: 413, type: 'RequestEntityTooLargeException' },
  // rest APIs
  { name: 'missing name', send: () => json('post', '/restapis', {}), status: 400, type: 'BadRequestException' },
  { name: 'oversized name', send: () => json('post', '/restapis', { name: 'n'.repeat(1025) }), status: 400, type: 'BadRequestException' },
  { name: 'empty description', send: () => json('post', '/restapis', { name: 'x', description: '' }), status: 400, type: 'BadRequestException', message: 'Description cannot be an empty string' },
  { name: 'invalid apiKeySource enum', send: () => json('post', '/restapis', { name: 'x', apiKeySource: 'COOKIE' }), status: 400, type: 'BadRequestException' },
  { name: 'invalid endpoint type enum', send: () => json('post', '/restapis', { name: 'x', endpointConfiguration: { types: ['LOCAL'] } }), status: 400, type: 'BadRequestException' },
  { name: 'negative compression size', send: () => json('post', '/restapis', { name: 'x', minimumCompressionSize: -5 }), status: 400, type: 'BadRequestException', message: 'Invalid minimum compression size, must be between 0 and 10485760' },
  { name: 'unknown API id', send: () => cp.http.get('/restapis/doesnotexist'), status: 404, type: 'NotFoundException', message: 'Invalid API identifier specified 000000000000:doesnotexist' },
  { name: 'limit 0', send: () => cp.http.get('/restapis?limit=0'), status: 400, type: 'BadRequestException' },
  { name: 'limit not a number', send: () => cp.http.get('/restapis?limit=ten'), status: 400, type: 'BadRequestException' },
  { name: 'garbage position', send: () => cp.http.get('/restapis?position=%%%'), status: 400, type: 'BadRequestException' },
  // patch operations
  { name: 'unknown patch op', send: (i) => patch(`/restapis/${i.api}`, [{ op: 'merge', path: '/name', value: 'x' }]), status: 400, type: 'ValidationException', message: "1 validation error detected: Value 'merge' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]" },
  { name: 'unknown patch path', send: (i) => patch(`/restapis/${i.api}`, [{ op: 'replace', path: '/nope', value: 'x' }]), status: 400, type: 'BadRequestException', message: 'Invalid patch path /nope' },
  { name: 'op not allowed at path', send: (i) => patch(`/restapis/${i.api}`, [{ op: 'remove', path: '/minimumCompressionSize' }]).then((r) => r), status: 400, type: 'BadRequestException' },
  { name: 'patchOperations not a list', send: (i) => json('patch', `/restapis/${i.api}`, { patchOperations: { op: 'replace' } }), status: 400, type: 'BadRequestException' },
  // Scalars coerce to strings as AWS's JSON reader does; an object cannot.
  { name: 'object as a patch value', send: (i) => patch(`/restapis/${i.api}`, [{ op: 'replace', path: '/name', value: { a: 1 } }]), status: 400, type: 'BadRequestException' },
  { name: 'patch op without path', send: (i) => patch(`/restapis/${i.api}`, [{ op: 'replace', value: 'x' }]), status: 400, type: 'BadRequestException' },
  { name: 'invalid boolean in patch', send: (i) => patch(`/restapis/${i.api}`, [{ op: 'replace', path: '/disableExecuteApiEndpoint', value: 'yes' }]), status: 400, type: 'BadRequestException' },
  // resources
  { name: 'pathPart with invalid characters', send: (i) => json('post', `/restapis/${i.api}/resources/${i.root}`, { pathPart: 'a b*c' }), status: 400, type: 'BadRequestException' },
  { name: 'unknown parent resource', send: (i) => json('post', `/restapis/${i.api}/resources/nope12`, { pathPart: 'x' }), status: 404, type: 'NotFoundException', message: 'Invalid Resource identifier specified' },
  { name: 'duplicate resource', send: (i) => json('post', `/restapis/${i.api}/resources/${i.root}`, { pathPart: 'pets' }), status: 409, type: 'ConflictException', message: 'Another resource with the same parent already has this name: pets' },
  { name: 'bad resource patch path', send: (i) => patch(`/restapis/${i.api}/resources/${i.pets}`, [{ op: 'replace', path: '/invalid', value: 'x' }]), status: 400, type: 'BadRequestException', message: "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]" },
  // methods and integrations
  { name: 'invalid authorizationType enum', send: (i) => json('put', `/restapis/${i.api}/resources/${i.pets}/methods/POST`, { authorizationType: 'MAGIC' }), status: 400, type: 'BadRequestException' },
  { name: 'invalid HTTP method', send: (i) => json('put', `/restapis/${i.api}/resources/${i.pets}/methods/FETCH`, { authorizationType: 'NONE' }), status: 400, type: 'BadRequestException' },
  { name: 'method already exists', send: (i) => json('put', `/restapis/${i.api}/resources/${i.pets}/methods/GET`, { authorizationType: 'NONE' }), status: 409, type: 'ConflictException' },
  { name: 'method on unknown resource', send: (i) => json('put', `/restapis/${i.api}/resources/nope12/methods/GET`, { authorizationType: 'NONE' }), status: 404, type: 'NotFoundException' },
  { name: 'unknown method', send: (i) => cp.http.get(`/restapis/${i.api}/resources/${i.pets}/methods/DELETE`), status: 404, type: 'NotFoundException', message: 'Invalid Method identifier specified' },
  // Model-level constraints (enums, patterns, required members) are Coral ValidationExceptions (recorded AWS answers).
  { name: 'invalid integration type', send: (i) => json('put', `/restapis/${i.api}/resources/${i.pets}/methods/GET/integration`, { type: 'SOAP' }), status: 400, type: 'ValidationException', message: /^1 validation error detected: Value 'SOAP' at 'putIntegrationInput.type'/ },
  { name: 'integration timeout below 50 ms', send: (i) => json('put', `/restapis/${i.api}/resources/${i.pets}/methods/GET/integration`, { type: 'MOCK', timeoutInMillis: 10 }), status: 400, type: 'BadRequestException' },
  { name: 'HTTP integration without uri', send: (i) => json('put', `/restapis/${i.api}/resources/${i.pets}/methods/GET/integration`, { type: 'HTTP', integrationHttpMethod: 'GET' }), status: 400, type: 'BadRequestException' },
  { name: 'method response status not a code', send: (i) => json('put', `/restapis/${i.api}/resources/${i.pets}/methods/GET/responses/abc`, {}), status: 400, type: 'ValidationException', message: /Member must satisfy regular expression pattern: \[1-5\]\\d\\d/ },
  // deployments and stages
  { name: 'deployment of an API without methods', send: async () => { const a = await cp.createApi({ name: 'empty' }); return json('post', `/restapis/${a.id}/deployments`, {}); }, status: 400, type: 'BadRequestException', message: "The REST API doesn't contain any methods" },
  { name: 'stage for an unknown deployment', send: (i) => json('post', `/restapis/${i.api}/stages`, { stageName: 'x', deploymentId: 'nope12' }), status: 404, type: 'NotFoundException' },
  { name: 'duplicate stage', send: (i) => json('post', `/restapis/${i.api}/stages`, { stageName: 'dev', deploymentId: i.deployment }), status: 409, type: 'ConflictException' },
  { name: 'unknown stage', send: (i) => cp.http.get(`/restapis/${i.api}/stages/prod`), status: 404, type: 'NotFoundException', message: 'Invalid Stage identifier specified' },
  { name: 'bad stage patch path', send: (i) => patch(`/restapis/${i.api}/stages/dev`, [{ op: 'replace', path: '/nope', value: 'x' }]), status: 400, type: 'BadRequestException' },
  { name: 'deleting a deployment a stage uses', send: (i) => cp.http.delete(`/restapis/${i.api}/deployments/${i.deployment}`), status: 400, type: 'BadRequestException' },
  { name: 'unknown deployment', send: (i) => cp.http.get(`/restapis/${i.api}/deployments/nope12`), status: 404, type: 'NotFoundException', message: 'Invalid Deployment identifier specified' },
];

describe('malformed requests get AWS errors and the server keeps answering', () => {
  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const ids = await fixture();
    const res = await c.send(ids);
    expectAwsError(res, c.status, c.type, c.message);
    const health = await cp.http.get('/_apigw/health');
    expect(health.status).toBe(200);
  });
});
