/**
 * VpcLink operations, against recorded AWS answers
 * (test_apigateway_api.snapshot.json, TestApiGatewayVpcLink): CreateVpcLink
 * answers 202 with status PENDING and no tags field; once provisioned, GetVpcLink
 * shows AVAILABLE, "Your vpc link is ready for use" and `tags: {}`;
 * GetVpcLinks items leave out empty tags; UpdateVpcLink replaces `/name`
 * (and `/description`, AWS CLI example); DeleteVpcLink answers 202; the
 * recorded error messages.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/1234567890abcdef';

async function createLink(body: Record<string, unknown> = {}) {
  const res = await cp.http.post('/vpclinks').send({ name: 'my-link', targetArns: [NLB], ...body });
  if (res.status !== 202) throw new Error(`createLink: ${res.status} ${res.text}`);
  return res.body;
}

describe('VPC link lifecycle (recorded AWS answers)', () => {
  it('creates PENDING (202), becomes AVAILABLE, lists, updates and deletes', async () => {
    const created = await cp.http.post('/vpclinks').send({ name: 'my-link', targetArns: [NLB] });
    expect(created.status).toBe(202);
    expect(created.body).toEqual({ id: expect.stringMatching(/^[a-z0-9]{6}$/), name: 'my-link', status: 'PENDING', targetArns: [NLB] });
    const id = created.body.id;

    const got = await cp.http.get(`/vpclinks/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      id,
      name: 'my-link',
      status: 'AVAILABLE',
      statusMessage: 'Your vpc link is ready for use',
      tags: {},
      targetArns: [NLB],
    });

    expect((await cp.http.get('/vpclinks')).body).toEqual({
      item: [{ id, name: 'my-link', status: 'AVAILABLE', statusMessage: 'Your vpc link is ready for use', targetArns: [NLB] }],
    });

    const updated = await cp.http.patch(`/vpclinks/${id}`).send({
      patchOperations: [
        { op: 'replace', path: '/name', value: 'my-link-updated' },
        { op: 'replace', path: '/description', value: 'My custom description' },
      ],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({
      id,
      name: 'my-link-updated',
      description: 'My custom description',
      status: 'AVAILABLE',
      statusMessage: 'Your vpc link is ready for use',
      tags: {},
      targetArns: [NLB],
    });

    expect((await cp.http.delete(`/vpclinks/${id}`)).status).toBe(202);
    expectAwsError(await cp.http.get(`/vpclinks/${id}`), 404, 'NotFoundException', 'Invalid Vpc Link identifier specified');
  });

  it('lists a link that nobody read yet as AVAILABLE too', async () => {
    await createLink();
    expect((await cp.http.get('/vpclinks')).body.item[0].status).toBe('AVAILABLE');
  });

  it('keeps description and tags', async () => {
    const created = await createLink({ description: 'd', tags: { team: 'a' } });
    expect(created).toMatchObject({ description: 'd', tags: { team: 'a' } });
    expect((await cp.http.get(`/vpclinks/${created.id}`)).body).toMatchObject({ description: 'd', tags: { team: 'a' } });
    expect((await cp.http.get('/vpclinks')).body.item[0].tags).toEqual({ team: 'a' });
  });

  it('pages with limit and position', async () => {
    for (const n of ['a', 'b', 'c']) await createLink({ name: n });
    const first = await cp.http.get('/vpclinks?limit=2');
    expect(first.body.item.map((l: { name: string }) => l.name)).toEqual(['a', 'b']);
    expect((await cp.http.get(`/vpclinks?limit=2&position=${first.body.position}`)).body.item.map((l: { name: string }) => l.name)).toEqual(['c']);
  });
});

describe('VPC link validation (recorded AWS answers)', () => {
  it('refuses a malformed target ARN and an empty name', async () => {
    expectAwsError(
      await cp.http.post('/vpclinks').send({ name: 'x', targetArns: ['invalid-arn'] }),
      400,
      'BadRequestException',
      'Invalid ARN. ARN is not well formed invalid-arn',
    );
    expectAwsError(await cp.http.post('/vpclinks').send({ name: '', targetArns: [NLB] }), 400, 'BadRequestException', 'Name cannot be empty');
  });

  it('needs targetArns and a name', async () => {
    expectAwsError(await cp.http.post('/vpclinks').send({ name: 'x' }), 400, 'ValidationException');
    expectAwsError(await cp.http.post('/vpclinks').send({ targetArns: [NLB] }), 400, 'ValidationException');
  });

  it('404s unknown ids on get, update and delete', async () => {
    for (const res of [
      await cp.http.get('/vpclinks/nope01'),
      await cp.http.patch('/vpclinks/nope01').send({ patchOperations: [{ op: 'replace', path: '/name', value: 'x' }] }),
      await cp.http.delete('/vpclinks/nope01'),
    ]) {
      expectAwsError(res, 404, 'NotFoundException', 'Invalid Vpc Link identifier specified');
    }
  });

  it('refuses other patch paths and an empty name', async () => {
    const { id } = await createLink();
    expectAwsError(
      await cp.http.patch(`/vpclinks/${id}`).send({ patchOperations: [{ op: 'replace', path: '/targetArns', value: NLB }] }),
      400,
      'BadRequestException',
      'Invalid patch path /targetArns',
    );
    expectAwsError(
      await cp.http.patch(`/vpclinks/${id}`).send({ patchOperations: [{ op: 'replace', path: '/name', value: '' }] }),
      400,
      'BadRequestException',
      'Name cannot be empty',
    );
  });
});

describe('tags on VPC links', () => {
  it('TagResource / GetTags / UntagResource work on the VPC link ARN', async () => {
    const { id } = await createLink();
    const path = `/tags/${encodeURIComponent(`arn:aws:apigateway:us-east-1::/vpclinks/${id}`)}`;
    await cp.http.put(path).send({ tags: { env: 'dev' } }).expect(204);
    expect((await cp.http.get(path)).body).toEqual({ tags: { env: 'dev' } });
    expect((await cp.http.get(`/vpclinks/${id}`)).body.tags).toEqual({ env: 'dev' });
    await cp.http.delete(`${path}?tagKeys=env`).expect(204);
    expect((await cp.http.get(path)).body).toEqual({ tags: {} });
    expectAwsError(
      await cp.http.get(`/tags/${encodeURIComponent('arn:aws:apigateway:us-east-1::/vpclinks/nope01')}`),
      404,
      'NotFoundException',
      'Invalid Vpc Link identifier specified',
    );
  });
});
