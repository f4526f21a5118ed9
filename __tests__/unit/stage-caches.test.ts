/**
 * FlushStageCache and FlushStageAuthorizersCache: 202 with an empty body
 * (API Reference: DELETE /restapis/{id}/stages/{stage}/cache/data and
 * …/cache/authorizers, "HTTP/1.1 202"); the stage must exist, with the
 * NotFound messages GetStage gives (recorded AWS answers).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

async function apiWithStage(stageName: string): Promise<string> {
  const api = await cp.createApi();
  const method = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET`;
  await cp.http.put(method).send({ authorizationType: 'NONE' }).expect(201);
  await cp.http.put(`${method}/integration`).send({ type: 'MOCK' }).expect(201);
  await cp.http.post(`/restapis/${api.id}/deployments`).send({ stageName }).expect(201);
  return api.id;
}

describe.each([
  ['FlushStageCache', 'data'],
  ['FlushStageAuthorizersCache', 'authorizers'],
])('%s', (_name, cache) => {
  it('answers 202 with an empty body for an existing stage', async () => {
    const apiId = await apiWithStage('dev');
    const res = await cp.http.delete(`/restapis/${apiId}/stages/dev/cache/${cache}`);
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expect(res.headers['x-amzn-requestid']).toBeTruthy();
    // The stage is untouched.
    expect((await cp.http.get(`/restapis/${apiId}/stages/dev`)).status).toBe(200);
  });

  it('404s an unknown stage and an unknown API', async () => {
    const apiId = await apiWithStage('dev');
    expectAwsError(await cp.http.delete(`/restapis/${apiId}/stages/prod/cache/${cache}`), 404, 'NotFoundException', 'Invalid Stage identifier specified');
    expectAwsError(
      await cp.http.delete(`/restapis/nope123456/stages/dev/cache/${cache}`),
      404,
      'NotFoundException',
      'Invalid API identifier specified 000000000000:nope123456',
    );
  });
});
