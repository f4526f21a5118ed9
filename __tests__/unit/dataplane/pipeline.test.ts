/** pipeline.ts: the steps, in API Gateway's order. */
import { PIPELINE, runPipeline } from '../../../lib/dataplane/pipeline';
import { context, snapshot } from './helpers';

test('the declared order', () => {
  expect(PIPELINE.map((s) => s.name)).toEqual([
    'parse',
    'route',
    'resource policy',
    'api key',
    'iam auth',
    'authorize',
    'api key (authorizer)',
    'throttle/quota',
    'validate',
    'integration request',
    'integration',
    'integration response',
    'method response',
  ]);
});

test('a MOCK request through every step', async () => {
  const snap = snapshot({
    '/m': {
      GET: {
        integration: {
          type: 'MOCK',
          requestTemplates: { 'application/json': '{"statusCode": 201}' },
          integrationResponses: {
            '201': { statusCode: '201', selectionPattern: '201', responseTemplates: { 'application/json': '{"stage": "$context.stage"}' } },
          },
        },
      },
    },
  });
  const ctx = context(snap, { path: '/m' });
  await runPipeline(ctx);
  expect(ctx.response).toEqual({ statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{"stage": "dev"}') });
});
