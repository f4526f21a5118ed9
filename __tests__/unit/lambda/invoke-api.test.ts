/**
 * The built-in runtime's Lambda Invoke API on the emulator's own port, driven
 * by `@aws-sdk/client-lambda` over HTTP as any Lambda client would (API
 * Reference, Invoke: `POST /2015-03-31/functions/{FunctionName}/invocations`,
 * Qualifier, X-Amz-Invocation-Type, X-Amz-Log-Type; X-Amz-Function-Error,
 * X-Amz-Executed-Version, X-Amz-Log-Result; errors as x-amzn-ErrorType with
 * {"Type", "message"}).
 */
import type * as http from 'node:http';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { createApp, type App } from '../../../lib/app';
import { FIXTURES, closeServer, listen, recordingLogger } from './endpoints';

let app: App;
let server: http.Server;
let url: string;
let client: LambdaClient;

beforeAll(async () => {
  app = createApp({ db: ':memory:', functions: FIXTURES }, { log: recordingLogger([]) });
  ({ server, url } = await listen(app));
  client = new LambdaClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await closeServer(server);
  app.close();
});

const payloadOf = (p: Uint8Array | undefined): unknown => JSON.parse(Buffer.from(p ?? []).toString('utf8'));

test('RequestResponse: 200, the result, the executed version', async () => {
  const out = await client.send(new InvokeCommand({ FunctionName: 'calc', Payload: Buffer.from('{"op":"add","a":1,"b":2}') }));
  expect(out.StatusCode).toBe(200);
  expect(out.ExecutedVersion).toBe('$LATEST');
  expect(out.FunctionError).toBeUndefined();
  expect(payloadOf(out.Payload)).toMatchObject({ result: 3 });
  expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
});

test('a function error: 200 with X-Amz-Function-Error and the error payload', async () => {
  const out = await client.send(new InvokeCommand({ FunctionName: 'calc', Payload: Buffer.from('{"op":"div","a":1,"b":0}') }));
  expect(out.StatusCode).toBe(200);
  expect(out.FunctionError).toBe('Unhandled');
  expect(payloadOf(out.Payload)).toMatchObject({ errorType: 'Error', errorMessage: 'Internal: division by zero' });
});

test('Event: 202; DryRun: 204', async () => {
  const event = await client.send(new InvokeCommand({ FunctionName: 'hello', InvocationType: 'Event' }));
  expect(event.StatusCode).toBe(202);
  const dry = await client.send(new InvokeCommand({ FunctionName: 'hello', InvocationType: 'DryRun' }));
  expect(dry.StatusCode).toBe(204);
});

test('LogType Tail: the last log lines, base64', async () => {
  const out = await client.send(new InvokeCommand({ FunctionName: 'respond', LogType: 'Tail', Payload: Buffer.from(JSON.stringify({ body: '{"statusCode":200}' })) }));
  expect(Buffer.from(out.LogResult!, 'base64').toString('utf8')).toContain('INFO\trespond: answering with {"statusCode":200}');
});

test('a full ARN with a qualifier, URL-encoded in the path', async () => {
  const out = await client.send(new InvokeCommand({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:echo:live', Payload: Buffer.from('{}') }));
  const body = JSON.parse((payloadOf(out.Payload) as { body: string }).body);
  expect(body.context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:echo:live');
});

test('an unknown function: the SDK raises ResourceNotFoundException', async () => {
  await expect(client.send(new InvokeCommand({ FunctionName: 'missing' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  await expect(client.send(new InvokeCommand({ FunctionName: 'missing' }))).rejects.toThrow(
    'Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing',
  );
});

test('over HTTP: error answers carry x-amzn-ErrorType and {"Type","message"}; other operations are named as not served', async () => {
  const notFound = await fetch(`${url}/2015-03-31/functions/missing/invocations`, { method: 'POST', body: '{}' });
  expect(notFound.status).toBe(404);
  expect(notFound.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
  expect(await notFound.json()).toEqual({ Type: 'User', message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing' });

  const tooBig = await fetch(`${url}/2015-03-31/functions/hello/invocations`, { method: 'POST', body: Buffer.alloc(6 * 1024 * 1024 + 10, 0x20) });
  expect(tooBig.status).toBe(413);
  expect(tooBig.headers.get('x-amzn-errortype')).toBe('RequestEntityTooLargeException');

  const other = await fetch(`${url}/2015-03-31/functions/hello`);
  expect(other.status).toBe(404);
  expect(other.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  expect(((await other.json()) as { message: string }).message).toContain('serves only the Invoke operation');
});
