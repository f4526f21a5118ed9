/**
 * GetAccount / UpdateAccount. An account that never changed its settings
 * answers `throttleSettings {burstLimit: 5000, rateLimit: 10000}`,
 * `features ["UsagePlans"]` and `apiKeyVersion "4"` on AWS, with no
 * `cloudwatchRoleArn` (API Gateway quotas page: 10,000 rps, burst 5,000; the
 * API Reference's Account shape). Settings are per account and region.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();
const ROLE = 'arn:aws:iam::123456789012:role/APIGatewayToCloudWatchLogs';
const DEFAULTS = { throttleSettings: { burstLimit: 5000, rateLimit: 10000 }, features: ['UsagePlans'], apiKeyVersion: '4' };

const patch = (...ops: Record<string, string>[]) => cp.http.patch('/account').send({ patchOperations: ops });

describe('GetAccount', () => {
  it("answers AWS's defaults", async () => {
    const res = await cp.http.get('/account');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(DEFAULTS);
  });
});

describe('UpdateAccount', () => {
  it('sets, keeps and clears the CloudWatch role', async () => {
    const res = await patch({ op: 'replace', path: '/cloudwatchRoleArn', value: ROLE });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cloudwatchRoleArn: ROLE, ...DEFAULTS });
    expect((await cp.http.get('/account')).body).toEqual({ cloudwatchRoleArn: ROLE, ...DEFAULTS });

    const cleared = await patch({ op: 'replace', path: '/cloudwatchRoleArn', value: '' });
    expect(cleared.body).toEqual(DEFAULTS);
  });

  it('refuses a value that is not an IAM role ARN, changing nothing', async () => {
    expectAwsError(
      await patch({ op: 'replace', path: '/cloudwatchRoleArn', value: 'not-a-role' }),
      400,
      'BadRequestException',
      'The role ARN does not have required permissions set to API Gateway',
    );
    expect((await cp.http.get('/account')).body).toEqual(DEFAULTS);
  });

  it('removes and adds the UsagePlans feature', async () => {
    const removed = await patch({ op: 'remove', path: '/features', value: 'UsagePlans' });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ throttleSettings: DEFAULTS.throttleSettings, apiKeyVersion: '4' });
    const added = await patch({ op: 'add', path: '/features', value: 'UsagePlans' });
    expect(added.body).toEqual(DEFAULTS);
    // Adding twice does not duplicate it.
    expect((await patch({ op: 'add', path: '/features', value: 'UsagePlans' })).body.features).toEqual(['UsagePlans']);
  });

  it('refuses an unknown feature', async () => {
    expectAwsError(await patch({ op: 'add', path: '/features', value: 'Widgets' }), 400, 'BadRequestException', /Widgets/);
    expectAwsError(await patch({ op: 'remove', path: '/features', value: 'Widgets' }), 400, 'BadRequestException', /Widgets/);
  });

  it('refuses other paths and ops with the patch messages', async () => {
    expectAwsError(
      await patch({ op: 'replace', path: '/throttleSettings/burstLimit', value: '1' }),
      400,
      'BadRequestException',
      'Invalid patch path /throttleSettings/burstLimit',
    );
    expectAwsError(
      await patch({ op: 'add', path: '/cloudwatchRoleArn', value: ROLE }),
      400,
      'BadRequestException',
      'Invalid patch operation specified. Must be one of: [replace]',
    );
    expectAwsError(
      await patch({ op: 'replace', path: '/features', value: 'UsagePlans' }),
      400,
      'BadRequestException',
      'Invalid patch operation specified. Must be one of: [add, remove]',
    );
  });

  it('applies nothing when one operation fails', async () => {
    expectAwsError(
      await patch({ op: 'replace', path: '/cloudwatchRoleArn', value: ROLE }, { op: 'remove', path: '/features', value: 'Nope' }),
      400,
      'BadRequestException',
    );
    expect((await cp.http.get('/account')).body).toEqual(DEFAULTS);
  });

  it('keeps settings per account and region', async () => {
    await patch({ op: 'replace', path: '/cloudwatchRoleArn', value: ROLE }).set('authorization', cp.auth('AKID', 'us-west-2')).expect(200);
    expect((await cp.http.get('/account').set('authorization', cp.auth('AKID', 'us-west-2'))).body.cloudwatchRoleArn).toBe(ROLE);
    expect((await cp.http.get('/account')).body).toEqual(DEFAULTS);
    expect((await cp.http.get('/account').set('authorization', cp.auth('111111111111', 'us-west-2'))).body).toEqual(DEFAULTS);
  });

  it('answers the current settings for an empty patch', async () => {
    const res = await cp.http.patch('/account').send({});
    expect(res.status).toBe(200);
    expect(res.body).toEqual(DEFAULTS);
  });
});
