/**
 * Access log formats: compiled once into literal and `$context` parts, and
 * rendered as AWS renders them. Facts:
 * - the four formats the API Gateway console offers (CLF, JSON, XML, CSV) are
 *   the Developer Guide's ("Set up CloudWatch logging for REST APIs");
 * - values with nothing to show, unknown variables and whole objects render
 *   `-`, numbers as text, `"` and `\` escaped: recorded REST API access log
 *   lines in DataBiosphere/azul#4348 (`"routeKey": "-"`, `"authorizer_property": "-"`,
 *   `"requestTimeEpoch": "1720635321799"`, an escaped user agent);
 * - `$context.error.messageString` is the message in double quotes
 *   ("Variables for access logging").
 */
import { compileAccessLogFormat, show, type AccessRecord } from '../../../lib/dataplane/logging/access-log';
import { logGroupOf } from '../../../lib/dataplane/logging/stage-logging';
import { GatewayError } from '../../../lib/dataplane/gateway-responses';
import { route } from '../../../lib/dataplane/steps/route';
import type { InvocationContext } from '../../../lib/dataplane/context';
import { context, snapshot } from './helpers';

const CLF =
  '$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId $context.extendedRequestId';
const JSON_FORMAT =
  '{ "requestId":"$context.requestId", "extendedRequestId":"$context.extendedRequestId","ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }';
const XML =
  '<request id="$context.requestId"> <extendedRequestId>$context.extendedRequestId</extendedRequestId> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>';
const CSV =
  '$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId,$context.extendedRequestId';

const PETS = snapshot({
  '/pets/{id}': { GET: { integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } } } },
  '/items': { GET: { integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://127.0.0.1:1/items' } } },
  '/fn': { POST: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations' } } },
});

async function routed(spec: Parameters<typeof context>[1]): Promise<InvocationContext> {
  const ctx = context(PETS, spec);
  await route(ctx);
  return ctx;
}

function record(inv: InvocationContext, extra: Partial<AccessRecord> = {}): AccessRecord {
  return { inv, status: 200, responseLength: 42, sentAt: inv.startedAt + 7, ...extra };
}

describe('access log formats: the console examples', () => {
  it('CLF', async () => {
    const inv = await routed({ path: '/pets/7' });
    expect(compileAccessLogFormat(CLF).render(record(inv))).toBe(
      '203.0.113.7 - - [21/Nov/2026:20:06:39 +0000]"GET /pets/{id} HTTP/1.1" 200 42 req-id-1 extIdAAAAAAAAAAA',
    );
  });

  it('JSON (and the line parses as JSON)', async () => {
    const inv = await routed({ path: '/pets/7' });
    const line = compileAccessLogFormat(JSON_FORMAT).render(record(inv, { status: 201, responseLength: 0 }));
    expect(JSON.parse(line)).toEqual({
      requestId: 'req-id-1',
      extendedRequestId: 'extIdAAAAAAAAAAA',
      ip: '203.0.113.7',
      caller: '-',
      user: '-',
      requestTime: '21/Nov/2026:20:06:39 +0000',
      httpMethod: 'GET',
      resourcePath: '/pets/{id}',
      status: '201',
      protocol: 'HTTP/1.1',
      responseLength: '0',
    });
  });

  it('XML', async () => {
    const inv = await routed({ path: '/pets/7' });
    expect(compileAccessLogFormat(XML).render(record(inv))).toBe(
      '<request id="req-id-1"> <extendedRequestId>extIdAAAAAAAAAAA</extendedRequestId> <ip>203.0.113.7</ip> <caller>-</caller> <user>-</user> ' +
        '<requestTime>21/Nov/2026:20:06:39 +0000</requestTime> <httpMethod>GET</httpMethod> <resourcePath>/pets/{id}</resourcePath> ' +
        '<status>200</status> <protocol>HTTP/1.1</protocol> <responseLength>42</responseLength> </request>',
    );
  });

  it('CSV', async () => {
    const inv = await routed({ path: '/pets/7' });
    expect(compileAccessLogFormat(CSV).render(record(inv))).toBe(
      '203.0.113.7,-,-,21/Nov/2026:20:06:39 +0000,GET,/pets/{id},HTTP/1.1,200,42,req-id-1,extIdAAAAAAAAAAA',
    );
  });
});

describe('access log formats: compiling', () => {
  it('splits the format into literal text and variables once', () => {
    const f = compileAccessLogFormat(CSV);
    expect(f.variables).toEqual([
      'identity.sourceIp', 'identity.caller', 'identity.user', 'requestTime', 'httpMethod', 'resourcePath', 'protocol', 'status',
      'responseLength', 'requestId', 'extendedRequestId',
    ]);
  });

  it('ends a variable at a character that cannot be in a name; a trailing dot is text', async () => {
    const inv = await routed({ path: '/pets/7' });
    expect(compileAccessLogFormat('[$context.status.] $context.httpMethod-$context.stage/$context. $status').render(record(inv))).toBe(
      '[200.] GET-dev/$context. $status',
    );
  });

  it('drops one trailing newline of the format (AWS allows a newline only there)', async () => {
    const inv = await routed({ path: '/pets/7' });
    expect(compileAccessLogFormat('$context.requestId\n').render(record(inv))).toBe('req-id-1');
  });
});

describe('access log formats: values', () => {
  it('renders "-" for no value, unknown variables and whole objects', async () => {
    const inv = await routed({ path: '/pets/7' });
    const f = compileAccessLogFormat(
      '$context.routeKey|$context.dataProcessed|$context.authorizer.principalId|$context.authorizer.claims|$context.authorizer.property|$context.identity|$context.error.message|$context.identity.userAgent',
    );
    expect(f.render(record(inv))).toBe('-|-|-|-|-|-|-|-');
  });

  it('escapes double quotes and backslashes in values', async () => {
    const inv = await routed({ path: '/pets/7', headers: { 'User-Agent': 'say "hi" \\o/' } });
    const line = compileAccessLogFormat('{"ua":"$context.identity.userAgent"}').render(record(inv));
    expect(line).toBe('{"ua":"say \\"hi\\" \\\\o/"}');
    expect(JSON.parse(line).ua).toBe('say "hi" \\o/');
    expect(show(true)).toBe('true');
    expect(show(12)).toBe('12');
    expect(show('')).toBe('-');
  });

  it('request facts: path with the stage, epoch milliseconds, stage, ids, API and account', async () => {
    const inv = await routed({ path: '/pets/7', query: 'a=1' });
    const f = compileAccessLogFormat('$context.path $context.requestTimeEpoch $context.stage $context.apiId $context.accountId $context.resourceId $context.deploymentId $context.domainName');
    expect(f.render(record(inv))).toBe(`/dev/pets/7 ${Date.UTC(2026, 10, 21, 20, 6, 39)} dev api0000000 123456789012 res001 dep001 localhost`);
  });

  it('a gateway error: error.message, error.messageString (quoted, so escaped), error.responseType', async () => {
    const inv = context(PETS, { path: '/nowhere' });
    const err = new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token');
    const f = compileAccessLogFormat('$context.status $context.error.responseType "$context.error.message" $context.error.messageString $context.resourcePath');
    expect(f.render(record(inv, { failure: err, status: 403 }))).toBe(
      '403 MISSING_AUTHENTICATION_TOKEN "Missing Authentication Token" \\"Missing Authentication Token\\" -',
    );
  });

  it('latencies and integration facts of an HTTP integration', async () => {
    const inv = await routed({ path: '/items' });
    inv.integrationStartedAt = inv.startedAt + 2;
    inv.integrationEndedAt = inv.startedAt + 5;
    inv.integrationResponse = { statusCode: 404, rawHeaders: [], body: Buffer.alloc(0) };
    const f = compileAccessLogFormat(
      '$context.responseLatency $context.integrationLatency $context.integration.latency $context.integrationStatus $context.integration.integrationStatus $context.integration.status $context.integration.error $context.integrationErrorMessage $context.awsEndpointRequestId',
    );
    expect(f.render(record(inv, { sentAt: inv.startedAt + 9 }))).toBe('9 3 3 404 404 404 - - -');
  });

  it('a failed integration call: its error, no status', async () => {
    const inv = await routed({ path: '/items' });
    inv.integrationStartedAt = inv.startedAt;
    inv.integrationEndedAt = inv.startedAt + 1;
    inv.failedStep = 'integration';
    const err = new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out');
    expect(compileAccessLogFormat('$context.integrationStatus|$context.integration.error|$context.integrationErrorMessage').render(record(inv, { failure: err, status: 504 }))).toBe(
      '-|Endpoint request timed out|Endpoint request timed out',
    );
  });

  it('a Lambda proxy integration: integrationStatus is the Invoke API status, integration.status the function’s', async () => {
    const inv = await routed({ method: 'POST', path: '/fn' });
    inv.integrationStartedAt = inv.startedAt;
    inv.integrationEndedAt = inv.startedAt + 4;
    inv.integrationResponse = { statusCode: 418, rawHeaders: ['x-amzn-RequestId', 'lambda-req-1'], body: Buffer.alloc(0), payloadFinal: true };
    expect(compileAccessLogFormat('$context.integrationStatus $context.integration.status $context.integrationLatency $context.integration.requestId').render(record(inv))).toBe(
      '200 418 4 lambda-req-1',
    );
  });

  it('a MOCK integration has no integration latency or status', async () => {
    const inv = await routed({ path: '/pets/7' });
    inv.integrationStartedAt = inv.startedAt;
    inv.integrationEndedAt = inv.startedAt + 1;
    inv.integrationResponse = { statusCode: 200, rawHeaders: [], body: Buffer.alloc(0) };
    expect(compileAccessLogFormat('$context.integrationLatency $context.integrationStatus').render(record(inv))).toBe('- -');
  });

  it('authorizer values: principalId, context keys (stringified), claims, integrationLatency', async () => {
    const inv = await routed({ path: '/pets/7' });
    inv.authorizer = { kind: 'lambda', principalId: 'user-1', context: { tier: 'gold', n: 3 }, integrationLatency: 12 };
    expect(compileAccessLogFormat('$context.authorizer.principalId $context.authorizer.tier $context.authorizer.n $context.authorizer.integrationLatency $context.authorizer.other').render(record(inv))).toBe(
      'user-1 gold 3 12 -',
    );
    const cognito = await routed({ path: '/pets/7' });
    cognito.authorizer = { kind: 'cognito', claims: { sub: 'abc', email: 'a@b.c' }, integrationLatency: 0 };
    expect(compileAccessLogFormat('$context.authorizer.claims.sub $context.authorizer.claims.email $context.authorizer.claims').render(record(cognito))).toBe('abc a@b.c -');
  });

  it('overrides a mapping template set (header names with dashes)', async () => {
    const inv = await routed({ path: '/pets/7' });
    const vars = inv.contextVars() as { responseOverride: { header: Record<string, string>; status?: number } };
    vars.responseOverride.header['X-Trace-Me'] = 'yes';
    vars.responseOverride.status = 299;
    expect(compileAccessLogFormat('$context.responseOverride.header.X-Trace-Me $context.responseOverride.status').render(record(inv))).toBe('yes 299');
  });
});

describe('access log destinations', () => {
  it('a CloudWatch Logs log group ARN names the group (a trailing :* allowed)', () => {
    expect(logGroupOf('arn:aws:logs:us-east-1:123456789012:log-group:my-api-access')).toEqual({ group: 'my-api-access' });
    expect(logGroupOf('arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/x:*')).toEqual({ group: '/aws/apigateway/x' });
  });

  it('a Firehose delivery stream is written like a log group of its name, and said so', () => {
    const r = logGroupOf('arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-logs');
    expect(r.group).toBe('amazon-apigateway-logs');
    expect(r.note).toMatch(/Firehose delivery stream amazon-apigateway-logs is not emulated/);
  });

  it('anything else is no destination', () => {
    const r = logGroupOf('arn:aws:s3:::bucket');
    expect(r.group).toBeUndefined();
    expect(r.note).toMatch(/not a CloudWatch Logs log group ARN/);
  });
});
