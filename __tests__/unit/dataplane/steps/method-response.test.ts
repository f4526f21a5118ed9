/** Step 6 (method response): $context.responseOverride and the default Content-Type. */
import { route } from '../../../../lib/dataplane/steps/route';
import { methodResponse } from '../../../../lib/dataplane/steps/method-response';
import { context, snapshot } from '../helpers';

async function finish(headers: Record<string, string>, override?: (ctx: Record<string, unknown>) => void, type = 'MOCK') {
  const ctx = context(snapshot({ '/m': { GET: { integration: { type, uri: 'http://b/', httpMethod: 'GET' } } } }), { path: '/m' });
  await route(ctx);
  ctx.response = { statusCode: 200, headers: { ...headers }, body: Buffer.from('x') };
  if (override) override(ctx.contextVars());
  await methodResponse(ctx);
  return ctx.response;
}

test('a response without Content-Type gets application/json', async () => {
  expect((await finish({})).headers).toEqual({ 'Content-Type': 'application/json' });
  expect((await finish({ 'content-type': 'text/html' })).headers).toEqual({ 'content-type': 'text/html' });
});

test('responseOverride.status and .header win', async () => {
  const r = await finish({ 'X-A': 'mapped' }, (c) => {
    (c.responseOverride as Record<string, unknown>).status = 404;
    ((c.responseOverride as Record<string, Record<string, string>>).header)['x-a'] = 'override';
  });
  expect(r.statusCode).toBe(404);
  expect(r.headers).toEqual({ 'x-a': 'override', 'Content-Type': 'application/json' });
});

test('an override status that is not an HTTP status is ignored; gateway-owned headers cannot be overridden', async () => {
  const r = await finish({}, (c) => {
    (c.responseOverride as Record<string, unknown>).status = 'abc';
    ((c.responseOverride as Record<string, Record<string, string>>).header)['Content-Length'] = '1';
  });
  expect(r.statusCode).toBe(200);
  expect(r.headers['Content-Length']).toBeUndefined();
});

test('proxy integrations ignore responseOverride (no templates run)', async () => {
  const r = await finish({}, (c) => ((c.responseOverride as Record<string, unknown>).status = 500), 'HTTP_PROXY');
  expect(r.statusCode).toBe(200);
});
