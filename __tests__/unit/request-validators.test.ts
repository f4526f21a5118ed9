/**
 * RequestValidator operations. Expected answers are AWS's recorded answers
 * (localstack test_apigateway_api.snapshot.json, TestApiGatewayApiRequestValidator)
 * unless a comment says otherwise.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

async function createValidator(apiId: string, body: Record<string, unknown> = { name: 'v1' }) {
  const res = await cp.http.post(`/restapis/${apiId}/requestvalidators`).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string; validateRequestBody: boolean; validateRequestParameters: boolean };
}

describe('CreateRequestValidator', () => {
  it('answers 201 with both flags false by default', async () => {
    const api = await cp.createApi();
    const res = await cp.http.post(`/restapis/${api.id}/requestvalidators`).send({ name: 'test-validator' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{6}$/),
      name: 'test-validator',
      validateRequestBody: false,
      validateRequestParameters: false,
    });
  });

  it('keeps the flags it is given', async () => {
    const api = await cp.createApi();
    const v = await createValidator(api.id, { name: 'body', validateRequestBody: true, validateRequestParameters: true });
    expect(v).toMatchObject({ validateRequestBody: true, validateRequestParameters: true });
  });

  it('answers 400 "Invalid REST API identifier specified" for an unknown API (recorded)', async () => {
    expectAwsError(
      await cp.http.post('/restapis/test-fake-rest-id/requestvalidators').send({ name: 'x', validateRequestBody: true }),
      400,
      'BadRequestException',
      'Invalid REST API identifier specified',
    );
  });

  it('refuses a blank name and a name already used in the API', async () => {
    const api = await cp.createApi();
    expectAwsError(await cp.http.post(`/restapis/${api.id}/requestvalidators`).send({ name: ' ' }), 400, 'BadRequestException', 'Request Validator name cannot be blank');
    await createValidator(api.id, { name: 'same' });
    // AWS's message as deployment tools report it (serverless/serverless#10099).
    expectAwsError(await cp.http.post(`/restapis/${api.id}/requestvalidators`).send({ name: 'same' }), 400, 'BadRequestException', 'Request Validator name must be unique');
  });
});

describe('GetRequestValidator / GetRequestValidators', () => {
  it('lists under item and reads one back', async () => {
    const api = await cp.createApi();
    const v = await createValidator(api.id);
    const one = await cp.http.get(`/restapis/${api.id}/requestvalidators/${v.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(v);
    const list = await cp.http.get(`/restapis/${api.id}/requestvalidators`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ item: [v] });
  });

  it('pages in id order with position/limit', async () => {
    const api = await cp.createApi();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createValidator(api.id, { name: `v${i}` })).id);
    ids.sort();
    const first = await cp.http.get(`/restapis/${api.id}/requestvalidators?limit=2`);
    expect(first.body.item.map((v: { id: string }) => v.id)).toEqual(ids.slice(0, 2));
    expect(first.body.position).toEqual(expect.any(String));
    const rest = await cp.http.get(`/restapis/${api.id}/requestvalidators?limit=10&position=${first.body.position}`);
    expect(rest.body.item.map((v: { id: string }) => v.id)).toEqual(ids.slice(2));
    expect(rest.body.position).toBeUndefined();
  });

  it('answers 404s as AWS does: the validator message for Get, the API message for the list', async () => {
    const api = await cp.createApi();
    const v = await createValidator(api.id);
    expectAwsError(await cp.http.get(`/restapis/api_id/requestvalidators/${v.id}`), 404, 'NotFoundException', 'Invalid Request Validator identifier specified');
    expectAwsError(await cp.http.get(`/restapis/${api.id}/requestvalidators/validator_id`), 404, 'NotFoundException', 'Invalid Request Validator identifier specified');
    expectAwsError(await cp.http.get('/restapis/api_id/requestvalidators'), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:api_id');
  });
});

describe('UpdateRequestValidator', () => {
  it('replaces the flags; a replace without a value sets false (recorded)', async () => {
    const api = await cp.createApi();
    const v = await createValidator(api.id);
    const url = `/restapis/${api.id}/requestvalidators/${v.id}`;
    const on = await cp.http.patch(url).send({ patchOperations: [{ op: 'replace', path: '/validateRequestBody', value: 'true' }] });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ ...v, validateRequestBody: true });
    const off = await cp.http.patch(url).send({ patchOperations: [{ op: 'replace', path: '/validateRequestBody' }] });
    expect(off.body).toEqual({ ...v, validateRequestBody: false });
    const renamed = await cp.http.patch(url).send({
      patchOperations: [
        { op: 'replace', path: '/name', value: 'renamed' },
        { op: 'replace', path: '/validateRequestParameters', value: 'true' },
      ],
    });
    expect(renamed.body).toEqual({ ...v, name: 'renamed', validateRequestParameters: true });
    expect((await cp.http.get(url)).body).toEqual(renamed.body);
  });

  it.each([
    [{ op: 'add', path: '/validateRequestBody', value: 'true' }, "Invalid patch path  '/validateRequestBody' specified for op 'add'. Please choose supported operations"],
    [{ op: 'remove', path: '/validateRequestBody' }, "Invalid patch path  '/validateRequestBody' specified for op 'remove'. Please choose supported operations"],
    [
      { op: 'replace', path: '/invalidPath', value: 'x' },
      "Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: [/name, /validateRequestParameters, /validateRequestBody]",
    ],
    [{ op: 'replace', path: '/name', value: '' }, 'Request Validator name cannot be blank'],
  ])('refuses %j with AWS wording (recorded)', async (op, message) => {
    const api = await cp.createApi();
    const v = await createValidator(api.id);
    expectAwsError(await cp.http.patch(`/restapis/${api.id}/requestvalidators/${v.id}`).send({ patchOperations: [op] }), 400, 'BadRequestException', message);
  });

  it('404s an unknown validator', async () => {
    const api = await cp.createApi();
    expectAwsError(
      await cp.http.patch(`/restapis/${api.id}/requestvalidators/nope00`).send({ patchOperations: [{ op: 'replace', path: '/name', value: 'x' }] }),
      404,
      'NotFoundException',
      'Invalid Request Validator identifier specified',
    );
  });
});

describe('DeleteRequestValidator', () => {
  it('answers 202, then the validator is gone (recorded)', async () => {
    const api = await cp.createApi();
    const v = await createValidator(api.id);
    const del = await cp.http.delete(`/restapis/${api.id}/requestvalidators/${v.id}`);
    expect(del.status).toBe(202);
    expectAwsError(await cp.http.get(`/restapis/${api.id}/requestvalidators/${v.id}`), 404, 'NotFoundException', 'Invalid Request Validator identifier specified');
    expect((await cp.http.get(`/restapis/${api.id}/requestvalidators`)).body).toEqual({ item: [] });
  });

  it('404s an unknown API or validator with the validator message (recorded)', async () => {
    const api = await cp.createApi();
    const v = await createValidator(api.id);
    expectAwsError(await cp.http.delete(`/restapis/api_id/requestvalidators/${v.id}`), 404, 'NotFoundException', 'Invalid Request Validator identifier specified');
    expectAwsError(await cp.http.delete(`/restapis/${api.id}/requestvalidators/validator_id`), 404, 'NotFoundException', 'Invalid Request Validator identifier specified');
  });

  it('goes with its API', async () => {
    const api = await cp.createApi();
    await createValidator(api.id);
    expect((await cp.http.delete(`/restapis/${api.id}`)).status).toBe(202);
    expect(cp.app.store.requestValidators.all({ account: '000000000000', region: 'us-east-1' }, api.id)).toEqual([]);
  });
});
