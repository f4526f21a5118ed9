/**
 * Route matching as API Gateway does it for REST APIs (Developer Guide, "Set
 * up a proxy integration with a proxy resource": a literal path is matched
 * before {param}, and {proxy+} catches the rest; ANY serves a method that has
 * no exact match).
 */
import { Router, decodeSegment } from '../../../lib/dataplane/router';
import type { CompiledMethod, CompiledResource } from '../../../lib/dataplane/types';

function resource(id: string, path: string, methods: string[]): CompiledResource {
  const m = new Map<string, CompiledMethod>();
  for (const verb of methods) {
    m.set(verb, { httpMethod: verb, resourceId: id, resourcePath: path, method: { httpMethod: verb, authorizationType: 'NONE', apiKeyRequired: false } });
  }
  return { id, path, methods: m };
}

const router = new Router([
  resource('root', '/', ['GET']),
  resource('pets', '/pets', ['GET', 'POST']),
  resource('petid', '/pets/{petId}', ['GET', 'ANY']),
  resource('mine', '/pets/mine', ['GET']),
  resource('toys', '/pets/{petId}/toys', ['GET']),
  resource('proxy', '/{proxy+}', ['ANY']),
  resource('files', '/files/{path+}', ['GET']),
  resource('onlyput', '/only', ['PUT']),
]);

const hit = (method: string, path: string) => {
  const m = router.match(method, path);
  return m && { id: m.resource.id, method: m.method.httpMethod, params: m.pathParams };
};

describe('router', () => {
  test('the root resource', () => {
    expect(hit('GET', '/')).toEqual({ id: 'root', method: 'GET', params: {} });
  });

  test('a literal segment wins over a {param} sibling', () => {
    expect(hit('GET', '/pets/mine')).toEqual({ id: 'mine', method: 'GET', params: {} });
    expect(hit('GET', '/pets/42')).toEqual({ id: 'petid', method: 'GET', params: { petId: '42' } });
  });

  test('an exact method wins over ANY; ANY serves the others', () => {
    expect(hit('GET', '/pets/1')?.method).toBe('GET');
    expect(hit('DELETE', '/pets/1')).toEqual({ id: 'petid', method: 'ANY', params: { petId: '1' } });
  });

  test('{proxy+} takes one or more remaining segments, slashes kept', () => {
    expect(hit('GET', '/a/b/c')).toEqual({ id: 'proxy', method: 'ANY', params: { proxy: 'a/b/c' } });
    expect(hit('PATCH', '/pets')).toEqual({ id: 'proxy', method: 'ANY', params: { proxy: 'pets' } });
  });

  test('a branch without the method backtracks to the greedy resource', () => {
    // /pets/{petId}/toys has only GET: a POST falls to /{proxy+}.
    expect(hit('POST', '/pets/1/toys')).toEqual({ id: 'proxy', method: 'ANY', params: { proxy: 'pets/1/toys' } });
    // /only has only PUT.
    expect(hit('GET', '/only')?.id).toBe('proxy');
  });

  test('nested greedy parameter', () => {
    expect(hit('GET', '/files/x/y.txt')).toEqual({ id: 'files', method: 'GET', params: { path: 'x/y.txt' } });
    expect(hit('POST', '/files/x')?.id).toBe('proxy');
  });

  test('path parameters are URL-decoded; a bad escape is kept as sent', () => {
    expect(hit('GET', '/pets/a%20b')?.params).toEqual({ petId: 'a b' });
    expect(hit('GET', '/pets/%E0%A4%A')?.params).toEqual({ petId: '%E0%A4%A' });
    expect(hit('GET', '/a%2Fb/c')?.params).toEqual({ proxy: 'a/b/c' });
  });

  test('literal segments are case-sensitive', () => {
    expect(hit('GET', '/PETS')?.id).toBe('proxy');
  });

  test('empty segments and a trailing slash are ignored', () => {
    expect(hit('GET', '/pets/')?.id).toBe('pets');
    expect(hit('GET', '//pets')?.id).toBe('pets');
    expect(hit('GET', '/a/b/')?.params).toEqual({ proxy: 'a/b/' });
  });

  test('no match at all', () => {
    const small = new Router([resource('pets', '/pets', ['GET'])]);
    expect(small.match('GET', '/dogs')).toBeUndefined();
    expect(small.match('POST', '/pets')).toBeUndefined();
    expect(small.match('GET', '/')).toBeUndefined();
  });

  test('{proxy+} does not match the root path', () => {
    const r = new Router([resource('root', '/', []), resource('proxy', '/{proxy+}', ['ANY'])]);
    expect(r.match('GET', '/')).toBeUndefined();
    expect(r.match('GET', '/x')?.resource.id).toBe('proxy');
  });

  test('decodeSegment', () => {
    expect(decodeSegment('plain')).toBe('plain');
    expect(decodeSegment('%C3%A9')).toBe('é');
    expect(decodeSegment('%')).toBe('%');
  });
});
