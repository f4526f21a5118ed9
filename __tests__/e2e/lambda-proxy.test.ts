/**
 * AWS_PROXY integrations with Lambda, end to end, run twice — against the
 * built-in runtime and against a separate Lambda Invoke API endpoint (see
 * __tests__/unit/lambda/endpoints.ts) — through fixture handlers:
 * - the payload 1.0 event compared field by field with the documented one
 *   (Developer Guide, "Input format of a Lambda function for proxy
 *   integration") and the events recorded from AWS (LocalStack's
 *   test_apigateway_lambda.snapshot.json: field set, nulls, identity fields,
 *   mapped headers and query strings joining the event);
 * - the response contract matrix with AWS's answers (recorded in LocalStack's
 *   test_aws_proxy_response_payload_format_validation, which asserts each status).
 */
import request from 'supertest';
import { deployApi, invokePath, type Deployed } from '../helpers/dataplane';
import { ENDPOINTS, lambdaUri, type LambdaSetup } from '../unit/lambda/endpoints';

const PNG = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** A supertest parser that keeps any body as bytes. */
const asBuffer = (res: request.Response, cb: (err: Error | null, body: unknown) => void): void => {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe.each(ENDPOINTS)('AWS_PROXY through the %s', (_name, setup) => {
  let s: LambdaSetup;
  let d: Deployed;

  beforeAll(async () => {
    s = await setup();
    d = await deployApi(s.http, {
      binaryMediaTypes: ['image/png'],
      resources: {
        '/pets/{petId}': {
          POST: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('echo') } },
        },
        '/plain': { GET: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('echo') } } },
        '/files/{proxy+}': { ANY: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('echo') } } },
        '/mapped': {
          GET: {
            integration: {
              type: 'AWS_PROXY',
              httpMethod: 'POST',
              uri: lambdaUri('echo'),
              requestParameters: {
                'integration.request.header.foobar': "'mapped-value'",
                'integration.request.querystring.testVar': "'bar'",
              },
            },
          },
        },
        '/alias': { GET: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('echo', 'live') } } },
        '/by-stage-variable': {
          GET: {
            integration: {
              type: 'AWS_PROXY',
              httpMethod: 'POST',
              uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}/invocations',
            },
          },
        },
        '/respond': { POST: { integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('respond') } } },
        '/get-method': { GET: { integration: { type: 'AWS_PROXY', httpMethod: 'GET', uri: lambdaUri('echo') } } },
      },
      variables: { fn: 'echo', color: 'blue' },
    });
  });
  afterAll(() => s.close());

  const echo = async (req: request.Test): Promise<{ res: request.Response; event: Record<string, any>; context: Record<string, any>; env: Record<string, any> }> => {
    const res = await req;
    expect(res.status).toBe(200);
    const out = JSON.parse(res.text);
    return { res, event: out.event, context: out.context, env: out.env };
  };

  test('the event has the documented fields, filled from the request', async () => {
    const { res, event } = await echo(
      s.http
        .post(invokePath(d, '/pets/42?x=1&x=2&y=a%20b'))
        .set('tEsT-HEADeR', 'aValUE')
        .set('User-Agent', 'python-requests/testing')
        .set('Content-Type', 'application/json')
        .send('{"message":"hello world"}'),
    );
    expect(Object.keys(event).sort()).toEqual(
      [
        'body',
        'headers',
        'httpMethod',
        'isBase64Encoded',
        'multiValueHeaders',
        'multiValueQueryStringParameters',
        'path',
        'pathParameters',
        'queryStringParameters',
        'requestContext',
        'resource',
        'stageVariables',
      ].sort(),
    );
    expect(event.resource).toBe('/pets/{petId}');
    expect(event.path).toBe('/pets/42');
    expect(event.httpMethod).toBe('POST');
    expect(event.queryStringParameters).toEqual({ x: '2', y: 'a b' });
    expect(event.multiValueQueryStringParameters).toEqual({ x: ['1', '2'], y: ['a b'] });
    expect(event.pathParameters).toEqual({ petId: '42' });
    expect(event.stageVariables).toEqual({ fn: 'echo', color: 'blue' });
    expect(event.body).toBe('{"message":"hello world"}');
    expect(event.isBase64Encoded).toBe(false);

    // Headers keep the client's names (recorded: "tEsT-HEADeR"); no Content-Length or Connection (recorded events have none).
    expect(event.headers['tEsT-HEADeR']).toBe('aValUE');
    expect(event.headers['User-Agent']).toBe('python-requests/testing');
    expect(event.headers['Content-Type']).toBe('application/json');
    expect(event.headers.Host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(event.headers['X-Forwarded-For']).toBe('127.0.0.1');
    expect(event.headers['X-Forwarded-Proto']).toBe('http');
    expect(event.headers['X-Forwarded-Port']).toMatch(/^\d+$/);
    expect(event.headers['X-Amzn-Trace-Id']).toBe(res.headers['x-amzn-trace-id'].split(';')[0]);
    const names = Object.keys(event.headers).map((n) => n.toLowerCase());
    expect(names).not.toContain('content-length');
    expect(names).not.toContain('connection');
    for (const [name, value] of Object.entries(event.headers)) expect(event.multiValueHeaders[name]).toEqual([value]);

    const rc = event.requestContext;
    expect(Object.keys(rc).sort()).toEqual(
      [
        'accountId',
        'apiId',
        'deploymentId',
        'domainName',
        'domainPrefix',
        'extendedRequestId',
        'httpMethod',
        'identity',
        'path',
        'protocol',
        'requestId',
        'requestTime',
        'requestTimeEpoch',
        'resourceId',
        'resourcePath',
        'stage',
      ].sort(),
    );
    expect(rc).toMatchObject({
      accountId: '000000000000',
      apiId: d.apiId,
      deploymentId: d.deploymentId,
      domainName: '127.0.0.1',
      domainPrefix: '127',
      httpMethod: 'POST',
      path: '/dev/pets/42',
      protocol: 'HTTP/1.1',
      resourceId: d.resourceIds['/pets/{petId}'],
      resourcePath: '/pets/{petId}',
      stage: 'dev',
    });
    expect(rc.requestId).toBe(res.headers['x-amzn-requestid']);
    expect(rc.extendedRequestId).toBe(res.headers['x-amz-apigw-id']);
    expect(rc.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(typeof rc.requestTimeEpoch).toBe('number');
    expect(Math.abs(rc.requestTimeEpoch - Date.now())).toBeLessThan(60_000);
    // Recorded: the identity of an unauthenticated call, nulls where AWS sends nulls.
    expect(rc.identity).toEqual({
      accessKey: null,
      accountId: null,
      caller: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: '127.0.0.1',
      user: null,
      userAgent: 'python-requests/testing',
      userArn: null,
    });
  });

  test('nulls where AWS sends nulls: no body, no query string, no path parameters', async () => {
    const { event } = await echo(s.http.get(invokePath(d, '/plain')));
    expect(event).toMatchObject({
      resource: '/plain',
      path: '/plain',
      httpMethod: 'GET',
      body: null,
      isBase64Encoded: false,
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
    });
  });

  test('path parameters as the request wrote them (recorded: encoding kept, a greedy one without its trailing slash)', async () => {
    const email = await echo(s.http.get(invokePath(d, '/files/test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com')));
    expect(email.event.path).toBe('/files/test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com');
    expect(email.event.pathParameters).toEqual({ proxy: 'test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com' });
    expect(email.event.resource).toBe('/files/{proxy+}');
    const trailing = await echo(s.http.get(invokePath(d, '/files/proxy-value/')));
    expect(trailing.event.path).toBe('/files/proxy-value/');
    expect(trailing.event.pathParameters).toEqual({ proxy: 'proxy-value' });
    const doubled = await echo(s.http.get(invokePath(d, '/files/proxy-value//double-slash')));
    expect(doubled.event.pathParameters).toEqual({ proxy: 'proxy-value//double-slash' });
    const at = await echo(s.http.post(invokePath(d, '/pets/%40')).send('{}'));
    expect(at.event.pathParameters).toEqual({ petId: '%40' });
  });

  test('headers and query strings mapped by requestParameters join the event (recorded)', async () => {
    const { event } = await echo(s.http.get(invokePath(d, '/mapped?testQueryString=foo')).set('headerVar', 'request-value'));
    expect(event.headers).toMatchObject({ foobar: 'mapped-value', headerVar: 'request-value' });
    expect(event.multiValueHeaders).toMatchObject({ foobar: ['mapped-value'], headerVar: ['request-value'] });
    expect(event.queryStringParameters).toEqual({ testQueryString: 'foo', testVar: 'bar' });
    expect(event.multiValueQueryStringParameters).toEqual({ testQueryString: ['foo'], testVar: ['bar'] });
  });

  test('repeated headers: the last value in headers, all of them in multiValueHeaders', async () => {
    const { event } = await echo(s.http.get(invokePath(d, '/plain')).set('X-Multi', ['one', 'two'] as unknown as string));
    expect(event.headers['X-Multi']).toBe('two');
    expect(event.multiValueHeaders['X-Multi']).toEqual(['one', 'two']);
  });

  test('a binary request body (a binaryMediaTypes Content-Type) arrives base64-encoded', async () => {
    const { event } = await echo(s.http.post(invokePath(d, '/pets/1')).set('Content-Type', 'image/png').send(PNG));
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(PNG);
  });

  test('the function gets its context; the qualifier (an alias) of the ARN is kept', async () => {
    const plain = await echo(s.http.get(invokePath(d, '/plain')));
    expect(plain.context).toMatchObject({
      functionName: 'echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/echo',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(plain.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(plain.context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(plain.context.remainingTimeInMillis).toBeGreaterThan(0);
    expect(plain.context.remainingTimeInMillis).toBeLessThanOrEqual(10_000);
    expect(plain.env).toEqual({ GREETING: 'hello', AWS_LAMBDA_FUNCTION_NAME: 'echo', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256', AWS_REGION: 'us-east-1' });

    const alias = await echo(s.http.get(invokePath(d, '/alias')));
    expect(alias.context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:echo:live');
  });

  test('${stageVariables.x} in the function ARN is substituted', async () => {
    const { event, context } = await echo(s.http.get(invokePath(d, '/by-stage-variable')));
    expect(context.functionName).toBe('echo');
    expect(event.resource).toBe('/by-stage-variable');
  });

  test('an integration method other than POST is 500 Internal server error (recorded)', async () => {
    const res = await s.http.get(invokePath(d, '/get-method'));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'Internal server error' });
  });

  describe('the response contract', () => {
    const respond = (answer: unknown, accept?: string): request.Test => {
      const req = s.http.post(invokePath(d, '/respond')).set('Content-Type', 'application/json').buffer(true).parse(asBuffer);
      if (accept) req.set('Accept', accept);
      return req.send(JSON.stringify(answer));
    };
    const INTERNAL = { message: 'Internal server error' };

    // [what, the function's answer, status, body text ('' unused for the 502 JSON)]: recorded statuses unless noted.
    const cases: [string, unknown, number, string][] = [
      ['statusCode only: an empty body', { statusCode: 200 }, 200, ''],
      ['a status of the function', { statusCode: 404, body: 'not here' }, 404, 'not here'],
      ['statusCode as a string of digits', { statusCode: '201' }, 201, ''],
      ['no statusCode: 200', { headers: { 'test-header': 'value' } }, 200, ''],
      ['an empty object: 200 (lambda_aws_proxy_format "empty-response")', {}, 200, ''],
      ['headers: null', { statusCode: 200, headers: null }, 200, ''],
      ['statusCode that is not a number', { statusCode: 'test' }, 502, ''],
      ['a field outside the contract', { statusCode: 200, wrongValue: 'value' }, 502, ''],
      ['a string instead of an object', 'justAString', 502, ''],
      ['a multiValueHeaders value that is not a list', { statusCode: 200, multiValueHeaders: { 'test-multi-invalid': 'value1' } }, 502, ''],
      // Not recorded: body must be a string ("Malformed Lambda proxy response" is AWS's best-known 502).
      ['an object as body', { statusCode: 200, body: { a: 1 } }, 502, ''],
      ['null', null, 502, ''],
      ['an array', [{ statusCode: 200 }], 502, ''],
      // Not recorded: scalars are read as text, as API Gateway's typed reading of the answer coerces them.
      ['a number as body', { statusCode: 200, body: 42 }, 200, '42'],
      ['base64 body, isBase64Encoded false: the text as it is', { statusCode: 200, body: 'dGVzdC1kYXRh' }, 200, 'dGVzdC1kYXRh'],
    ];
    test.each(cases)('%s', async (_what, answer, status, text) => {
      const res = await respond(answer);
      expect(res.status).toBe(status);
      const body = (res.body as Buffer).toString('utf8');
      if (status === 502) {
        expect(JSON.parse(body)).toEqual(INTERNAL);
        expect(res.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
      } else {
        expect(body).toBe(text);
      }
    });

    test('headers: scalar values become text (recorded header-bool)', async () => {
      const res = await respond({ statusCode: 200, headers: { 'test-header': 'value', 'header-bool': true, 'header-number': 3 } });
      expect(res.status).toBe(200);
      expect(res.headers).toMatchObject({ 'test-header': 'value', 'header-bool': 'true', 'header-number': '3' });
      expect(res.headers['content-type']).toBe('application/json');
    });

    test('multiValueHeaders: every value is sent; a name in both wins from multiValueHeaders, whatever its case', async () => {
      const valid = await respond({ statusCode: 200, multiValueHeaders: { 'test-multi': ['value1', 'value2'], 'Set-Cookie': ['a=1', 'b=2'] } });
      expect(valid.headers['test-multi']).toBe('value1, value2');
      expect(valid.headers['set-cookie']).toEqual(['a=1', 'b=2']);
      const overwrite = await respond({ statusCode: 200, multiValueHeaders: { 'test-multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } });
      expect(overwrite.headers['test-multi']).toBe('value-multi');
      const casing = await respond({ statusCode: 200, multiValueHeaders: { 'tesT-Multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } });
      expect(casing.headers['test-multi']).toBe('value-multi');
    });

    test('isBase64Encoded: decoded when the Accept type is a binary media type, else the base64 text', async () => {
      const answer = { statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: PNG.toString('base64'), isBase64Encoded: true };
      const binary = await respond(answer, 'image/png');
      expect(binary.status).toBe(200);
      expect(binary.headers['content-type']).toBe('image/png');
      expect(binary.body).toEqual(PNG);
      const text = await respond(answer, 'application/json');
      expect((text.body as Buffer).toString('latin1')).toBe(PNG.toString('base64'));
    });
  });
});
