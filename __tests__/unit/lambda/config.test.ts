/**
 * Where Lambda integrations go: the AWS SDKs' convention (AWS_ENDPOINT_URL_LAMBDA,
 * then AWS_ENDPOINT_URL — "Service-specific endpoints" in the SDK reference),
 * then `--lambda-endpoint`, else the built-in runtime; `--functions` must name a folder.
 */
import * as path from 'node:path';
import { ConfigError, makeConfig } from '../../../lib/config';
import { createLambdaService } from '../../../lib/lambda';
import { FIXTURES, recordingLogger } from './endpoints';

describe('the Lambda endpoint', () => {
  test('AWS_ENDPOINT_URL_LAMBDA, then AWS_ENDPOINT_URL, then the flag, else none', () => {
    const flag = { lambdaEndpoint: 'http://flag:1' };
    expect(makeConfig(flag, { AWS_ENDPOINT_URL_LAMBDA: 'http://lambda:2', AWS_ENDPOINT_URL: 'http://all:3' }).lambdaEndpoint).toBe('http://lambda:2');
    expect(makeConfig(flag, { AWS_ENDPOINT_URL: 'http://all:3' }).lambdaEndpoint).toBe('http://all:3');
    expect(makeConfig(flag, {}).lambdaEndpoint).toBe('http://flag:1');
    expect(makeConfig({}, {}).lambdaEndpoint).toBe('');
    expect(makeConfig(flag, { AWS_ENDPOINT_URL_LAMBDA: '' }).lambdaEndpoint).toBe('http://flag:1');
  });

  test('not a URL: a configuration error naming where it came from', () => {
    expect(() => makeConfig({}, { AWS_ENDPOINT_URL: 'localhost:4566' })).toThrow(
      new ConfigError('Invalid Lambda endpoint from AWS_ENDPOINT_URL: "localhost:4566" (an http:// or https:// URL expected)'),
    );
    expect(() => makeConfig({ lambdaEndpoint: 'ftp://x' })).toThrow(/from --lambda-endpoint/);
  });

  test('the invoker names its endpoint for log lines', () => {
    const log = recordingLogger([]);
    const remote = createLambdaService(makeConfig({ lambdaEndpoint: 'http://127.0.0.1:3001' }), log);
    expect(remote.invoker.endpointName).toBe('http://127.0.0.1:3001');
    const builtIn = createLambdaService(makeConfig({ functions: FIXTURES }), log);
    expect(builtIn.invoker.endpointName).toBe(`the built-in runtime (--functions ${FIXTURES})`);
    void remote.close();
    void builtIn.close();
  });
});

describe('--functions', () => {
  test('a folder, resolved to an absolute path; APIGW_LOCAL_FUNCTIONS when the flag is absent', () => {
    expect(makeConfig({ functions: path.relative(process.cwd(), FIXTURES) }).functions).toBe(FIXTURES);
    expect(makeConfig({}, { APIGW_LOCAL_FUNCTIONS: FIXTURES }).functions).toBe(FIXTURES);
    expect(makeConfig({}).functions).toBe('');
  });

  test('anything else is a configuration error', () => {
    expect(() => makeConfig({ functions: path.join(FIXTURES, 'hello.js') })).toThrow(/Invalid functions folder: .* is not a directory/);
    expect(() => makeConfig({ functions: '/no/such/folder' })).toThrow(ConfigError);
  });
});
