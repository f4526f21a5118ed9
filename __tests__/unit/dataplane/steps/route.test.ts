/** Step 2 (route): the matched resource and method, or MISSING_AUTHENTICATION_TOKEN. */
import { route } from '../../../../lib/dataplane/steps/route';
import { context, snapshot } from '../helpers';

const snap = snapshot({
  '/pets/{id}': { GET: { integration: { type: 'MOCK' } } },
  '/bare': { GET: {} },
});

test('sets the route: resource, method and decoded path parameters', async () => {
  const ctx = context(snap, { path: '/pets/a%2Bb' });
  await route(ctx);
  expect(ctx.route?.resource.path).toBe('/pets/{id}');
  expect(ctx.route?.method.httpMethod).toBe('GET');
  expect(ctx.route?.pathParams).toEqual({ id: 'a+b' });
});

/** What a step throws (steps that need not wait throw at once). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

test('no resource or method: 403 Missing Authentication Token', () => {
  expect(thrown(() => route(context(snap, { path: '/cats' })))).toMatchObject({
    type: 'MISSING_AUTHENTICATION_TOKEN',
    message: 'Missing Authentication Token',
  });
  expect(thrown(() => route(context(snap, { method: 'POST', path: '/pets/1' })))).toMatchObject({ type: 'MISSING_AUTHENTICATION_TOKEN' });
});

test('a method without an integration (AWS refuses to deploy one): 500 configuration error', () => {
  expect(thrown(() => route(context(snap, { path: '/bare' })))).toMatchObject({ type: 'API_CONFIGURATION_ERROR' });
});
