/**
 * Guard tests for the operation table, the router and the error catalogue:
 * they fail when the pinned `@aws-sdk/client-api-gateway` and what we commit
 * or implement drift apart.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as sdk from '@aws-sdk/client-api-gateway';
import { OPERATIONS, OperationRouter, SDK_VERSION, type OperationSpec } from '../../lib/control/operation-table';
import { HANDLERS, supportedOperations, unsupportedOperations } from '../../lib/control/operations';
import { AWS_EXCEPTIONS } from '../../lib/aws/errors';

const root = path.join(__dirname, '..', '..');

/** A concrete request path for an operation's URI template (label values are samples). */
function samplePath(spec: OperationSpec): string {
  return spec.path.replace(/\{([^}]+)\}/g, (_m, label: string) => `sample-${label}`);
}

describe('the operation table', () => {
  it('equals what scripts/gen-operations.js derives from the pinned SDK', () => {
    const regenerated = execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-operations.js'), '--stdout'], {
      cwd: root,
      encoding: 'utf8',
    });
    const committed = fs.readFileSync(path.join(root, 'lib', 'control', 'operations.generated.json'), 'utf8');
    // On failure: run `node scripts/gen-operations.js` and commit lib/control/operations.generated.json.
    expect(regenerated).toBe(committed);
  });

  it('is built from the SDK version pinned in package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['@aws-sdk/client-api-gateway']).toBe(SDK_VERSION);
  });

  it('has the 124 apigateway operations, once each', () => {
    expect(OPERATIONS).toHaveLength(124);
    expect(new Set(OPERATIONS.map((o) => o.name)).size).toBe(124);
    // Every command the SDK exports is in the table.
    const commands = Object.keys(sdk)
      .filter((k) => /^[A-Z]\w*Command$/.test(k))
      .map((k) => k.slice(0, -'Command'.length))
      .sort();
    expect(OPERATIONS.map((o) => o.name).sort()).toEqual(commands);
  });
});

describe('the router', () => {
  const router = new OperationRouter();

  it.each(OPERATIONS.map((o) => [o.name, o] as const))('routes a sample request to %s', (_name, spec) => {
    const query = new URLSearchParams(spec.fixedQuery);
    const match = router.match(spec.method, samplePath(spec), query);
    expect(match?.spec.name).toBe(spec.name);
    for (const label of spec.path.match(/\{([^}]+)\}/g) ?? []) {
      const name = label.slice(1, -1);
      expect(match?.labels[name]).toBe(`sample-${name}`);
    }
  });

  it.each([
    ['/restapis', 'ImportRestApi', 'CreateRestApi'],
    ['/apikeys', 'ImportApiKeys', 'CreateApiKey'],
  ])('tells POST %s?mode=import (%s) from its twin (%s)', (p, importOp, twin) => {
    expect(router.match('POST', p, new URLSearchParams('mode=import'))?.spec.name).toBe(importOp);
    expect(router.match('POST', p, new URLSearchParams('mode=import&format=csv'))?.spec.name).toBe(importOp);
    expect(router.match('POST', p, new URLSearchParams())?.spec.name).toBe(twin);
    expect(router.match('POST', p, new URLSearchParams('mode=other'))?.spec.name).toBe(twin);
  });

  it('decodes labels (an ARN sent with %2F and %3A) and tolerates a trailing slash', () => {
    const arn = 'arn:aws:apigateway:us-east-1::/restapis/abc/stages/dev';
    expect(router.match('GET', `/tags/${encodeURIComponent(arn)}`, new URLSearchParams())?.labels).toEqual({ resourceArn: arn });
    expect(router.match('GET', '/restapis/abc/', new URLSearchParams())?.spec.name).toBe('GetRestApi');
  });

  it('matches nothing for an unknown path or method', () => {
    expect(router.match('GET', '/nothing/here', new URLSearchParams())).toBeNull();
    expect(router.match('TRACE', '/restapis', new URLSearchParams())).toBeNull();
    expect(router.match('GET', '/restapis//resources', new URLSearchParams())).toBeNull();
  });
});

describe('handlers', () => {
  it('every operation has a handler or is listed as unsupported, never both', () => {
    const supported = supportedOperations();
    const unsupported = unsupportedOperations();
    expect([...supported, ...unsupported].sort()).toEqual(OPERATIONS.map((o) => o.name).sort());
    expect(supported.filter((n) => unsupported.includes(n))).toEqual([]);
    for (const name of supported) expect(HANDLERS.has(name)).toBe(true);
    for (const name of unsupported) expect(HANDLERS.has(name)).toBe(false);
  });
});

describe('the error catalogue', () => {
  type SdkErrorSchema = [number, string, string, { error: string; httpError: number }, string[], unknown[]];
  const sdkExports = sdk as unknown as Record<string, unknown>;
  const sdkExceptions = Object.keys(sdk)
    .filter((k) => {
      const v = sdkExports[k];
      return typeof v === 'function' && v !== sdk.APIGatewayServiceException && v.prototype instanceof sdk.APIGatewayServiceException;
    })
    .sort();

  it('AWS_EXCEPTIONS names exactly the exceptions the SDK exports', () => {
    expect(sdkExceptions.length).toBeGreaterThan(0);
    expect(Object.keys(AWS_EXCEPTIONS).sort()).toEqual(sdkExceptions);
  });

  it.each(Object.entries(AWS_EXCEPTIONS))('%s has the SDK-declared status and Retry-After header', (name, Cls) => {
    const schema = sdkExports[`${name}$`] as SdkErrorSchema;
    const e = new Cls('m');
    expect(e.type).toBe(name);
    expect(e.status).toBe(schema[3].httpError);
    expect('retry-after' in e.headers).toBe(schema[4].includes('retryAfterSeconds'));
  });
});
