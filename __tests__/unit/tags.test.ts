/**
 * TagResource / UntagResource / GetTags. Status codes from AWS's API
 * Reference (TagResource and UntagResource answer 204 with an empty body;
 * GetTags answers `{"tags": {...}}`); tag rules from the API Gateway
 * Developer Guide ("Tag restrictions and usage conventions": at most 50 tags,
 * keys up to 128 characters, values up to 256, `aws:` reserved).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();
const scope = { account: '000000000000', region: 'us-east-1' };

const apiArn = (id: string, region = 'us-east-1') => `arn:aws:apigateway:${region}::/restapis/${id}`;
const tagsPath = (arn: string) => `/tags/${encodeURIComponent(arn)}`;

/** Deploys the API (a MOCK GET on its root) and creates the stage, with tags if given. */
async function addStage(api: { id: string; rootResourceId: string }, stageName: string, tags?: Record<string, string>): Promise<void> {
  const method = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET`;
  await cp.http.put(method).send({ authorizationType: 'NONE' }).expect(201);
  await cp.http.put(`${method}/integration`).send({ type: 'MOCK' }).expect(201);
  const deployment = await cp.http.post(`/restapis/${api.id}/deployments`).send({}).expect(201);
  await cp.http.post(`/restapis/${api.id}/stages`).send({ stageName, deploymentId: deployment.body.id, tags }).expect(201);
}

describe('TagResource / GetTags / UntagResource on a REST API', () => {
  it('adds, merges, reads and removes tags', async () => {
    const api = await cp.createApi({ name: 'x', tags: { team: 'a' } });
    const arn = apiArn(api.id);

    const put = await cp.http.put(tagsPath(arn)).send({ tags: { env: 'dev', team: 'b' } });
    expect(put.status).toBe(204);
    expect(put.text).toBe('');

    const got = await cp.http.get(tagsPath(arn));
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ tags: { team: 'b', env: 'dev' } });

    // The REST API shows the same tags.
    expect((await cp.http.get(`/restapis/${api.id}`)).body.tags).toEqual({ team: 'b', env: 'dev' });

    const del = await cp.http.delete(`${tagsPath(arn)}?tagKeys=team&tagKeys=missing`);
    expect(del.status).toBe(204);
    expect((await cp.http.get(tagsPath(arn))).body).toEqual({ tags: { env: 'dev' } });

    await cp.http.delete(`${tagsPath(arn)}?tagKeys=env`).expect(204);
    expect((await cp.http.get(tagsPath(arn))).body).toEqual({ tags: {} });
    expect((await cp.http.get(`/restapis/${api.id}`)).body.tags).toBeUndefined();
  });

  it('allows empty values and keys up to 128 characters, values up to 256', async () => {
    const api = await cp.createApi();
    const key = 'k'.repeat(128);
    await cp.http.put(tagsPath(apiArn(api.id))).send({ tags: { [key]: 'v'.repeat(256), empty: '' } }).expect(204);
    expect((await cp.http.get(tagsPath(apiArn(api.id)))).body.tags).toEqual({ [key]: 'v'.repeat(256), empty: '' });
  });

  it.each([
    ['a 129-character key', { ['k'.repeat(129)]: 'v' }, /128/],
    ['a 257-character value', { k: 'v'.repeat(257) }, /256/],
    ['the aws: prefix', { 'aws:owner': 'me' }, /aws:/],
    ['the AWS: prefix', { 'AWS:owner': 'me' }, /aws:/],
    ['a key with #', { 'bad#key': 'v' }, /bad#key/],
  ])('refuses %s', async (_label, tags, message) => {
    const api = await cp.createApi();
    expectAwsError(await cp.http.put(tagsPath(apiArn(api.id))).send({ tags }), 400, 'BadRequestException', message);
    expect((await cp.http.get(tagsPath(apiArn(api.id)))).body).toEqual({ tags: {} });
  });

  it('refuses a request without tags', async () => {
    const api = await cp.createApi();
    expectAwsError(await cp.http.put(tagsPath(apiArn(api.id))).send({}), 400, 'BadRequestException');
  });

  it('allows 50 tags on a resource and refuses the 51st, leaving the tags unchanged', async () => {
    const api = await cp.createApi();
    const arn = apiArn(api.id);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `v${i}`]));
    await cp.http.put(tagsPath(arn)).send({ tags: fifty }).expect(204);
    // Overwriting an existing key does not add one.
    await cp.http.put(tagsPath(arn)).send({ tags: { k0: 'new' } }).expect(204);
    expectAwsError(await cp.http.put(tagsPath(arn)).send({ tags: { k50: 'v' } }), 400, 'BadRequestException', /50/);
    const got = (await cp.http.get(tagsPath(arn))).body.tags;
    expect(Object.keys(got)).toHaveLength(50);
    expect(got.k0).toBe('new');
  });

  it('refuses UntagResource without tag keys', async () => {
    const api = await cp.createApi();
    expectAwsError(await cp.http.delete(tagsPath(apiArn(api.id))), 400, 'BadRequestException');
  });

  it('drops the tags with the API', async () => {
    const api = await cp.createApi({ name: 'x', tags: { a: '1' } });
    await cp.http.delete(`/restapis/${api.id}`).expect(202);
    expect(cp.app.store.tags.get(scope, apiArn(api.id))).toEqual({});
  });
});

describe('tags on a stage', () => {
  it('keeps stage tags apart from the API tags, and shares them with GetStage', async () => {
    const api = await cp.createApi({ name: 'x', tags: { level: 'api' } });
    await addStage(api, 'dev', { created: 'yes' });
    const arn = `${apiArn(api.id)}/stages/dev`;
    expect((await cp.http.get(tagsPath(arn))).body).toEqual({ tags: { created: 'yes' } });
    await cp.http.put(tagsPath(arn)).send({ tags: { level: 'stage' } }).expect(204);
    expect((await cp.http.get(tagsPath(arn))).body).toEqual({ tags: { created: 'yes', level: 'stage' } });
    expect((await cp.http.get(`/restapis/${api.id}/stages/dev`)).body.tags).toEqual({ created: 'yes', level: 'stage' });
    await cp.http.delete(`${tagsPath(arn)}?tagKeys=created`).expect(204);
    expect((await cp.http.get(tagsPath(apiArn(api.id)))).body).toEqual({ tags: { level: 'api' } });
    await cp.http.delete(`${tagsPath(arn)}?tagKeys=level`).expect(204);
    expect((await cp.http.get(tagsPath(arn))).body).toEqual({ tags: {} });
  });

  it('404s a stage that does not exist, and a stage of an unknown API', async () => {
    const api = await cp.createApi();
    expectAwsError(
      await cp.http.get(tagsPath(`${apiArn(api.id)}/stages/nope`)),
      404,
      'NotFoundException',
      'Invalid Stage identifier specified',
    );
    expectAwsError(
      await cp.http.put(tagsPath(`${apiArn('abcdefghij')}/stages/dev`)).send({ tags: { a: 'b' } }),
      404,
      'NotFoundException',
      'Invalid API identifier specified 000000000000:abcdefghij',
    );
  });
});

describe('ARNs', () => {
  it('404s an unknown REST API with AWS message, for all three operations', async () => {
    const arn = apiArn('abcdefghij');
    const message = 'Invalid API identifier specified 000000000000:abcdefghij';
    expectAwsError(await cp.http.get(tagsPath(arn)), 404, 'NotFoundException', message);
    expectAwsError(await cp.http.put(tagsPath(arn)).send({ tags: { a: 'b' } }), 404, 'NotFoundException', message);
    expectAwsError(await cp.http.delete(`${tagsPath(arn)}?tagKeys=a`), 404, 'NotFoundException', message);
  });

  it('does not find an API through an ARN of another region or from another account', async () => {
    const api = await cp.createApi();
    expectAwsError(await cp.http.get(tagsPath(apiArn(api.id, 'eu-west-1'))), 404, 'NotFoundException');
    expectAwsError(
      await cp.http.get(tagsPath(apiArn(api.id))).set('authorization', cp.auth('111111111111')),
      404,
      'NotFoundException',
      `Invalid API identifier specified 111111111111:${api.id}`,
    );
  });

  it.each([
    ['apikeys/abc123', 'Invalid API Key identifier specified'],
    ['usageplans/abc123', 'Invalid Usage Plan ID specified'],
    ['domainnames/api.example.com', 'Invalid domain name identifier specified'],
    ['clientcertificates/abc123', 'Invalid Client Certificate identifier specified'],
    // Recorded AWS answer for an unknown VPC link id.
    ['vpclinks/abc123', 'Invalid Vpc Link identifier specified'],
  ])('404s a %s ARN (no such resource yet)', async (resource, message) => {
    expectAwsError(await cp.http.get(tagsPath(`arn:aws:apigateway:us-east-1::/${resource}`)), 404, 'NotFoundException', message);
  });

  it.each([
    'not-an-arn',
    'arn:aws:lambda:us-east-1:000000000000:function:f',
    'arn:aws:apigateway:us-east-1::restapis/abc',
    'arn:aws:apigateway:us-east-1::/restapis/abc/resources/def',
    'arn:aws:apigateway:us-east-1::/restapis/',
    'arn:aws:apigateway:us-east-1::/widgets/abc',
  ])('refuses the malformed or untaggable ARN %s', async (arn) => {
    expectAwsError(await cp.http.get(tagsPath(arn)), 400, 'BadRequestException', 'Invalid ARN specified in the request');
  });
});
