/**
 * The built-in runtime behind Lambda's Invoke semantics (API Reference,
 * Invoke: status codes 200/202/204, X-Amz-Function-Error, payload limits of
 * 6 MB synchronous and 1 MB asynchronous, the errors ResourceNotFound,
 * InvalidRequestContent, RequestEntityTooLarge, Validation), with handlers a
 * test writes into a temporary folder: CommonJS, ESM, callback style, folder
 * functions, per-function configuration, hot reload, logs, the Node.js
 * runtime's error payloads.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalRuntime, type RuntimeInvocation } from '../../../lib/lambda/runtime';
import { LambdaApiError } from '../../../lib/lambda/errors';
import { recordingLogger } from './endpoints';

let dir: string;
let rt: LocalRuntime;
const logs: string[] = [];

const write = (file: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};
const invoke = (functionName: string, event: unknown = {}, more: Partial<RuntimeInvocation> = {}) =>
  rt.invoke({ functionName, payload: Buffer.from(JSON.stringify(event)), ...more });
const json = (b: Buffer): unknown => JSON.parse(b.toString('utf8'));
const apiError = async (p: Promise<unknown>): Promise<LambdaApiError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof LambdaApiError) return e;
    throw e;
  }
  throw new Error('no LambdaApiError');
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-runtime-'));
  write('cjs.js', 'exports.handler = async (event, context) => ({ got: event, name: context.functionName });');
  write('esm.mjs', 'export const handler = async (event) => ({ esm: true, got: event });');
  write('cb.js', 'exports.handler = (event, context, callback) => setTimeout(() => callback(null, { callback: event.n }), 5);');
  write('cb-error.js', "exports.handler = (event, context, callback) => callback(new RangeError('out of range'));");
  write('folder/index.js', "const lib = require('./lib'); exports.handler = async () => ({ from: lib.name });");
  write('folder/lib.js', "exports.name = 'lib';");
  write('shared.js', "exports.list = async () => 'list'; exports.create = async () => 'create';");
  write('functions.json', JSON.stringify({ listItems: { handler: 'shared.list' }, createItem: { handler: 'shared.create' }, slow: { timeout: 1 } }));
  write('configured.js', 'exports.main = async () => ({ env: process.env.STAGE, mem: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE });');
  write('configured.json', JSON.stringify({ handler: 'configured.main', memorySize: 512, environment: { STAGE: 'test' } }));
  write('logger.js', "exports.handler = async () => { console.log('hello %s', 'log'); console.error('an error line'); process.stdout.write('raw out\\n'); return 1; };");
  write('counter.js', 'let n = 0; exports.handler = async () => ++n;');
  write('slow.js', 'exports.handler = (e) => new Promise((r) => setTimeout(() => r(e.ms), e.ms));');
  write('nohandler.js', 'exports.other = async () => 1;');
  write('syntax.js', 'exports.handler = async () => {;');
  write('reload.js', "exports.handler = async () => 'v1';");
  write('bad-config.js', 'exports.handler = async () => 1;');
  write('bad-config.json', JSON.stringify({ timeout: 0 }));
  rt = new LocalRuntime({ dir, region: 'us-east-1', accountId: '123456789012', log: recordingLogger(logs) });
});
afterAll(async () => {
  await rt.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('handlers', () => {
  test('CommonJS, async', async () => {
    const r = await invoke('cjs', { a: 1 });
    expect(r).toMatchObject({ statusCode: 200, executedVersion: '$LATEST' });
    expect(r.functionError).toBeUndefined();
    expect(json(r.payload)).toEqual({ got: { a: 1 }, name: 'cjs' });
  });

  test('ES module', async () => {
    expect(json((await invoke('esm', { b: 2 })).payload)).toEqual({ esm: true, got: { b: 2 } });
  });

  test('callback style, and its errors', async () => {
    expect(json((await invoke('cb', { n: 7 })).payload)).toEqual({ callback: 7 });
    const r = await invoke('cb-error');
    expect(r.functionError).toBe('Unhandled');
    expect(json(r.payload)).toMatchObject({ errorType: 'RangeError', errorMessage: 'out of range' });
  });

  test('a folder function (index.js) requires its own modules', async () => {
    expect(json((await invoke('folder')).payload)).toEqual({ from: 'lib' });
  });

  test('handlers named in functions.json and NAME.json; memory and environment', async () => {
    expect(json((await invoke('listItems')).payload)).toBe('list');
    expect(json((await invoke('createItem')).payload)).toBe('create');
    expect(json((await invoke('configured')).payload)).toEqual({ env: 'test', mem: '512' });
  });

  test('module state survives warm invocations', async () => {
    const a = json((await invoke('counter')).payload) as number;
    const b = json((await invoke('counter')).payload) as number;
    expect(b).toBe(a + 1);
  });

  test('a handler that is not exported, a syntax error: the Node.js runtime errors', async () => {
    expect(json((await invoke('nohandler')).payload)).toEqual({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'nohandler.handler is undefined or not exported', trace: [] });
    expect(json((await invoke('syntax')).payload)).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError' });
  });

  test('a changed handler is picked up on the next invocation', async () => {
    expect(json((await invoke('reload')).payload)).toBe('v1');
    write('reload.js', "exports.handler = async () => 'version two';");
    const future = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, 'reload.js'), future, future);
    expect(json((await invoke('reload')).payload)).toBe('version two');
  });

  test('a changed module in a folder function is picked up too', async () => {
    expect(json((await invoke('folder')).payload)).toEqual({ from: 'lib' });
    write('folder/lib.js', "exports.name = 'lib, changed';");
    const future = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, 'folder/lib.js'), future, future);
    expect(json((await invoke('folder')).payload)).toEqual({ from: 'lib, changed' });
  });

  test('a handler outside the functions folder is refused', async () => {
    write('escape.json', JSON.stringify({ handler: 'sub/../../outside.handler' }));
    const e = await apiError(invoke('escape'));
    expect([e.status, e.type]).toEqual([500, 'ServiceException']);
    expect(e.message).toContain('points outside');
  });

  test('a new function is found without a restart', async () => {
    await expect(invoke('late')).rejects.toThrow('Function not found');
    write('late.js', "exports.handler = async () => 'here';");
    expect(json((await invoke('late')).payload)).toBe('here');
  });

  test('console output goes to the log with the function name and request id; LogType Tail returns it', async () => {
    const r = await invoke('logger', {}, { logType: 'Tail' });
    expect(logs.some((l) => l.includes(`lambda logger ${r.requestId} INFO hello log`))).toBe(true);
    expect(logs.some((l) => l.includes(`lambda logger ${r.requestId} ERROR an error line`))).toBe(true);
    // Raw stdout arrives through the worker's stream, not with the result: wait for it.
    for (let i = 0; i < 100 && !logs.some((l) => l.includes('raw out')); i++) await new Promise((res) => setTimeout(res, 10));
    expect(logs.some((l) => l.includes('lambda logger') && l.includes('INFO raw out'))).toBe(true);
    const tail = Buffer.from(r.logResult!, 'base64').toString('utf8');
    expect(tail).toContain(`${r.requestId}\tINFO\thello log`);
    expect(tail).toContain(`START RequestId: ${r.requestId}`);
  });

  test('the function timeout: Sandbox.Timedout, and the next invocation gets a fresh environment', async () => {
    const r = await invoke('slow', { ms: 5000 });
    expect(r.functionError).toBe('Unhandled');
    expect(json(r.payload)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds` });
    expect(json((await invoke('slow', { ms: 1 })).payload)).toBe(1);
  });
});

describe('the Invoke semantics', () => {
  test('Event: 202 at once, the function runs in the background', async () => {
    const file = path.join(dir, 'event-out.txt');
    write('writer.js', `exports.handler = async (e) => { require('fs').writeFileSync(${JSON.stringify(file)}, e.text); };`);
    const r = await invoke('writer', { text: 'written' }, { invocationType: 'Event' });
    expect(r.statusCode).toBe(202);
    expect(r.payload.length).toBe(0);
    for (let i = 0; i < 200 && !fs.existsSync(file); i++) await new Promise((res) => setTimeout(res, 25));
    expect(fs.readFileSync(file, 'utf8')).toBe('written');
  });

  test('DryRun: 204, nothing runs', async () => {
    expect(await invoke('cjs', {}, { invocationType: 'DryRun' })).toMatchObject({ statusCode: 204 });
  });

  test('an empty payload is the event {}', async () => {
    expect(json((await rt.invoke({ functionName: 'cjs', payload: Buffer.alloc(0) })).payload)).toEqual({ got: {}, name: 'cjs' });
  });

  test('FunctionName forms and qualifiers; the invoked ARN keeps the qualifier', async () => {
    write('arn.js', 'exports.handler = async (e, c) => c.invokedFunctionArn;');
    expect(json((await invoke('arn')).payload)).toBe('arn:aws:lambda:us-east-1:123456789012:function:arn');
    expect(json((await invoke('arn:live')).payload)).toBe('arn:aws:lambda:us-east-1:123456789012:function:arn:live');
    expect(json((await invoke('arn', {}, { qualifier: '3' })).payload)).toBe('arn:aws:lambda:us-east-1:123456789012:function:arn:3');
    expect(json((await invoke('arn:aws:lambda:eu-west-1:111111111111:function:arn:prod')).payload)).toBe(
      'arn:aws:lambda:eu-west-1:111111111111:function:arn:prod',
    );
    const e = await apiError(invoke('arn:live', {}, { qualifier: 'other' }));
    expect([e.status, e.type, e.message]).toEqual([400, 'InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.']);
  });

  test('errors: unknown function 404, bad name 400, not JSON 400, too large 413, bad invocation type 400, bad configuration 500', async () => {
    const notFound = await apiError(invoke('nope'));
    expect([notFound.status, notFound.type, notFound.message]).toEqual([404, 'ResourceNotFoundException', 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope']);
    expect(JSON.parse(notFound.body().toString())).toEqual({ Type: 'User', message: notFound.message });

    const badName = await apiError(invoke('../cjs'));
    expect([badName.status, badName.type]).toEqual([400, 'ValidationException']);
    expect(badName.message).toMatch(/^1 validation error detected: Value '\.\.\/cjs' at 'functionName' failed to satisfy constraint/);

    const notJson = await apiError(rt.invoke({ functionName: 'cjs', payload: Buffer.from('hello') }));
    expect([notJson.status, notJson.type]).toEqual([400, 'InvalidRequestContentException']);
    expect(notJson.message).toMatch(/^Could not parse request body into json/);

    const big = await apiError(rt.invoke({ functionName: 'cjs', payload: Buffer.alloc(6 * 1024 * 1024 + 1, 0x20) }));
    expect([big.status, big.type, big.message]).toEqual([413, 'RequestEntityTooLargeException', 'Request must be smaller than 6291456 bytes for the InvokeFunction operation']);
    const bigAsync = await apiError(rt.invoke({ functionName: 'cjs', payload: Buffer.alloc(1024 * 1024 + 1, 0x20), invocationType: 'Event' }));
    expect([bigAsync.status, bigAsync.message]).toEqual([413, 'Request must be smaller than 1048576 bytes for the InvokeFunction operation']);

    const badType = await apiError(invoke('cjs', {}, { invocationType: 'Later' }));
    expect([badType.status, badType.type]).toEqual([400, 'ValidationException']);

    const badConfig = await apiError(invoke('bad-config'));
    expect([badConfig.status, badConfig.type]).toEqual([500, 'ServiceException']);
    expect(badConfig.message).toContain('timeout must be an integer from 1 to 900');
  });

  test('concurrent invocations run in parallel environments, at most the concurrency limit', async () => {
    const limited = new LocalRuntime({ dir, region: 'us-east-1', accountId: '123456789012', log: recordingLogger([]), maxConcurrency: 2 });
    try {
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => limited.invoke({ functionName: 'slow', payload: Buffer.from(JSON.stringify({ ms: 20 + i })) })));
      expect(results.map((r) => json(r.payload))).toEqual([20, 21, 22, 23, 24]);
      expect(limited.workers).toBeLessThanOrEqual(2);
    } finally {
      await limited.close();
    }
    expect(limited.workers).toBe(0);
  });

  test('no functions folder: every function is unknown', async () => {
    const none = new LocalRuntime({ region: 'us-east-1', accountId: '123456789012', log: recordingLogger([]) });
    expect((await apiError(none.invoke({ functionName: 'cjs', payload: Buffer.alloc(0) }))).type).toBe('ResourceNotFoundException');
    await none.close();
  });
});
