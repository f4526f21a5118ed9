/**
 * Documentation versions: CreateDocumentationVersion, GetDocumentationVersion(s),
 * UpdateDocumentationVersion, DeleteDocumentationVersion, a stage's
 * `documentationVersion`, and the export's view of a version.
 *
 * Sources: AWS's recorded answers (localstack test_apigateway_common.snapshot.json,
 * TestDocumentations: create-version-response is `{createdDate, version}` with
 * 201, update/get-version-response add the description; TestStages creates the
 * version before a stage names it), the API Reference,
 * the Developer Guide ("Publish API documentation using the API Gateway REST
 * API": stageName associates the snapshot with the stage; only /description
 * changes), and AWS's 404 text for an unknown version, "Invalid Documentation
 * version specified" (what serverless-aws-documentation matches on). The 409
 * wording is ours and only matched loosely.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';
import { documentationExtension } from '../../lib/control/documentation-versions';
import type { OperationContext } from '../../lib/control/context';

const cp = useControlPlane();
const NOT_FOUND = 'Invalid Documentation version specified';

const scope = { account: '000000000000', region: 'us-east-1' };

/** An API with a deployable GET / (seeded through the store, as stages.test does) and a stage. */
async function apiWithStage(stageName = 'dev') {
  const api = await cp.createApi();
  const root = cp.app.store.resources.get(scope, api.id, api.rootResourceId)!;
  const GET = { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false, methodIntegration: { type: 'MOCK', timeoutInMillis: 29000 } };
  cp.app.store.resources.update(scope, api.id, { ...root, resourceMethods: { GET } });
  const dep = await cp.http.post(`/restapis/${api.id}/deployments`).send({});
  if (dep.status !== 201) throw new Error(`deployment: ${dep.status} ${dep.text}`);
  const st = await cp.http.post(`/restapis/${api.id}/stages`).send({ stageName, deploymentId: dep.body.id });
  if (st.status !== 201) throw new Error(`stage: ${st.status} ${st.text}`);
  return { api, deploymentId: dep.body.id as string };
}

async function createPart(apiId: string, location: Record<string, unknown>, properties: string) {
  const res = await cp.http.post(`/restapis/${apiId}/documentation/parts`).send({ location, properties });
  if (res.status !== 201) throw new Error(`createPart: ${res.status} ${res.text}`);
  return res.body as { id: string };
}

function ctxFor(): OperationContext {
  return { scope, store: cp.app.store } as unknown as OperationContext;
}

describe('CreateDocumentationVersion / GetDocumentationVersion(s) / Update / Delete', () => {
  it('the recorded lifecycle: create (201), update /description, get; then list and delete (202)', async () => {
    const api = await cp.createApi();
    await createPart(api.id, { type: 'API' }, '{"description":"v1"}');
    const before = Math.floor(Date.now() / 1000);
    const created = await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: '1.0.0', description: 'My API Documentation v1.0.0' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ version: '1.0.0', createdDate: expect.any(Number), description: 'My API Documentation v1.0.0' });
    expect(created.body.createdDate).toBeGreaterThanOrEqual(before);

    expect((await cp.http.get(`/restapis/${api.id}/documentation/versions/1.0.0`)).body).toEqual(created.body);
    const second = await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: 'v2' });
    expect(second.body).toEqual({ version: 'v2', createdDate: expect.any(Number) });
    expect((await cp.http.get(`/restapis/${api.id}/documentation/versions`)).body).toEqual({ item: [created.body, second.body] });

    const updated = await cp.http
      .patch(`/restapis/${api.id}/documentation/versions/1.0.0`)
      .send({ patchOperations: [{ op: 'replace', path: '/description', value: 'My API for testing purposes.' }] });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...created.body, description: 'My API for testing purposes.' });

    expect((await cp.http.delete(`/restapis/${api.id}/documentation/versions/1.0.0`)).status).toBe(202);
    expectAwsError(await cp.http.get(`/restapis/${api.id}/documentation/versions/1.0.0`), 404, 'NotFoundException', NOT_FOUND);
    expectAwsError(await cp.http.delete(`/restapis/${api.id}/documentation/versions/1.0.0`), 404, 'NotFoundException', NOT_FOUND);
  });

  it('a version that exists is 409; the version is required', async () => {
    const api = await cp.createApi();
    await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: 'v1' });
    expectAwsError(await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: 'v1' }), 409, 'ConflictException', /v1/);
    expectAwsError(
      await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({}),
      400,
      'ValidationException',
      "1 validation error detected: Value null at 'createDocumentationVersionInput.documentationVersion' failed to satisfy constraint: Member must not be null",
    );
  });

  it('unknown APIs and versions', async () => {
    const api = await cp.createApi();
    const apiMsg = 'Invalid API identifier specified 000000000000:nope';
    expectAwsError(await cp.http.post('/restapis/nope/documentation/versions').send({ documentationVersion: 'v1' }), 404, 'NotFoundException', apiMsg);
    expectAwsError(await cp.http.get('/restapis/nope/documentation/versions'), 404, 'NotFoundException', apiMsg);
    expectAwsError(await cp.http.get('/restapis/nope/documentation/versions/v1'), 404, 'NotFoundException', NOT_FOUND);
    expectAwsError(await cp.http.get(`/restapis/${api.id}/documentation/versions/v9`), 404, 'NotFoundException', NOT_FOUND);
    expectAwsError(
      await cp.http.patch(`/restapis/${api.id}/documentation/versions/v9`).send({ patchOperations: [{ op: 'replace', path: '/description', value: 'x' }] }),
      404,
      'NotFoundException',
      NOT_FOUND,
    );
  });

  it('UpdateDocumentationVersion takes only /description (listing patch messages)', async () => {
    const api = await cp.createApi();
    await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: 'v1' });
    const res = await cp.http
      .patch(`/restapis/${api.id}/documentation/versions/v1`)
      .send({ patchOperations: [{ op: 'replace', path: '/version', value: 'v2' }] });
    expectAwsError(res, 400, 'BadRequestException', "Invalid patch path  '/version' specified for op 'replace'. Must be one of: [/description]");
  });

  it('pages with limit and position', async () => {
    const api = await cp.createApi();
    for (const v of ['a', 'b', 'c']) await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: v });
    const first = await cp.http.get(`/restapis/${api.id}/documentation/versions?limit=2`);
    expect(first.body.item.map((v: { version: string }) => v.version)).toEqual(['a', 'b']);
    const second = await cp.http.get(`/restapis/${api.id}/documentation/versions?limit=2&position=${first.body.position}`);
    expect(second.body.item.map((v: { version: string }) => v.version)).toEqual(['c']);
    expect(second.body.position).toBeUndefined();
  });

  it('DeleteRestApi takes the API\'s versions with it', async () => {
    const api = await cp.createApi();
    await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: 'v1' });
    expect((await cp.http.delete(`/restapis/${api.id}`)).status).toBe(202);
    expect((cp.app.store.db.prepare('SELECT count(*) AS n FROM documentation_versions').get() as { n: number }).n).toBe(0);
  });
});

describe('versions and stages', () => {
  it('stageName associates the new version with the stage; an unknown stage is 404 and writes nothing', async () => {
    const { api } = await apiWithStage('dev');
    const res = await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: 'v1', stageName: 'dev' });
    expect(res.status).toBe(201);
    expect((await cp.http.get(`/restapis/${api.id}/stages/dev`)).body.documentationVersion).toBe('v1');

    const bad = await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: 'v2', stageName: 'prod' });
    expectAwsError(bad, 404, 'NotFoundException', 'Invalid Stage identifier specified');
    expectAwsError(await cp.http.get(`/restapis/${api.id}/documentation/versions/v2`), 404, 'NotFoundException', NOT_FOUND);
  });

  it('UpdateStage /documentationVersion must name an existing version; remove clears it', async () => {
    const { api } = await apiWithStage('dev');
    await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: 'v1' });
    const patch = (op: string, value?: string) =>
      cp.http.patch(`/restapis/${api.id}/stages/dev`).send({ patchOperations: [{ op, path: '/documentationVersion', value }] });
    expectAwsError(await patch('replace', 'v9'), 404, 'NotFoundException', NOT_FOUND);
    const ok = await patch('replace', 'v1');
    expect(ok.status).toBe(200);
    expect(ok.body.documentationVersion).toBe('v1');
    const removed = await patch('remove');
    expect(removed.status).toBe(200);
    expect(removed.body.documentationVersion).toBeUndefined();
  });

  it('CreateStage checks documentationVersion too', async () => {
    const { api, deploymentId } = await apiWithStage('dev');
    const bad = await cp.http.post(`/restapis/${api.id}/stages`).send({ stageName: 'beta', deploymentId, documentationVersion: 'nope' });
    expectAwsError(bad, 404, 'NotFoundException', NOT_FOUND);
    await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: 'v1' });
    const ok = await cp.http.post(`/restapis/${api.id}/stages`).send({ stageName: 'beta', deploymentId, documentationVersion: 'v1' });
    expect(ok.status).toBe(201);
    expect(ok.body.documentationVersion).toBe('v1');
  });
});

describe('a version is a snapshot (what an export of the stage shows)', () => {
  it('later part changes do not change the version; locations are written without their defaults', async () => {
    const { api } = await apiWithStage('dev');
    const part = await createPart(api.id, { type: 'API' }, '{"description":"v1"}');
    await createPart(api.id, { type: 'METHOD', method: 'GET' }, '{"description":"Method description."}');
    await cp.http.post(`/restapis/${api.id}/documentation/versions`).send({ documentationVersion: '1.0.0', stageName: 'dev' });
    await cp.http
      .patch(`/restapis/${api.id}/documentation/parts/${part.id}`)
      .send({ patchOperations: [{ op: 'replace', path: '/properties', value: '{"description":"v2"}' }] });
    await createPart(api.id, { type: 'MODEL', name: 'Pet' }, '{}');

    const ext = documentationExtension(ctxFor(), api.id, 'dev');
    expect(ext).toEqual({
      version: '1.0.0',
      createdDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      documentationParts: [
        { location: { type: 'API' }, properties: { description: 'v1' } },
        { location: { type: 'METHOD', method: 'GET' }, properties: { description: 'Method description.' } },
      ],
    });
  });

  it('no version on the stage: no documentation in the export', async () => {
    const { api } = await apiWithStage('dev');
    expect(documentationExtension(ctxFor(), api.id, 'dev')).toBeUndefined();
    expect(documentationExtension(ctxFor(), api.id, 'nostage')).toBeUndefined();
  });
});
