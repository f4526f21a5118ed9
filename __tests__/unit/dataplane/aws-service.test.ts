/**
 * AWS service integrations (type AWS, services other than Lambda): the URI
 * and endpoint parsing, and — against a fake service endpoint on 127.0.0.1 —
 * the exact request apigw-local sends (method, path, query, headers,
 * X-Amz-Target, Content-Type, body) with a SigV4 signature checked by
 * re-signing the received request, and how the service's answer goes through
 * the integration responses.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { SignatureV4 } from '@smithy/signature-v4';
import { createApp, type App } from '../../../lib/app';
import { Sha256 } from '../../../lib/dataplane/auth/sigv4-verify';
import { endpointVariable, resolveServiceEndpoint } from '../../../lib/dataplane/aws-service/endpoint';
import { credentialsFromEnv } from '../../../lib/dataplane/aws-service/signer';
import { parseServiceUri } from '../../../lib/dataplane/aws-service/uri';
import { createLogger } from '../../../lib/log';
import { deployApi, invokePath, startBackend, type Backend } from '../../helpers/dataplane';

const INTERNAL = { message: 'Internal server error' };
const ARN = 'arn:aws:apigateway:us-east-1';

describe('integration URIs', () => {
  test('action URIs: the action and its parameters (values as written, placeholders parsed)', () => {
    expect(parseServiceUri(`${ARN}:sqs:action/SendMessage&QueueUrl=http%3A%2F%2Fq&MessageBody={body}`)).toEqual({
      head: { region: 'us-east-1', service: 'sqs' },
      rawHead: 'us-east-1:sqs',
      kind: 'action',
      action: 'SendMessage',
      params: [
        { name: 'QueueUrl', value: [{ kind: 'text', text: 'http%3A%2F%2Fq' }] },
        { name: 'MessageBody', value: [{ kind: 'param', name: 'body' }] },
      ],
      path: [],
    });
  });

  test('path URIs, {subdomain}.{service}, stage variables in the head', () => {
    expect(parseServiceUri(`${ARN}:s3:path/my-bucket/{key+}`)).toMatchObject({
      head: { region: 'us-east-1', service: 's3' },
      kind: 'path',
      path: [{ kind: 'text', text: 'my-bucket/' }, { kind: 'param', name: 'key' }],
    });
    expect(parseServiceUri(`${ARN}:my.bucket.s3:path/k`)).toMatchObject({ head: { service: 's3', subdomain: 'my.bucket' } });
    const dynamic = parseServiceUri('arn:aws:apigateway:${stageVariables.region}:sqs:path/${stageVariables.account}/q');
    expect(dynamic).toMatchObject({ head: undefined, rawHead: '${stageVariables.region}:sqs' });
  });

  test('what is not a service URI says why', () => {
    expect(parseServiceUri('arn:aws:apigateway:us-east-1:sqs:queue/x')).toMatch(/is not an arn:aws:apigateway:\{region\}:\{service\}:\(action\|path\)/);
    expect(parseServiceUri(`${ARN}:sqs:action/`)).toMatch(/"" is not an action name/);
    expect(parseServiceUri('arn:aws:apigateway:US_EAST:sqs:path/x')).toMatch(/"US_EAST" is not a region/);
  });
});

describe('endpoints, as the AWS SDKs resolve them', () => {
  const head = (service: string, region = 'us-east-1', subdomain?: string) => ({ region, service, subdomain });

  test('AWS_ENDPOINT_URL_<SERVICE> (the SDK service id) wins over AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_SQS: 'http://localhost:9324/' };
    expect(resolveServiceEndpoint(head('sqs'), env)).toEqual({
      endpoint: { protocol: 'http:', hostname: 'localhost', port: 9324 },
      basePath: '',
      name: 'http://localhost:9324 (AWS_ENDPOINT_URL_SQS)',
      isAws: false,
    });
    expect(resolveServiceEndpoint(head('dynamodb'), env)).toMatchObject({ endpoint: { port: 4566 }, name: 'http://127.0.0.1:4566 (AWS_ENDPOINT_URL)' });
  });

  test('service ids: states is SFN, events EVENTBRIDGE, logs CLOUDWATCH_LOGS, an unknown service its name', () => {
    expect(endpointVariable('states')).toBe('AWS_ENDPOINT_URL_SFN');
    expect(endpointVariable('events')).toBe('AWS_ENDPOINT_URL_EVENTBRIDGE');
    expect(endpointVariable('logs')).toBe('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS');
    expect(endpointVariable('cognito-idp')).toBe('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER');
    expect(endpointVariable('s3')).toBe('AWS_ENDPOINT_URL_S3');
    expect(endpointVariable('new-svc')).toBe('AWS_ENDPOINT_URL_NEW_SVC');
  });

  test('a base path is kept; {bucket}.s3 becomes path-style on a configured endpoint', () => {
    expect(resolveServiceEndpoint(head('sqs'), { AWS_ENDPOINT_URL: 'http://h:1/prefix/' })).toMatchObject({ basePath: '/prefix' });
    expect(resolveServiceEndpoint(head('s3', 'us-east-1', 'photos'), { AWS_ENDPOINT_URL_S3: 'http://h:1' })).toMatchObject({ basePath: '/photos' });
  });

  test('without a variable: the public endpoint API Gateway calls', () => {
    expect(resolveServiceEndpoint(head('sqs', 'eu-west-1'), {})).toEqual({
      endpoint: { protocol: 'https:', hostname: 'sqs.eu-west-1.amazonaws.com', port: 443 },
      basePath: '',
      name: 'https://sqs.eu-west-1.amazonaws.com (no AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL set)',
      isAws: true,
    });
    expect(resolveServiceEndpoint(head('s3', 'us-west-2', 'photos'), {})).toMatchObject({ endpoint: { hostname: 'photos.s3.us-west-2.amazonaws.com' } });
    expect(resolveServiceEndpoint(head('iam'), {})).toMatchObject({ endpoint: { hostname: 'iam.amazonaws.com' } });
    expect(resolveServiceEndpoint(head('sqs', 'cn-north-1'), {})).toMatchObject({ endpoint: { hostname: 'sqs.cn-north-1.amazonaws.com.cn' } });
  });

  test('a variable that is not an http(s) URL is refused with its name', () => {
    expect(resolveServiceEndpoint(head('sqs'), { AWS_ENDPOINT_URL_SQS: 'localhost:9324' })).toBe(
      'AWS_ENDPOINT_URL_SQS="localhost:9324" is not an http:// or https:// endpoint URL',
    );
  });

  test('credentials: the environment, else test/test', () => {
    expect(credentialsFromEnv({})).toEqual({ accessKeyId: 'test', secretAccessKey: 'test' });
    expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK', AWS_SESSION_TOKEN: 'T' })).toEqual({
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      sessionToken: 'T',
    });
  });
});

type Received = Backend['received'][number];

/** A supertest parser keeping the body's bytes. */
const rawBody = (res: request.Response, cb: (err: Error | null, body: Buffer) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** Checks the request's SigV4 signature by signing what was received again; returns the credential scope. */
async function verifySignature(r: Received, secret = 'SECRETKEY'): Promise<{ accessKey: string; region: string; service: string; signedHeaders: string[] }> {
  const auth = String(r.headers.authorization);
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) throw new Error(`not a SigV4 Authorization header: ${auth}`);
  const [, accessKey, , region, service, signedList] = m;
  const signedHeaders = signedList.split(';');
  const headers: Record<string, string> = {};
  for (let i = 0; i < r.rawHeaders.length; i += 2) {
    const lc = r.rawHeaders[i].toLowerCase();
    if (signedHeaders.includes(lc)) headers[lc] = r.rawHeaders[i + 1];
  }
  const q = r.url.indexOf('?');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(q === -1 ? '' : r.url.slice(q + 1))) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(String(r.headers['x-amz-date']))!;
  const signer = new SignatureV4({
    service,
    region,
    credentials: { accessKeyId: accessKey, secretAccessKey: secret, sessionToken: r.headers['x-amz-security-token'] as string | undefined },
    sha256: Sha256,
    uriEscapePath: service !== 's3',
    applyChecksum: false,
  });
  const again = await signer.sign(
    { method: r.method, protocol: 'http:', hostname: '127.0.0.1', path: q === -1 ? r.url : r.url.slice(0, q), query, headers, body: r.body },
    { signingDate: new Date(Date.UTC(+d[1], +d[2] - 1, +d[3], +d[4], +d[5], +d[6])) },
  );
  expect(again.headers.authorization).toBe(auth);
  return { accessKey, region, service, signedHeaders };
}

describe('requests to a service endpoint', () => {
  let backend: Backend;
  let app: App;
  let http: ReturnType<typeof request>;
  const logs: string[] = [];
  const saved: Record<string, string | undefined> = {};
  /** What the fake service answers next: status, headers, body. */
  let answer: { status: number; headers: Record<string, string>; body: Buffer | string } = { status: 200, headers: {}, body: '' };

  const ENV = { AWS_ENDPOINT_URL: '', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'SECRETKEY', AWS_SESSION_TOKEN: undefined as string | undefined };
  const setEnv = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (!(k in saved)) saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };

  beforeAll(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
    setEnv({
      ...ENV,
      AWS_ENDPOINT_URL: backend.url,
      AWS_ENDPOINT_URL_SQS: undefined,
      AWS_ENDPOINT_URL_SFN: undefined,
      AWS_ENDPOINT_URL_DYNAMODB: undefined,
      AWS_ENDPOINT_URL_S3: undefined,
      AWS_ENDPOINT_URL_KINESIS: undefined,
      AWS_ENDPOINT_URL_EVENTBRIDGE: undefined,
    });
    app = createApp({ db: ':memory:' }, { log: createLogger('debug', (l) => logs.push(l)) });
    http = request(app);
  });
  beforeEach(() => {
    backend.received.length = 0;
    logs.length = 0;
    answer = { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' };
  });
  afterAll(async () => {
    app.close();
    await backend.close();
    setEnv(saved);
  });

  test('SQS SendMessage, action URI: Action and QueueUrl in the query, the form body from the request template', async () => {
    const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';
    const d = await deployApi(http, {
      resources: {
        '/orders': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: `${ARN}:sqs:action/SendMessage&QueueUrl=${encodeURIComponent(queueUrl)}`,
              credentials: 'arn:aws:iam::123456789012:role/apigw-sqs',
              requestTemplates: { 'application/json': "MessageBody=$util.urlEncode($input.body)&MessageAttribute.1.Name=src&MessageAttribute.1.Value.StringValue=api&MessageAttribute.1.Value.DataType=String" },
            },
            integrationResponses: { '200': { responseTemplates: { 'application/json': '{"queued": true}' } } },
          },
        },
      },
    });
    answer = { status: 200, headers: { 'Content-Type': 'text/xml' }, body: '<SendMessageResponse/>' };
    const res = await http.post(invokePath(d, '/orders')).set('Content-Type', 'application/json').send('{"id": 1, "note": "a&b"}');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ queued: true });

    const r = backend.received[0];
    expect(r.method).toBe('POST');
    expect(r.url).toBe(`/?Action=SendMessage&QueueUrl=${encodeURIComponent(queueUrl)}`);
    expect(r.body.toString()).toBe(
      'MessageBody=%7B%22id%22%3A+1%2C+%22note%22%3A+%22a%26b%22%7D&MessageAttribute.1.Name=src&MessageAttribute.1.Value.StringValue=api&MessageAttribute.1.Value.DataType=String',
    );
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(r.headers.accept).toBe('application/json');
    expect(r.headers['user-agent']).toBe(`AmazonAPIGateway_${d.apiId}`);
    expect(r.headers['x-amz-target']).toBeUndefined();
    expect(r.headers['content-length']).toBe(String(r.body.length));
    expect(await verifySignature(r)).toMatchObject({ accessKey: 'AKIDTEST', region: 'us-east-1', service: 'sqs' });
    // The role is not assumed: said once, with the endpoint.
    expect(logs.filter((l) => l.includes('credentials arn:aws:iam::123456789012:role/apigw-sqs are not assumed'))).toHaveLength(1);
    expect(logs.some((l) => l.includes(`calls http://127.0.0.1:${backend.port} (AWS_ENDPOINT_URL)`))).toBe(true);
  });

  test('SQS SendMessage, path URI (the Developer Guide tutorial): POST /{account}/{queue} with the mapped form Content-Type', async () => {
    const d = await deployApi(http, {
      resources: {
        '/q': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: `${ARN}:sqs:path/123456789012/my-queue`,
              requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
              requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$input.body' },
              passthroughBehavior: 'NEVER',
            },
            integrationResponses: { '200': {} },
          },
        },
      },
    });
    answer = { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"SendMessageResponse":{"SendMessageResult":{"MessageId":"m-1"}}}' };
    const res = await http.post(invokePath(d, '/q')).set('Content-Type', 'application/json').send('hello');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ SendMessageResponse: { SendMessageResult: { MessageId: 'm-1' } } });
    const r = backend.received[0];
    expect([r.method, r.url, r.headers['content-type'], r.body.toString()]).toEqual([
      'POST',
      '/123456789012/my-queue',
      'application/x-www-form-urlencoded',
      'Action=SendMessage&MessageBody=hello',
    ]);
    await verifySignature(r);
  });

  test('DynamoDB PutItem and Query: JSON body, X-Amz-Target and application/x-amz-json-1.0, errors selected by status', async () => {
    const put = `{"TableName": "pets", "Item": {"id": {"S": "$input.params('id')"}, "name": {"S": $input.json('$.name')}}}`;
    const query = `{"TableName": "pets", "KeyConditionExpression": "id = :id", "ExpressionAttributeValues": {":id": {"S": "$input.params('id')"}}}`;
    const d = await deployApi(http, {
      resources: {
        '/pets/{id}': {
          PUT: {
            integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:dynamodb:action/PutItem`, requestTemplates: { 'application/json': put } },
            integrationResponses: { '200': {}, '400': { selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': `{"error": "$input.path('$.__type')"}` } } },
          },
          GET: {
            integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:dynamodb:action/Query`, requestTemplates: { 'application/json': query } },
            integrationResponses: {
              '200': { responseTemplates: { 'application/json': `#set($i = $input.path('$.Items[0]')){"id": "$i.id.S", "name": "$i.name.S", "count": $input.path('$.Count')}` } },
            },
          },
        },
      },
    });
    answer = { status: 200, headers: { 'Content-Type': 'application/x-amz-json-1.0' }, body: '{}' };
    const res = await http.put(invokePath(d, '/pets/p1')).send({ name: 'Rex' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    let r = backend.received[0];
    expect([r.method, r.url]).toEqual(['POST', '/?Action=PutItem']);
    expect(r.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
    expect(r.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(r.body.toString())).toEqual({ TableName: 'pets', Item: { id: { S: 'p1' }, name: { S: 'Rex' } } });
    expect(await verifySignature(r)).toMatchObject({ service: 'dynamodb' });
    expect((await verifySignature(r)).signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target', 'content-type']));

    answer = { status: 200, headers: { 'Content-Type': 'application/x-amz-json-1.0' }, body: '{"Count":1,"Items":[{"id":{"S":"p1"},"name":{"S":"Rex"}}],"ScannedCount":1}' };
    const got = await http.get(invokePath(d, '/pets/p1'));
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ id: 'p1', name: 'Rex', count: 1 });
    r = backend.received[1];
    expect([r.url, r.headers['x-amz-target']]).toEqual(['/?Action=Query', 'DynamoDB_20120810.Query']);
    expect(JSON.parse(r.body.toString())).toMatchObject({ KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'p1' } } });

    answer = { status: 400, headers: { 'Content-Type': 'application/x-amz-json-1.0' }, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}' };
    const missing = await http.put(invokePath(d, '/pets/p2')).send({ name: 'Tom' });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException' });
  });

  test('S3 PUT and GET object (path URI, ANY method): binary bytes both ways, keys encoded once, x-amz-content-sha256', async () => {
    const d = await deployApi(http, {
      binaryMediaTypes: ['image/png'],
      resources: {
        '/files/{key+}': {
          ANY: {
            requestParameters: { 'method.request.path.key': true, 'method.request.header.Content-Type': false },
            integration: {
              type: 'AWS',
              httpMethod: 'ANY',
              uri: `${ARN}:s3:path/photo-bucket/{key}`,
              requestParameters: {
                'integration.request.path.key': 'method.request.path.key',
                'integration.request.header.Content-Type': 'method.request.header.Content-Type',
              },
            },
            integrationResponses: { '200': { responseParameters: { 'method.response.header.ETag': 'integration.response.header.ETag' } } },
            methodResponses: { '200': { responseParameters: { 'method.response.header.ETag': false } } },
          },
        },
      },
    });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80]);
    answer = { status: 200, headers: { ETag: '"abc"' }, body: '' };
    const put = await http.put(invokePath(d, "/files/dir/my photo (1).png")).set('Content-Type', 'image/png').send(png);
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe('"abc"');
    let r = backend.received[0];
    expect([r.method, r.url]).toEqual(['PUT', '/photo-bucket/dir/my%20photo%20%281%29.png']);
    expect(r.body.equals(png)).toBe(true);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(png).digest('hex'));
    expect(await verifySignature(r)).toMatchObject({ service: 's3' });

    answer = { status: 200, headers: { 'Content-Type': 'image/png', ETag: '"abc"' }, body: png };
    const get = await http.get(invokePath(d, '/files/dir/my photo (1).png')).set('Accept', 'image/png').buffer(true).parse(rawBody);
    expect(get.status).toBe(200);
    expect((get.body as Buffer).equals(png)).toBe(true);
    r = backend.received[1];
    expect([r.method, r.url, r.body.length]).toEqual(['GET', '/photo-bucket/dir/my%20photo%20%281%29.png', 0]);
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.headers['x-amz-content-sha256']).toBe(createHash('sha256').update('').digest('hex'));
    await verifySignature(r);

    // S3's own error answer passes through the default integration response, as on AWS (recorded: 200 with the XML).
    answer = { status: 404, headers: { 'Content-Type': 'application/xml' }, body: '<Error><Code>NoSuchKey</Code></Error>' };
    const missing = await http.get(invokePath(d, '/files/nope.txt')).buffer(true).parse(rawBody);
    expect(missing.status).toBe(200);
    expect((missing.body as Buffer).toString()).toBe('<Error><Code>NoSuchKey</Code></Error>');
  });

  test('Kinesis PutRecord: X-Amz-Target Kinesis_20131202.PutRecord, application/x-amz-json-1.1', async () => {
    const template = `{"StreamName": "events", "Data": "$util.base64Encode($input.body)", "PartitionKey": "$context.requestId"}`;
    const d = await deployApi(http, {
      resources: {
        '/records': {
          POST: {
            integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:kinesis:action/PutRecord`, requestTemplates: { 'application/json': template } },
            integrationResponses: { '200': {} },
          },
        },
      },
    });
    answer = { status: 200, headers: { 'Content-Type': 'application/x-amz-json-1.1' }, body: '{"SequenceNumber":"1","ShardId":"shardId-000000000000"}' };
    const res = await http.post(invokePath(d, '/records')).send({ kinesis: 'snapshot' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ SequenceNumber: '1', ShardId: 'shardId-000000000000' });
    const r = backend.received[0];
    expect([r.url, r.headers['x-amz-target'], r.headers['content-type']]).toEqual([
      '/?Action=PutRecord',
      'Kinesis_20131202.PutRecord',
      'application/x-amz-json-1.1',
    ]);
    const sent = JSON.parse(r.body.toString());
    expect(Buffer.from(sent.Data, 'base64').toString()).toBe('{"kinesis":"snapshot"}');
    expect(sent.PartitionKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(await verifySignature(r)).toMatchObject({ service: 'kinesis' });
  });

  test('EventBridge: no X-Amz-Target unless the API sets it (AWS needs it mapped), and a warning once; a template override sets it', async () => {
    const body = '{"Entries": [{"Source": "shop", "DetailType": "order", "Detail": "{}"}]}';
    const d = await deployApi(http, {
      resources: {
        '/bare': {
          POST: {
            integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:events:action/PutEvents`, requestTemplates: { 'application/json': body } },
            integrationResponses: { '200': {} },
          },
        },
        '/mapped': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: `${ARN}:events:action/PutEvents`,
              requestTemplates: { 'application/json': `#set($context.requestOverride.header.X-Amz-Target = "AWSEvents.PutEvents")${body}` },
            },
            integrationResponses: { '200': {} },
          },
        },
      },
    });
    await http.post(invokePath(d, '/bare')).send({});
    await http.post(invokePath(d, '/bare')).send({});
    expect(backend.received[0].headers['x-amz-target']).toBeUndefined();
    expect(backend.received[0].headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(logs.filter((l) => l.includes("map integration.request.header.X-Amz-Target = 'AWSEvents.PutEvents'"))).toHaveLength(1);

    await http.post(invokePath(d, '/mapped')).send({});
    const r = backend.received[2];
    expect([r.headers['x-amz-target'], r.headers['content-type'], r.body.toString()]).toEqual(['AWSEvents.PutEvents', 'application/x-amz-json-1.1', body]);
    expect(await verifySignature(r)).toMatchObject({ service: 'events' });
  });

  test('mapped Content-Type, X-Amz-Target and Accept win over the defaults; query parameters follow the action', async () => {
    const d = await deployApi(http, {
      resources: {
        '/custom': {
          GET: {
            requestParameters: { 'method.request.querystring.limit': false },
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: `${ARN}:dynamodb:action/Scan&ReturnConsumedCapacity=TOTAL`,
              requestParameters: {
                'integration.request.header.Content-Type': "'application/json'",
                'integration.request.header.X-Amz-Target': "'DynamoDB_20120810.Scan'",
                'integration.request.header.Accept': "'application/xml'",
                'integration.request.querystring.Limit': 'method.request.querystring.limit',
              },
              requestTemplates: { 'application/json': '{"TableName": "t"}' },
            },
            integrationResponses: { '200': {} },
          },
        },
      },
    });
    await http.get(invokePath(d, '/custom?limit=5 items'));
    const r = backend.received[0];
    expect(r.url).toBe('/?Action=Scan&ReturnConsumedCapacity=TOTAL&Limit=5%20items');
    expect([r.headers['content-type'], r.headers['x-amz-target'], r.headers.accept]).toEqual(['application/json', 'DynamoDB_20120810.Scan', 'application/xml']);
    await verifySignature(r);
  });

  test('AWS_ENDPOINT_URL_SFN wins over AWS_ENDPOINT_URL for states; session tokens are sent and signed', async () => {
    setEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_SFN: backend.url, AWS_SESSION_TOKEN: 'SESSIONTOKEN' });
    try {
      const d = await deployApi(http, {
        resources: {
          '/run': {
            POST: {
              integration: {
                type: 'AWS',
                httpMethod: 'POST',
                uri: 'arn:aws:apigateway:eu-central-1:states:action/StartExecution',
                requestTemplates: { 'application/json': `{"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "arn:aws:states:eu-central-1:123456789012:stateMachine:m"}` },
              },
              integrationResponses: { '200': {} },
            },
          },
        },
      });
      answer = { status: 200, headers: { 'Content-Type': 'application/x-amz-json-1.0' }, body: '{"executionArn":"arn:x","startDate":1.7E9}' };
      const res = await http.post(invokePath(d, '/run')).send({ a: 1 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ executionArn: 'arn:x', startDate: 1.7e9 });
      const r = backend.received[0];
      expect([r.headers['x-amz-target'], r.headers['content-type'], r.headers['x-amz-security-token']]).toEqual([
        'AWSStepFunctions.StartExecution',
        'application/x-amz-json-1.0',
        'SESSIONTOKEN',
      ]);
      const sig = await verifySignature(r);
      expect(sig).toMatchObject({ region: 'eu-central-1', service: 'states' });
      expect(sig.signedHeaders).toContain('x-amz-security-token');
    } finally {
      setEnv({ AWS_ENDPOINT_URL: backend.url, AWS_ENDPOINT_URL_SFN: undefined, AWS_SESSION_TOKEN: undefined });
    }
  });

  test('stage variables in the region and the path', async () => {
    const d = await deployApi(http, {
      variables: { region: 'ap-southeast-2', account: '111122223333' },
      resources: {
        '/sv': {
          POST: {
            integration: {
              type: 'AWS',
              httpMethod: 'POST',
              uri: 'arn:aws:apigateway:${stageVariables.region}:sqs:path/${stageVariables.account}/q',
              requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
              requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=x' },
            },
            integrationResponses: { '200': {} },
          },
        },
      },
    });
    expect((await http.post(invokePath(d, '/sv')).send({})).status).toBe(200);
    const r = backend.received[0];
    expect(r.url).toBe('/111122223333/q');
    expect(await verifySignature(r)).toMatchObject({ region: 'ap-southeast-2', service: 'sqs' });
  });

  test('an unreachable endpoint: 500 and a log line naming it; no answer in timeoutInMillis: 504', async () => {
    setEnv({ AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:1' });
    try {
      const d = await deployApi(http, {
        resources: {
          '/down': { POST: { integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:sqs:action/ListQueues` }, integrationResponses: { '200': {} } } },
        },
      });
      const res = await http.post(invokePath(d, '/down')).send({});
      expect([res.status, res.body]).toEqual([500, INTERNAL]);
      expect(logs.some((l) => l.includes('Execution failed due to configuration error') && l.includes('sqs at http://127.0.0.1:1 (AWS_ENDPOINT_URL_SQS)'))).toBe(true);
    } finally {
      setEnv({ AWS_ENDPOINT_URL_SQS: undefined });
    }

    const silent = await startBackend(() => undefined); // never answers
    setEnv({ AWS_ENDPOINT_URL_KINESIS: silent.url });
    try {
      const d = await deployApi(http, {
        resources: {
          '/slow': {
            POST: { integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:kinesis:action/ListStreams`, timeoutInMillis: 50 }, integrationResponses: { '200': {} } },
          },
        },
      });
      const res = await http.post(invokePath(d, '/slow')).send({});
      expect([res.status, res.body]).toEqual([504, { message: 'Endpoint request timed out' }]);
    } finally {
      setEnv({ AWS_ENDPOINT_URL_KINESIS: undefined });
      await silent.close();
    }
  });

  test('what cannot be served answers 500 and says why: S3 action URIs, a bad endpoint variable', async () => {
    setEnv({ AWS_ENDPOINT_URL_SNS: 'not a url' });
    try {
      const d = await deployApi(http, {
        resources: {
          '/s3': { GET: { integration: { type: 'AWS', httpMethod: 'GET', uri: `${ARN}:s3:action/GetObject&Bucket=b&Key=k` }, integrationResponses: { '200': {} } } },
          '/sns': { POST: { integration: { type: 'AWS', httpMethod: 'POST', uri: `${ARN}:sns:action/Publish` }, integrationResponses: { '200': {} } } },
        },
      });
      expect((await http.get(invokePath(d, '/s3'))).body).toEqual(INTERNAL);
      expect((await http.post(invokePath(d, '/sns')).send({})).status).toBe(500);
      expect(logs.some((l) => l.includes('apigw-local does not support S3 action URIs (…:s3:action/GetObject): use a path URI (…:s3:path/{bucket}/{key})'))).toBe(true);
      expect(logs.some((l) => l.includes('AWS_ENDPOINT_URL_SNS="not a url" is not an http:// or https:// endpoint URL'))).toBe(true);
      expect(backend.received).toHaveLength(0);
    } finally {
      setEnv({ AWS_ENDPOINT_URL_SNS: undefined });
    }
  });
});
