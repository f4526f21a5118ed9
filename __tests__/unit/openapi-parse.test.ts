/**
 * Reading the import body: JSON or YAML, Swagger 2.0 or OpenAPI 3.0.x, and
 * AWS's 400 "Invalid OpenAPI input." for anything else — OpenAPI 3.1
 * included (AWS's answer to a 3.1 document: aws-cli issue 8191, terraform
 * issue 32281). Also the base path a document declares.
 */
import { parseDefinition, deref, modelNameOf } from '../../lib/openapi/parse';
import { documentBasePath } from '../../lib/openapi/import';
import { BadRequestException } from '../../lib/aws/errors';

function invalid(body: string): void {
  let thrown: unknown;
  try {
    parseDefinition(body);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(BadRequestException);
  expect((thrown as Error).message).toBe('Invalid OpenAPI input.');
}

describe('parseDefinition', () => {
  it('reads JSON and YAML, Swagger 2.0 and OpenAPI 3.0.x', () => {
    expect(parseDefinition('{"swagger": "2.0", "paths": {}}').version).toBe('swagger2');
    expect(parseDefinition(Buffer.from('openapi: 3.0.1\npaths: {}\n')).version).toBe('oas30');
    expect(parseDefinition('openapi: "3.0"\n').version).toBe('oas30');
    expect(parseDefinition('\uFEFF{"openapi": "3.0.3"}').version).toBe('oas30');
  });

  it('reads YAML numeric keys as the strings JSON would have', () => {
    const { doc } = parseDefinition('openapi: 3.0.1\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n');
    expect(Object.keys((doc.paths as any)['/a'].get.responses)).toEqual(['200']);
  });

  it.each([
    ['an empty body', ''],
    ['broken JSON and YAML', '{"openapi": "3.0.1", "paths": {'],
    ['broken YAML', 'openapi: 3.0.1\npaths:\n  - a\n b: ['],
    ['a scalar document', '"just a string"'],
    ['an array', '[1, 2]'],
    ['no version field', '{"info": {"title": "x"}, "paths": {}}'],
    ['OpenAPI 3.1 (refused by AWS)', '{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}}'],
    ['Swagger 1.2', '{"swagger": "1.2", "paths": {}}'],
  ])('refuses %s with "Invalid OpenAPI input."', (_what, body) => invalid(body));
});

describe('references', () => {
  it('follows local $ref chains and stops on cycles', () => {
    const doc = { a: { $ref: '#/b' }, b: { $ref: '#/c~1d' }, 'c/d': { ok: true }, x: { $ref: '#/y' }, y: { $ref: '#/x' } };
    expect(deref(doc, { $ref: '#/a' })).toEqual({ ok: true });
    expect(deref(doc, { $ref: '#/x' })).toHaveProperty('$ref'); // a cycle ends unresolved, not in a hang
    expect(deref(doc, { $ref: 'other.yaml#/a' })).toBeUndefined();
  });

  it('names models by their definitions / components.schemas reference', () => {
    expect(modelNameOf({ $ref: '#/definitions/Pet' })).toBe('Pet');
    expect(modelNameOf({ $ref: '#/components/schemas/Pet' })).toBe('Pet');
    expect(modelNameOf({ type: 'object' })).toBeUndefined();
  });
});

describe('documentBasePath', () => {
  it.each([
    [{ basePath: '/v1/' }, 'swagger2', '/v1'],
    [{ basePath: '/' }, 'swagger2', ''],
    [{ servers: [{ url: 'https://example.com/base-url/part' }] }, 'oas30', '/base-url/part'],
    [{ servers: [{ url: 'https://example.com' }] }, 'oas30', ''],
    [{ servers: [{ url: '/{basePath}', variables: { basePath: { default: '/v2' } } }] }, 'oas30', '/v2'],
    [{ servers: [{ url: 'https://{host}/{basePath}', variables: { host: { default: 'a.b' }, basePath: { default: 'base-var' } } }] }, 'oas30', '/base-var'],
  ] as const)('%j (%s) → %s', (doc, version, expected) => {
    expect(documentBasePath(doc as Record<string, unknown>, version)).toBe(expected);
  });
});
