/**
 * DomainName operations. Facts from AWS: the API Reference (DomainName shape,
 * 201 on create, 202 on delete, Z2FDTNDATAQYW2 as the edge hosted zone for
 * every region), the General Reference's Regional hosted zone ids
 * (us-east-1 Z1UJRXOUMOOFQ8, eu-west-1 ZLY8HYME6SFDD), the AWS CLI examples
 * (`dXXXXXXXXXXXXX.cloudfront.net` distribution names, private domain name
 * ARNs `…:{account}:/domainnames/{name}+{id}`), recorded AWS answers for the
 * endpoint configuration messages (CreateRestApi, same model).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();
const DOMAIN = 'api.example.com';

async function createDomain(body: Record<string, unknown> = {}) {
  const res = await cp.http.post('/domainnames').send({ domainName: DOMAIN, ...body });
  if (res.status !== 201) throw new Error(`createDomain: ${res.status} ${res.text}`);
  return res.body;
}

describe('CreateDomainName', () => {
  it('creates an edge-optimized domain name by default (201) with its CloudFront distribution', async () => {
    const res = await cp.http
      .post('/domainnames')
      .send({ domainName: DOMAIN, certificateName: 'my-cert', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      domainName: DOMAIN,
      domainNameArn: `arn:aws:apigateway:us-east-1::/domainnames/${DOMAIN}`,
      certificateName: 'my-cert',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      certificateUploadDate: expect.any(Number),
      distributionDomainName: expect.stringMatching(/^d[a-z0-9]{13}\.cloudfront\.net$/),
      distributionHostedZoneId: 'Z2FDTNDATAQYW2',
      endpointConfiguration: { types: ['EDGE'], ipAddressType: 'ipv4' },
      domainNameStatus: 'AVAILABLE',
      securityPolicy: 'TLS_1_2',
      routingMode: 'BASE_PATH_MAPPING_ONLY',
    });
  });

  it('creates a Regional domain name with the region’s host name and hosted zone, mutual TLS and tags', async () => {
    const res = await cp.http
      .post('/domainnames')
      .set('authorization', cp.auth('AKIDEXAMPLE', 'eu-west-1'))
      .send({
        domainName: DOMAIN,
        regionalCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/r',
        endpointConfiguration: { types: ['REGIONAL'] },
        securityPolicy: 'TLS_1_0',
        mutualTlsAuthentication: { truststoreUri: 's3://bucket/truststore.pem', truststoreVersion: 'v3' },
        tags: { team: 'a' },
      });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      domainName: DOMAIN,
      domainNameArn: `arn:aws:apigateway:eu-west-1::/domainnames/${DOMAIN}`,
      regionalCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/r',
      regionalDomainName: expect.stringMatching(/^d-[a-z0-9]{10}\.execute-api\.eu-west-1\.amazonaws\.com$/),
      regionalHostedZoneId: 'ZLY8HYME6SFDD',
      endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
      domainNameStatus: 'AVAILABLE',
      securityPolicy: 'TLS_1_0',
      routingMode: 'BASE_PATH_MAPPING_ONLY',
      mutualTlsAuthentication: { truststoreUri: 's3://bucket/truststore.pem', truststoreVersion: 'v3' },
      tags: { team: 'a' },
    });
    // Scoped by region: us-east-1 does not see it.
    expectAwsError(await cp.http.get(`/domainnames/${DOMAIN}`), 404, 'NotFoundException', 'Invalid domain name identifier specified');
  });

  it('gives a private domain name an id and an account-qualified ARN; names may repeat across private domains', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    const a = await createDomain({ endpointConfiguration: { types: ['PRIVATE'] }, policy });
    expect(a).toMatchObject({
      domainNameId: expect.stringMatching(/^[a-z0-9]{10}$/),
      endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'dualstack' },
      policy,
    });
    expect(a.domainNameArn).toBe(`arn:aws:apigateway:us-east-1:000000000000:/domainnames/${DOMAIN}+${a.domainNameId}`);
    expect(a.distributionDomainName).toBeUndefined();
    expect(a.regionalDomainName).toBeUndefined();
    const b = await createDomain({ endpointConfiguration: { types: ['PRIVATE'] } });
    expect(b.domainNameId).not.toBe(a.domainNameId);
    // A private domain name is found with its id only.
    expect((await cp.http.get(`/domainnames/${DOMAIN}?domainNameId=${a.domainNameId}`)).body.policy).toBe(policy);
    expectAwsError(await cp.http.get(`/domainnames/${DOMAIN}`), 404, 'NotFoundException', 'Invalid domain name identifier specified');
  });

  it('answers 409 for a name already taken', async () => {
    await createDomain();
    expectAwsError(await cp.http.post('/domainnames').send({ domainName: DOMAIN }), 409, 'ConflictException', 'The domain name you provided already exists.');
  });

  it('refuses bad endpoint configurations as AWS does', async () => {
    expectAwsError(
      await cp.http.post('/domainnames').send({ domainName: DOMAIN, endpointConfiguration: { types: ['wrong'] } }),
      400,
      'ValidationException',
      "1 validation error detected: Value '[wrong]' at 'createDomainNameInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]",
    );
    expectAwsError(
      await cp.http.post('/domainnames').send({ domainName: DOMAIN, endpointConfiguration: { types: [] } }),
      400,
      'BadRequestException',
      'REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.',
    );
    expectAwsError(
      await cp.http.post('/domainnames').send({ domainName: DOMAIN, endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'ipv4' } }),
      400,
      'BadRequestException',
      'Only dualstack ipAddressType is supported for Private APIs.',
    );
    expectAwsError(
      await cp.http.post('/domainnames').send({ domainName: DOMAIN, endpointConfiguration: { types: ['EDGE', 'REGIONAL'] } }),
      400,
      'BadRequestException',
    );
  });

  it('refuses an unknown security policy, an empty or malformed name, and mutual TLS on an edge-optimized domain', async () => {
    expectAwsError(
      await cp.http.post('/domainnames').send({ domainName: DOMAIN, securityPolicy: 'TLS_9' }),
      400,
      'ValidationException',
      /^1 validation error detected: Value 'TLS_9' at 'createDomainNameInput.securityPolicy' failed to satisfy constraint: Member must satisfy enum value set: \[TLS_1_0, TLS_1_2, /,
    );
    expectAwsError(await cp.http.post('/domainnames').send({ domainName: '' }), 400, 'BadRequestException');
    expectAwsError(await cp.http.post('/domainnames').send({ domainName: 'not a/domain' }), 400, 'BadRequestException');
    expectAwsError(
      await cp.http.post('/domainnames').send({ domainName: DOMAIN, mutualTlsAuthentication: { truststoreUri: 's3://b/k' } }),
      400,
      'BadRequestException',
    );
  });

  it('accepts an enhanced security policy only with an endpoint access mode', async () => {
    const body = { endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09' };
    expectAwsError(await cp.http.post('/domainnames').send({ domainName: DOMAIN, ...body }), 400, 'BadRequestException');
    expect(await createDomain({ ...body, endpointAccessMode: 'STRICT' })).toMatchObject({ ...body, endpointAccessMode: 'STRICT' });
  });
});

describe('GetDomainName / GetDomainNames', () => {
  it('reads one back and lists them under item', async () => {
    const created = await createDomain({ tags: { a: '1' } });
    await createDomain({ domainName: 'other.example.com' });
    const got = await cp.http.get(`/domainnames/${DOMAIN}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created);
    const list = await cp.http.get('/domainnames');
    expect(list.status).toBe(200);
    expect(list.body.item.map((d: { domainName: string }) => d.domainName)).toEqual([DOMAIN, 'other.example.com']);
    expect(list.body.item[0].tags).toEqual({ a: '1' });
    expect((await cp.http.get('/domainnames?resourceOwner=OTHER_ACCOUNTS')).body).toEqual({ item: [] });
  });

  it('pages with limit and position', async () => {
    for (const n of ['a', 'b', 'c']) await createDomain({ domainName: `${n}.example.com` });
    const first = await cp.http.get('/domainnames?limit=2');
    expect(first.body.item).toHaveLength(2);
    const second = await cp.http.get(`/domainnames?limit=2&position=${first.body.position}`);
    expect(second.body.item.map((d: { domainName: string }) => d.domainName)).toEqual(['c.example.com']);
    expect(second.body.position).toBeUndefined();
  });

  it('404s an unknown domain name', async () => {
    expectAwsError(await cp.http.get('/domainnames/nope.example.com'), 404, 'NotFoundException', 'Invalid domain name identifier specified');
  });
});

describe('UpdateDomainName', () => {
  const patch = (ops: unknown[], name = DOMAIN) => cp.http.patch(`/domainnames/${name}`).send({ patchOperations: ops });

  it('replaces the certificate, the security policy and the truststore version', async () => {
    await createDomain({ endpointConfiguration: { types: ['REGIONAL'] }, mutualTlsAuthentication: { truststoreUri: 's3://b/k' } });
    const res = await patch([
      { op: 'replace', path: '/regionalCertificateArn', value: 'arn:aws:acm:us-east-1:1:certificate/new' },
      { op: 'replace', path: '/securityPolicy', value: 'TLS_1_0' },
      { op: 'replace', path: '/mutualTlsAuthentication/truststoreVersion', value: 'v2' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      regionalCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/new',
      securityPolicy: 'TLS_1_0',
      mutualTlsAuthentication: { truststoreUri: 's3://b/k', truststoreVersion: 'v2' },
    });
    expect((await cp.http.get(`/domainnames/${DOMAIN}`)).body.securityPolicy).toBe('TLS_1_0');
  });

  it('migrates an edge-optimized domain name to Regional (add the type, then remove the old one)', async () => {
    await createDomain({ certificateArn: 'arn:aws:acm:us-east-1:1:certificate/e' });
    const both = await patch([
      { op: 'add', path: '/endpointConfiguration/types', value: 'REGIONAL' },
      { op: 'add', path: '/regionalCertificateArn', value: 'arn:aws:acm:us-east-1:1:certificate/r' },
    ]);
    expect(both.status).toBe(200);
    expect(both.body.endpointConfiguration.types).toEqual(['EDGE', 'REGIONAL']);
    expect(both.body.regionalDomainName).toMatch(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    expect(both.body.regionalHostedZoneId).toBe('Z1UJRXOUMOOFQ8');
    expect(both.body.distributionDomainName).toBeDefined();

    const regional = await patch([{ op: 'remove', path: '/endpointConfiguration/types', value: 'EDGE' }]);
    expect(regional.status).toBe(200);
    expect(regional.body.endpointConfiguration.types).toEqual(['REGIONAL']);
    expect(regional.body.distributionDomainName).toBeUndefined();
    expect(regional.body.certificateArn).toBeUndefined();
    expect(regional.body.regionalDomainName).toBe(both.body.regionalDomainName);

    expectAwsError(
      await patch([{ op: 'remove', path: '/endpointConfiguration/types', value: 'REGIONAL' }]),
      400,
      'BadRequestException',
      'REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.',
    );
  });

  it('replaces an endpoint type in one operation', async () => {
    await createDomain();
    const res = await patch([{ op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'REGIONAL' }]);
    expect(res.body.endpointConfiguration.types).toEqual(['REGIONAL']);
    expect(res.body.distributionDomainName).toBeUndefined();
    expect(res.body.regionalDomainName).toBeDefined();
  });

  it('refuses unknown paths and changes nothing when one operation fails', async () => {
    const created = await createDomain();
    expectAwsError(await patch([{ op: 'replace', path: '/domainName', value: 'x.example.com' }]), 400, 'BadRequestException', 'Invalid patch path /domainName');
    expectAwsError(
      await patch([
        { op: 'replace', path: '/securityPolicy', value: 'TLS_1_0' },
        { op: 'replace', path: '/policy', value: '{}' },
      ]),
      400,
      'BadRequestException',
      'Invalid patch path /policy',
    );
    expect((await cp.http.get(`/domainnames/${DOMAIN}`)).body).toEqual(created);
    expectAwsError(await patch([], 'nope.example.com'), 404, 'NotFoundException', 'Invalid domain name identifier specified');
  });
});

describe('DeleteDomainName', () => {
  it('answers 202 and removes the domain name with its base path mappings and tags', async () => {
    const d = await createDomain({ tags: { a: '1' } });
    const api = await cp.createApi();
    await cp.http.post(`/domainnames/${DOMAIN}/basepathmappings`).send({ restApiId: api.id }).expect(201);
    const del = await cp.http.delete(`/domainnames/${DOMAIN}`);
    expect(del.status).toBe(202);
    expectAwsError(await cp.http.get(`/domainnames/${DOMAIN}`), 404, 'NotFoundException');
    expectAwsError(await cp.http.delete(`/domainnames/${DOMAIN}`), 404, 'NotFoundException', 'Invalid domain name identifier specified');
    // A new domain name of the same name starts empty.
    await createDomain();
    expect((await cp.http.get(`/domainnames/${DOMAIN}/basepathmappings`)).body).toEqual({ item: [] });
    expect((await cp.http.get(`/tags/${encodeURIComponent(d.domainNameArn)}`)).body).toEqual({ tags: {} });
  });
});

describe('tags on domain names', () => {
  it('TagResource / GetTags / UntagResource work on the domain name ARN', async () => {
    const d = await createDomain();
    const path = `/tags/${encodeURIComponent(d.domainNameArn)}`;
    await cp.http.put(path).send({ tags: { env: 'dev' } }).expect(204);
    expect((await cp.http.get(path)).body).toEqual({ tags: { env: 'dev' } });
    expect((await cp.http.get(`/domainnames/${DOMAIN}`)).body.tags).toEqual({ env: 'dev' });
    await cp.http.delete(`${path}?tagKeys=env`).expect(204);
    expect((await cp.http.get(path)).body).toEqual({ tags: {} });
    const missing = `/tags/${encodeURIComponent('arn:aws:apigateway:us-east-1::/domainnames/nope.example.com')}`;
    expectAwsError(await cp.http.get(missing), 404, 'NotFoundException', 'Invalid domain name identifier specified');
  });

  it('works on a private domain name ARN', async () => {
    const d = await createDomain({ endpointConfiguration: { types: ['PRIVATE'] } });
    const path = `/tags/${encodeURIComponent(d.domainNameArn)}`;
    await cp.http.put(path).send({ tags: { env: 'dev' } }).expect(204);
    expect((await cp.http.get(`/domainnames/${DOMAIN}?domainNameId=${d.domainNameId}`)).body.tags).toEqual({ env: 'dev' });
  });
});

describe('domain name access associations', () => {
  const vpce = 'vpce-0123456789abcdef0';

  it('creates, lists, refuses a duplicate and deletes an association with a private domain name', async () => {
    const d = await createDomain({ endpointConfiguration: { types: ['PRIVATE'] } });
    const res = await cp.http
      .post('/domainnameaccessassociations')
      .send({ domainNameArn: d.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: vpce, tags: { t: '1' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      domainNameAccessAssociationArn: `arn:aws:apigateway:us-east-1:000000000000:/domainnameaccessassociations/domainname/${DOMAIN}+${d.domainNameId}/vpcesource/${vpce}`,
      domainNameArn: d.domainNameArn,
      accessAssociationSourceType: 'VPCE',
      accessAssociationSource: vpce,
      tags: { t: '1' },
    });
    expect((await cp.http.get('/domainnameaccessassociations')).body).toEqual({ item: [res.body] });
    expectAwsError(
      await cp.http
        .post('/domainnameaccessassociations')
        .send({ domainNameArn: d.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: vpce }),
      409,
      'ConflictException',
    );
    const arn = encodeURIComponent(res.body.domainNameAccessAssociationArn);
    expect((await cp.http.get(`/tags/${arn}`)).body).toEqual({ tags: { t: '1' } });
    expect((await cp.http.delete(`/domainnameaccessassociations/${arn}`)).status).toBe(202);
    expect((await cp.http.get('/domainnameaccessassociations')).body).toEqual({ item: [] });
    expectAwsError(
      await cp.http.delete(`/domainnameaccessassociations/${arn}`),
      404,
      'NotFoundException',
      'Invalid domain name access association identifier specified',
    );
  });

  it('refuses an unknown or public domain name and a source type other than VPCE', async () => {
    const pub = await createDomain();
    const send = (body: Record<string, unknown>) => cp.http.post('/domainnameaccessassociations').send(body);
    expectAwsError(
      await send({ domainNameArn: 'arn:aws:apigateway:us-east-1:000000000000:/domainnames/x.example.com+abc', accessAssociationSourceType: 'VPCE', accessAssociationSource: vpce }),
      404,
      'NotFoundException',
      'Invalid domain name identifier specified',
    );
    expectAwsError(await send({ domainNameArn: pub.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: vpce }), 400, 'BadRequestException');
    expectAwsError(
      await send({ domainNameArn: pub.domainNameArn, accessAssociationSourceType: 'VPC', accessAssociationSource: vpce }),
      400,
      'ValidationException',
      "1 validation error detected: Value 'VPC' at 'createDomainNameAccessAssociationInput.accessAssociationSourceType' failed to satisfy constraint: Member must satisfy enum value set: [VPCE]",
    );
  });

  it('lets the domain owner see and reject an association made from another account', async () => {
    const owner = cp.auth('111111111111');
    const other = cp.auth('222222222222');
    const d = (await cp.http.post('/domainnames').set('authorization', owner).send({ domainName: DOMAIN, endpointConfiguration: { types: ['PRIVATE'] } })).body;
    const a = await cp.http
      .post('/domainnameaccessassociations')
      .set('authorization', other)
      .send({ domainNameArn: d.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: vpce });
    expect(a.status).toBe(201);
    expect((await cp.http.get('/domainnameaccessassociations').set('authorization', owner)).body).toEqual({ item: [] });
    const theirs = await cp.http.get('/domainnameaccessassociations?resourceOwner=OTHER_ACCOUNTS').set('authorization', owner);
    expect(theirs.body.item).toEqual([a.body]);
    const reject = await cp.http
      .post(
        `/rejectdomainnameaccessassociations?domainNameAccessAssociationArn=${encodeURIComponent(a.body.domainNameAccessAssociationArn)}&domainNameArn=${encodeURIComponent(d.domainNameArn)}`,
      )
      .set('authorization', owner);
    expect(reject.status).toBe(202);
    expect((await cp.http.get('/domainnameaccessassociations').set('authorization', other)).body).toEqual({ item: [] });
  });
});
