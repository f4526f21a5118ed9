/**
 * AWS service integrations end to end, without AWS: moto (`python3 -m
 * moto.server`, on an ephemeral 127.0.0.1 port) plays SQS, DynamoDB, S3,
 * Kinesis, Step Functions and EventBridge; the built apigw-local runs with
 * `AWS_ENDPOINT_URL` pointing at it; the resources are made and checked with
 * the real `aws` CLI against moto, the APIs deployed on apigw-local, and the
 * stages called as a client would. The integrations are set up as the
 * Developer Guide tutorials and the recorded AWS tests (LocalStack's
 * test_apigateway_sqs/_dynamodb/_s3/_kinesis/_eventbridge) set them up.
 * Skipped, saying why, when moto (`python3 -c "import moto"`) or the aws CLI
 * is not installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { deployApi, type ApiDef, type Deployed } from '../helpers/dataplane';
import { startRealServer, stopAll, type RealServer } from '../helpers/server';

const HAS_MOTO = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' }).status === 0;
const HAS_AWS = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
const SKIP_REASON = !HAS_MOTO
  ? ' (skipped: moto is not installed — python3 -c "import moto" fails; install it with pip to run these)'
  : !HAS_AWS
    ? ' (skipped: the aws CLI is not installed)'
    : '';
const ARN = 'arn:aws:apigateway:us-east-1';
const ACCOUNT = '123456789012'; // moto's default account

let moto: { proc: ChildProcess; url: string };
let server: RealServer;
let dir: string;

/** Starts moto on an ephemeral port and resolves with its URL (werkzeug prints `Running on http://…`). */
function startMoto(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`moto printed no address within 30 s: ${out}`));
    }, 30000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1] });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto exited (${code}) before it was ready: ${out}`));
    });
  });
}

/** The aws CLI against moto; parsed JSON output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function awsMoto(...args: string[]): any {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
  const r = spawnSync('aws', [...args, '--endpoint-url', moto.url, '--output', 'json'], { encoding: 'utf8', env, timeout: 60000 });
  if (r.status !== 0) throw new Error(`aws ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}

async function deploy(def: ApiDef): Promise<Deployed> {
  return deployApi(request(server.url), def);
}

const url = (d: Deployed, p: string): string => `${server.url}/restapis/${d.apiId}/${d.stageName}/_user_request_${p}`;

(SKIP_REASON ? describe.skip : describe)(`AWS service integrations against moto${SKIP_REASON}`, () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-aws-service-'));
    moto = await startMoto();
    // Every service this file uses goes to moto, whatever the caller's environment says.
    const endpoints = Object.fromEntries(['SQS', 'DYNAMODB', 'S3', 'KINESIS', 'SFN', 'EVENTBRIDGE'].map((s) => [`AWS_ENDPOINT_URL_${s}`, moto.url]));
    server = await startRealServer({ env: { AWS_ENDPOINT_URL: moto.url, ...endpoints, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } });
  }, 60000);

  afterAll(async () => {
    await stopAll();
    if (moto) {
      const exited = new Promise((resolve) => moto.proc.once('exit', resolve));
      moto.proc.kill('SIGTERM');
      await exited;
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('SQS SendMessage: the action URI with a form body from a template, and the tutorial path URI; the messages arrive', async () => {
    const queueUrl: string = awsMoto('sqs', 'create-queue', '--queue-name', 'orders').QueueUrl;
    const d = await deploy({
      resources: {
        '/orders': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: `${ARN}:sqs:action/SendMessage&QueueUrl=${encodeURIComponent(queueUrl)}`,
              credentials: `arn:aws:iam::${ACCOUNT}:role/apigw-sqs`,
              // The Action is in the URL (from the URI) and again in the body: SQS reads both, moto only the body's.
              requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
            },
            integrationResponses: { '200': {} },
          },
        },
        '/tutorial': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: `${ARN}:sqs:path/${ACCOUNT}/orders`,
              requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
              requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$input.body' },
              passthroughBehavior: 'NEVER',
            },
            integrationResponses: { '200': { responseTemplates: { 'application/json': '{"message": "great success!"}' } } },
          },
        },
      },
    });
    const sent = await fetch(url(d, '/orders'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"order": 1, "note": "a & b"}' });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toMatch(/<SendMessageResponse[^>]*><SendMessageResult>.*<MessageId>[0-9a-f-]{36}<\/MessageId>/);
    const tutorial = await fetch(url(d, '/tutorial'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'plain-text' });
    expect([tutorial.status, await tutorial.json()]).toEqual([200, { message: 'great success!' }]); // recorded AWS answer

    const got = awsMoto('sqs', 'receive-message', '--queue-url', queueUrl, '--max-number-of-messages', '10');
    expect(got.Messages.map((m: { Body: string }) => m.Body).sort()).toEqual(['plain-text', '{"order": 1, "note": "a & b"}']);
  });

  test('DynamoDB PutItem and Query (action URIs, JSON templates); a missing table is the service 400, selected by status', async () => {
    awsMoto(
      'dynamodb', 'create-table', '--table-name', 'pets', '--billing-mode', 'PAY_PER_REQUEST',
      '--attribute-definitions', 'AttributeName=id,AttributeType=S', '--key-schema', 'AttributeName=id,KeyType=HASH',
    );
    const put = `{"TableName": "pets", "Item": {"id": {"S": "$input.params('id')"}, "name": {"S": $input.json('$.name')}}}`;
    const query = (table: string) =>
      `{"TableName": "${table}", "KeyConditionExpression": "id = :id", "ExpressionAttributeValues": {":id": {"S": "$input.params('id')"}}}`;
    const list = `#set($items = $input.path('$.Items'))[#foreach($i in $items){"id": "$i.id.S", "name": "$i.name.S"}#if($foreach.hasNext),#end#end]`;
    const errors = { '400': { selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': `{"error": "$input.path('$.__type')"}` } } };
    const d = await deploy({
      resources: {
        '/pets/{id}': {
          PUT: {
            integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:dynamodb:action/PutItem`, requestTemplates: { 'application/json': put } },
            integrationResponses: { '200': {}, ...errors },
          },
          GET: {
            integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:dynamodb:action/Query`, requestTemplates: { 'application/json': query('pets') } },
            integrationResponses: { '200': { responseTemplates: { 'application/json': list } }, ...errors },
          },
        },
        '/gone/{id}': {
          GET: {
            integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:dynamodb:action/Query`, requestTemplates: { 'application/json': query('no-such-table') } },
            integrationResponses: { '200': {}, ...errors },
          },
        },
      },
    });
    const res = await fetch(url(d, '/pets/p 1'), { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"name": "Rex"}' });
    expect([res.status, await res.json()]).toEqual([200, {}]); // recorded AWS answer: PutItem's {}
    expect(awsMoto('dynamodb', 'get-item', '--table-name', 'pets', '--key', '{"id": {"S": "p 1"}}').Item).toEqual({ id: { S: 'p 1' }, name: { S: 'Rex' } });

    const q = await fetch(url(d, '/pets/p 1'));
    expect([q.status, await q.json()]).toEqual([200, [{ id: 'p 1', name: 'Rex' }]]);
    const missing = await fetch(url(d, '/gone/x'));
    expect([missing.status, await missing.json()]).toEqual([400, { error: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException' }]);
  });

  test('S3 PUT, GET and DELETE object through one ANY method (path URI made with the aws CLI): binary bytes kept', async () => {
    awsMoto('s3api', 'create-bucket', '--bucket', 'photos-e2e');
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
    const apigw = (...args: string[]) => {
      const r = spawnSync('aws', ['apigateway', ...args, '--endpoint-url', server.url, '--output', 'json'], { encoding: 'utf8', env, timeout: 60000 });
      if (r.status !== 0) throw new Error(`aws apigateway ${args.join(' ')} failed: ${r.stderr}`);
      return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
    };
    const created = apigw('create-rest-api', '--name', 's3-proxy', '--binary-media-types', 'image/png');
    const d: Deployed = { apiId: created.id, deploymentId: '', stageName: 'dev', resourceIds: {} };
    const cli = (...args: string[]) => apigw(...args, '--rest-api-id', d.apiId);
    const root = created.rootResourceId;
    const rid = cli('create-resource', '--parent-id', root, '--path-part', '{key+}').id;
    const m = ['--resource-id', rid, '--http-method', 'ANY'];
    cli('put-method', ...m, '--authorization-type', 'NONE', '--request-parameters', 'method.request.path.key=true,method.request.header.Content-Type=false');
    cli('put-method-response', ...m, '--status-code', '200', '--response-parameters', 'method.response.header.ETag=false');
    cli(
      'put-integration', ...m, '--type', 'AWS', '--integration-http-method', 'ANY',
      '--uri', `${ARN}:s3:path/photos-e2e/{key}`, '--credentials', `arn:aws:iam::${ACCOUNT}:role/apigw-s3`,
      '--request-parameters', '{"integration.request.path.key": "method.request.path.key", "integration.request.header.Content-Type": "method.request.header.Content-Type"}',
    );
    cli('put-integration-response', ...m, '--status-code', '200', '--response-parameters', '{"method.response.header.ETag": "integration.response.header.ETag"}');
    cli('create-deployment', '--stage-name', 'dev');

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80, 0x7f]);
    const put = await fetch(url(d, '/dir/my photo.png'), { method: 'PUT', headers: { 'Content-Type': 'image/png' }, body: png });
    expect(put.status).toBe(200);
    const etag = put.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const file = path.join(dir, 'photo.png');
    expect(awsMoto('s3api', 'get-object', '--bucket', 'photos-e2e', '--key', 'dir/my photo.png', file).ContentType).toBe('image/png');
    expect(fs.readFileSync(file).equals(png)).toBe(true);

    const get = await fetch(url(d, '/dir/my photo.png'), { headers: { Accept: 'image/png' } });
    expect([get.status, get.headers.get('etag')]).toEqual([200, etag]);
    expect(Buffer.from(await get.arrayBuffer()).equals(png)).toBe(true);

    expect((await fetch(url(d, '/dir/my photo.png'), { method: 'DELETE' })).status).toBe(200);
    // S3's 404 goes through the default integration response: 200 with S3's XML error (recorded AWS answer).
    const after = await fetch(url(d, '/dir/my photo.png'));
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('<Code>NoSuchKey</Code>');
  });

  test('Kinesis PutRecord (the recorded AWS setup: an action URI and a template, nothing else); the record is in the stream', async () => {
    awsMoto('kinesis', 'create-stream', '--stream-name', 'clicks', '--shard-count', '1');
    const shardId = awsMoto('kinesis', 'describe-stream', '--stream-name', 'clicks').StreamDescription.Shards[0].ShardId;
    const iterator = awsMoto('kinesis', 'get-shard-iterator', '--stream-name', 'clicks', '--shard-id', shardId, '--shard-iterator-type', 'TRIM_HORIZON').ShardIterator;
    const d = await deploy({
      resources: {
        '/clicks': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: `${ARN}:kinesis:action/PutRecord`,
              requestTemplates: { 'application/json': '{"StreamName": "clicks", "Data": "$util.base64Encode($input.body)", "PartitionKey": "test"}' },
            },
            integrationResponses: { '200': { responseTemplates: { 'application/json': "$input.json('$')" } } },
          },
        },
      },
    });
    const res = await fetch(url(d, '/clicks'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"kinesis": "snapshot"}' });
    expect(res.status).toBe(200);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['SequenceNumber', 'ShardId']); // recorded AWS answer's fields
    const records = awsMoto('kinesis', 'get-records', '--shard-iterator', iterator).Records;
    expect(records.map((r: { Data: string; PartitionKey: string }) => [Buffer.from(r.Data, 'base64').toString(), r.PartitionKey])).toEqual([
      ['{"kinesis": "snapshot"}', 'test'],
    ]);
  });

  test('Step Functions StartExecution and EventBridge PutEvents (X-Amz-Target set by the template, as the recorded AWS test does)', async () => {
    const definition = '{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}';
    const machine = awsMoto('stepfunctions', 'create-state-machine', '--name', 'flow', '--definition', definition, '--role-arn', `arn:aws:iam::${ACCOUNT}:role/sfn`).stateMachineArn;
    const d = await deploy({
      resources: {
        '/run': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: `${ARN}:states:action/StartExecution`,
              requestTemplates: { 'application/json': `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "${machine}"}` },
            },
            integrationResponses: { '200': { responseTemplates: { 'application/json': `{"executionArn": "$input.path('$.executionArn')"}` } } },
          },
        },
        '/event': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: `${ARN}:events:action/PutEvents`,
              passthroughBehavior: 'WHEN_NO_TEMPLATES',
              requestTemplates: {
                'application/json': [
                  '#set($context.requestOverride.header.X-Amz-Target = "AWSEvents.PutEvents")',
                  '#set($context.requestOverride.header.Content-Type = "application/x-amz-json-1.1")',
                  '{"Entries": [#foreach($e in $input.path(\'$.items\')){"Detail": "$util.escapeJavaScript($e.Detail)", "DetailType": "$e.DetailType", "Source": "$e.Source"}#if($foreach.hasNext),#end#end]}',
                ].join('\n'),
              },
            },
            integrationResponses: { '200': {} },
          },
        },
      },
    });
    const run = await fetch(url(d, '/run'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"order": 7}' });
    expect(run.status).toBe(200);
    const { executionArn } = (await run.json()) as { executionArn: string };
    expect(executionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:flow:/);
    expect(JSON.parse(awsMoto('stepfunctions', 'describe-execution', '--execution-arn', executionArn).input)).toEqual({ order: 7 });

    const items = [{ Detail: '{"data":"Order is created"}', DetailType: 'Test', Source: 'order' }];
    const ev = await fetch(url(d, '/event'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ items }) });
    expect(ev.status).toBe(200);
    expect(await ev.json()).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] }); // recorded AWS answer's shape
  });

  test('with no endpoint configured: the public AWS endpoint, unreachable here, answers 500 and the log names it', async () => {
    let reachable = true;
    try {
      await lookup('sqs.us-east-1.amazonaws.com');
    } catch {
      reachable = false;
    }
    if (reachable) return; // with a network this would call AWS itself; the unit tests cover the endpoint resolution
    const bare = await startRealServer({ env: { AWS_ENDPOINT_URL_SQS: '' } });
    const d = await deployApi(request(bare.url), {
      resources: { '/q': { POST: { integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:sqs:action/ListQueues` }, integrationResponses: { '200': {} } } } },
    });
    const res = await fetch(`${bare.url}/restapis/${d.apiId}/dev/_user_request_/q`, { method: 'POST' });
    expect([res.status, await res.json()]).toEqual([500, { message: 'Internal server error' }]);
    await bare.stop();
    expect(bare.stderr()).toMatch(/Execution failed due to configuration error: .* calling sqs at https:\/\/sqs\.us-east-1\.amazonaws\.com \(no AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL set\)/);
  });
});
