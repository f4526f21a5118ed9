/**
 * apigw-local's own endpoints under /_apigw/ (not AWS APIs): health for
 * readiness checks and reset for test suites.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();
const VERSION = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;

describe('GET /_apigw/health', () => {
  it('answers 200 {"status":"ok","version":…} with a request id', async () => {
    const res = await cp.http.get('/_apigw/health');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-amzn-requestid']).toBeTruthy();
    expect(res.body).toEqual({ status: 'ok', version: VERSION });
  });

  it('answers HEAD without a body', async () => {
    const res = await cp.http.head('/_apigw/health');
    expect(res.status).toBe(200);
    expect(res.text ?? '').toBe('');
  });
});

describe('POST /_apigw/reset', () => {
  it('empties every account and region', async () => {
    const here = await cp.createApi({ name: 'a', tags: { t: '1' } });
    const there = await cp.http.post('/restapis').set('authorization', cp.auth('111111111111', 'eu-west-1')).send({ name: 'b' });
    expect(there.status).toBe(201);
    await cp.http.patch('/account').send({ patchOperations: [{ op: 'remove', path: '/features', value: 'UsagePlans' }] }).expect(200);

    const res = await cp.http.post('/_apigw/reset');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'reset' });

    expectAwsError(await cp.http.get(`/restapis/${here.id}`), 404, 'NotFoundException');
    expect((await cp.http.get('/restapis').set('authorization', cp.auth('111111111111', 'eu-west-1'))).body).toEqual({ item: [] });
    expect((await cp.http.get('/account')).body.features).toEqual(['UsagePlans']);
  });
});

describe('other /_apigw/ requests', () => {
  it.each([
    ['get', '/_apigw/nothing'],
    ['get', '/_apigw/reset'],
    ['post', '/_apigw/health'],
  ] as const)('%s %s is a 404 naming the request', async (method, p) => {
    expectAwsError(await cp.http[method](p), 404, 'UnknownOperationException', new RegExp(p));
  });
});
