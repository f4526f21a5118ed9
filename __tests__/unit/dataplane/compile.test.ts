/**
 * compile.ts: a snapshot compiled once — URIs parsed, selection patterns as
 * full-match regexes, templates compiled (static ones kept as text), and a
 * warning for every configured feature the data plane does not enforce yet.
 */
import { compileDeployment, parseUri } from '../../../lib/dataplane/compile';
import { staticTextOf } from '../../../lib/dataplane/templates';
import { snapshot } from './helpers';

test('parseUri: text, {param}, {param+} and ${stageVariables.x}', () => {
  expect(parseUri('http://${stageVariables.host}/a/{id}/b/{rest+}?x=1')).toEqual([
    { kind: 'text', text: 'http://' },
    { kind: 'stageVariable', name: 'host' },
    { kind: 'text', text: '/a/' },
    { kind: 'path', name: 'id', greedy: false },
    { kind: 'text', text: '/b/' },
    { kind: 'path', name: 'rest', greedy: true },
    { kind: 'text', text: '?x=1' },
  ]);
  expect(parseUri('http://h/{}')).toEqual([{ kind: 'text', text: 'http://h/{}' }]);
});

test('an HTTP integration with a fixed origin is parsed once', () => {
  const d = compileDeployment('d1', snapshot({ '/x': { GET: { integration: { type: 'HTTP', httpMethod: 'GET', uri: 'https://example.com:8443/p/{id}' } } } }));
  const integ = d.router.match('GET', '/x')!.method.integration!;
  expect(integ.staticOrigin?.endpoint).toEqual({ protocol: 'https:', hostname: 'example.com', port: 8443 });
  expect(integ.staticOrigin?.pathParts).toEqual([{ kind: 'text', text: '/p/' }, { kind: 'path', name: 'id', greedy: false }]);
  // a stage variable in the authority: resolved per request
  const d2 = compileDeployment('d2', snapshot({ '/x': { GET: { integration: { type: 'HTTP', httpMethod: 'GET', uri: 'http://${stageVariables.h}/p' } } } }));
  expect(d2.router.match('GET', '/x')!.method.integration!.staticOrigin).toBeUndefined();
});

test('defaults: passthroughBehavior WHEN_NO_MATCH, timeout 29000, the integration method (ANY = the request method)', () => {
  const d = compileDeployment('d', snapshot({ '/x': { ANY: { integration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'http://b/' } } } }));
  const integ = d.router.match('DELETE', '/x')!.method.integration!;
  expect(integ.passthroughBehavior).toBe('WHEN_NO_MATCH');
  expect(integ.timeoutMs).toBe(29000);
  expect(integ.httpMethod).toBe('');
  expect(integ.proxy).toBe(true);
});

test('templates without $ or # are kept as text (no VTL at request time)', () => {
  const d = compileDeployment(
    'd',
    snapshot({ '/x': { GET: { integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}', 'text/plain': '$input.body' } } } } }),
  );
  const t = d.router.match('GET', '/x')!.method.integration!.templates;
  expect(staticTextOf(t.byType.get('application/json')!)).toBe('{"statusCode": 200}');
  expect(staticTextOf(t.byType.get('text/plain')!)).toBeUndefined();
});

test('configuration that cannot be honoured is listed as warnings that name it', () => {
  const d = compileDeployment(
    'd',
    snapshot({
      '/a': {
        GET: {
          integration: {
            type: 'HTTP_PROXY',
            httpMethod: 'ANY',
            uri: 'http://nlb.internal/',
            connectionType: 'VPC_LINK',
            connectionId: 'vl1234',
          },
        },
        POST: {
          integration: {
            type: 'HTTP',
            httpMethod: 'POST',
            uri: 'http://b/',
            requestParameters: { 'integration.request.header.X': 'bogus.source', 'integration.request.body.x': "'v'" },
            integrationResponses: { '200': { statusCode: '200', selectionPattern: '(' } },
          },
        },
      },
      '/p/{proxy+}': { ANY: { integration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'http://b/{proxy}' } } },
    }),
  );
  const w = d.warnings.join('\n');
  expect(w).toMatch(/GET \/a: apigw-local does not support VPC_LINK \(private\) integrations yet/);
  expect(w).toMatch(/POST \/a: Invalid mapping expression specified: bogus.source/);
  expect(w).toMatch(/integration.request.body.x is not an integration.request/);
  expect(w).toMatch(/selectionPattern "\(" is not a valid regular expression/);
  expect(w).toMatch(/\{proxy\} but no requestParameters entry maps integration.request.path.proxy/);
});

test('binaryMediaTypes are kept lowercased', () => {
  expect(compileDeployment('d', snapshot({}, { binaryMediaTypes: ['Image/PNG', '*/*'] })).binaryMediaTypes).toEqual(['image/png', '*/*']);
});
