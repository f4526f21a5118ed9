/**
 * The gateway-response renderer. Facts: Developer Guide "Gateway response
 * types" (default status codes), "Gateway responses for REST APIs" (templates
 * are not VTL: simple variable substitution of $context / $stageVariables;
 * headers from parameter mappings; DEFAULT_4XX/5XX fallback), and recorded
 * AWS answers (x-amzn-ErrorType values; `{"message":"Missing Authentication Token"}`).
 */
import {
  GATEWAY_RESPONSE_TYPES,
  GatewayError,
  compileGatewayResponses,
  type GatewayResponseScope,
  type GatewayResponseType,
} from '../../../lib/dataplane/gateway-responses';
import type { GatewayResponse } from '../../../lib/model';

function scope(over: Partial<GatewayResponseScope> = {}): GatewayResponseScope {
  return {
    context: { stage: 'dev', resourcePath: '/pets/{petId}', requestId: 'req-1' },
    stageVariables: { a: 'A' },
    request: { path: { petId: '42' }, querystring: { q: 'search' }, header: { Accept: 'application/json', 'X-Trace': 't-1' } },
    ...over,
  };
}

function put(type: GatewayResponseType, r: Partial<GatewayResponse> = {}): GatewayResponse {
  return {
    defaultResponse: false,
    responseParameters: {},
    responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
    responseType: type,
    ...r,
  };
}

describe('defaults', () => {
  const none = compileGatewayResponses(undefined);

  it('renders MISSING_AUTHENTICATION_TOKEN as AWS does', () => {
    const s = scope();
    const out = none.render(new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token'), s);
    expect(out).toEqual({
      statusCode: 403,
      headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' },
      body: '{"message":"Missing Authentication Token"}',
    });
    expect(s.context.error).toEqual({
      message: 'Missing Authentication Token',
      messageString: '"Missing Authentication Token"',
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      validationErrorString: '',
    });
  });

  it('answers each type with its default status code', () => {
    const expected: Record<string, number> = {
      ACCESS_DENIED: 403, API_CONFIGURATION_ERROR: 500, AUTHORIZER_CONFIGURATION_ERROR: 500, AUTHORIZER_FAILURE: 500,
      BAD_REQUEST_PARAMETERS: 400, BAD_REQUEST_BODY: 400, DEFAULT_4XX: 400, DEFAULT_5XX: 500, EXPIRED_TOKEN: 403,
      INTEGRATION_FAILURE: 504, INTEGRATION_TIMEOUT: 504, INVALID_API_KEY: 403, INVALID_SIGNATURE: 403,
      MISSING_AUTHENTICATION_TOKEN: 403, QUOTA_EXCEEDED: 429, REQUEST_TOO_LARGE: 413, RESOURCE_NOT_FOUND: 404,
      THROTTLED: 429, UNAUTHORIZED: 401, UNSUPPORTED_MEDIA_TYPE: 415, WAF_FILTERED: 403,
    };
    expect([...GATEWAY_RESPONSE_TYPES].sort()).toEqual(Object.keys(expected).sort());
    for (const t of GATEWAY_RESPONSE_TYPES) expect([t, none.render(new GatewayError(t, 'x'), scope()).statusCode]).toEqual([t, expected[t]]);
  });

  it.each([
    ['INVALID_API_KEY', 'Forbidden', 'ForbiddenException'],
    ['THROTTLED', 'Too Many Requests', 'TooManyRequestsException'],
    ['QUOTA_EXCEEDED', 'Limit Exceeded', 'LimitExceededException'],
    ['UNAUTHORIZED', 'Unauthorized', 'UnauthorizedException'],
    ['INTEGRATION_TIMEOUT', 'Endpoint request timed out', 'InternalServerErrorException'],
    // recorded TestInvokeMethod answer for an invalid endpoint (API_CONFIGURATION_ERROR)
    ['API_CONFIGURATION_ERROR', 'Internal server error', 'InternalServerErrorException'],
    ['BAD_REQUEST_BODY', 'Invalid request body', 'BadRequestException'],
  ] as const)('sends x-amzn-ErrorType for %s', (type, message, errorType) => {
    const out = none.render(new GatewayError(type, message), scope());
    expect(out.headers['x-amzn-ErrorType']).toBe(errorType);
    expect(JSON.parse(out.body)).toEqual({ message });
  });

  it('lets the error choose the status of an uncustomized type (a malformed Lambda proxy answer is 502)', () => {
    const out = none.render(new GatewayError('INTEGRATION_FAILURE', 'Internal server error', { statusCode: 502 }), scope());
    expect(out.statusCode).toBe(502);
  });

  it('escapes the message in messageString', () => {
    const out = none.render(new GatewayError('BAD_REQUEST_BODY', 'bad "quote" \\ here'), scope());
    expect(JSON.parse(out.body)).toEqual({ message: 'bad "quote" \\ here' });
  });
});

describe('a customized response', () => {
  // The Developer Guide's walkthrough: MISSING_AUTHENTICATION_TOKEN as 404 with headers from the request.
  const compiled = compileGatewayResponses([
    put('MISSING_AUTHENTICATION_TOKEN', {
      statusCode: '404',
      responseParameters: {
        'gatewayresponse.header.Access-Control-Allow-Origin': "'a.b.c'",
        'gatewayresponse.header.x-request-id': 'method.request.header.x-trace',
        'gatewayresponse.header.x-request-path': 'method.request.path.petId',
        'gatewayresponse.header.x-request-query': 'method.request.querystring.q',
        'gatewayresponse.header.x-stage': 'stageVariables.a',
        'gatewayresponse.header.x-ctx': 'context.requestId',
        'gatewayresponse.header.x-absent': 'method.request.header.nope',
        'gatewayresponse.querystring.ignored': "'q'",
      },
      responseTemplates: {
        'application/json':
          '{"message":$context.error.messageString,"type":"$context.error.responseType","stage":"$context.stage",' +
          '"resourcePath":"$context.resourcePath","a":"$stageVariables.a","statusCode":"\'404\'"}',
      },
    }),
  ]);

  it('answers its status, mapped headers and substituted body', () => {
    const out = compiled.render(new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token'), scope());
    expect(out.statusCode).toBe(404);
    expect(out.headers).toEqual({
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': 'a.b.c',
      'x-request-id': 't-1',
      'x-request-path': '42',
      'x-request-query': 'search',
      'x-stage': 'A',
      'x-ctx': 'req-1',
      'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
    });
    expect(JSON.parse(out.body)).toEqual({
      message: 'Missing Authentication Token',
      type: 'MISSING_AUTHENTICATION_TOKEN',
      stage: 'dev',
      resourcePath: '/pets/{petId}',
      a: 'A',
      statusCode: "'404'",
    });
  });

  it('keeps its status even when the error suggests another', () => {
    const out = compiled.render(new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'x', { statusCode: 418 }), scope());
    expect(out.statusCode).toBe(404);
  });

  it('leaves other types at their defaults', () => {
    const out = compiled.render(new GatewayError('ACCESS_DENIED', 'denied'), scope());
    expect(out).toEqual({
      statusCode: 403,
      headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'AccessDeniedException' },
      body: '{"message":"denied"}',
    });
  });
});

describe('the DEFAULT_4XX / DEFAULT_5XX fallback', () => {
  const cors = { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" };

  it('gives every 4XX type the headers and template of a put DEFAULT_4XX, keeping its own status when DEFAULT_4XX has none', () => {
    const c = compileGatewayResponses([put('DEFAULT_4XX', { responseParameters: cors, responseTemplates: { 'application/json': '{"error":"$context.error.message"}' } })]);
    const out = c.render(new GatewayError('UNAUTHORIZED', 'Unauthorized'), scope());
    expect(out).toEqual({
      statusCode: 401,
      headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'x-amzn-ErrorType': 'UnauthorizedException' },
      body: '{"error":"Unauthorized"}',
    });
    // 5XX types are not affected.
    expect(c.render(new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out'), scope()).headers['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('gives them its status code when it has one', () => {
    const c = compileGatewayResponses([put('DEFAULT_5XX', { statusCode: '599', responseParameters: cors })]);
    expect(c.render(new GatewayError('INTEGRATION_FAILURE', 'Internal server error', { statusCode: 502 }), scope()).statusCode).toBe(599);
    expect(c.render(new GatewayError('DEFAULT_5XX', 'Internal server error'), scope()).statusCode).toBe(599);
  });

  it('does not reach a type the user put itself', () => {
    const c = compileGatewayResponses([
      put('DEFAULT_5XX', { statusCode: '599', responseParameters: cors }),
      put('AUTHORIZER_FAILURE', { statusCode: '500', responseParameters: { 'gatewayresponse.header.foo': "'bar'" } }),
    ]);
    const out = c.render(new GatewayError('AUTHORIZER_FAILURE', 'Internal server error'), scope());
    expect(out.statusCode).toBe(500);
    expect(out.headers).toMatchObject({ foo: 'bar' });
    expect(out.headers['Access-Control-Allow-Origin']).toBeUndefined();
  });
});

describe('templates (simple substitution, not VTL)', () => {
  function renderWith(template: string, err = new GatewayError('BAD_REQUEST_BODY', 'Invalid request body'), s = scope()): string {
    return compileGatewayResponses([put(err.type, { responseTemplates: { 'application/json': template } })]).render(err, s).body;
  }

  it('substitutes $x.y, ${x.y} and $!x.y; unknown variables are empty', () => {
    expect(renderWith('${context.stage}|$!context.stage|$context.nothing.here|$stageVariables.none|[$context.stage.]')).toBe('dev|dev|||[dev.]');
  });

  it('copies directives and other references as text', () => {
    const t = '#if($context.stage == "dev")yes#end $util.escapeJavaScript($context.stage) $input.body';
    expect(renderWith(t)).toBe('#if(dev == "dev")yes#end $util.escapeJavaScript(dev) $input.body');
  });

  it('gives $context.error.validationErrorString and method request parameters', () => {
    const err = new GatewayError('BAD_REQUEST_BODY', 'Invalid request body', { validationErrorString: '[object has missing required properties (["name"])]' });
    expect(renderWith('$context.error.validationErrorString|$method.request.path.petId|$method.request.header.x-trace', err)).toBe(
      '[object has missing required properties (["name"])]|42|t-1',
    );
  });

  it('picks the template for the Accept header, else application/json', () => {
    const c = compileGatewayResponses([
      put('DEFAULT_4XX', { responseTemplates: { 'application/json': '{"m":$context.error.messageString}', 'application/xml': '<m>$context.error.message</m>' } }),
    ]);
    const xml = c.render(new GatewayError('RESOURCE_NOT_FOUND', 'nf'), scope({ request: { path: {}, querystring: {}, header: { accept: 'application/xml;q=0.9' } } }));
    expect([xml.headers['Content-Type'], xml.body]).toEqual(['application/xml', '<m>nf</m>']);
    const other = c.render(new GatewayError('RESOURCE_NOT_FOUND', 'nf'), scope({ request: { path: {}, querystring: {}, header: { accept: 'text/html' } } }));
    expect([other.headers['Content-Type'], other.body]).toEqual(['application/json', '{"m":"nf"}']);
  });

  it('lets a Content-Type mapping replace the template content type', () => {
    const c = compileGatewayResponses([put('DEFAULT_4XX', { responseParameters: { 'gatewayresponse.header.content-type': "'application/problem+json'" } })]);
    const out = c.render(new GatewayError('THROTTLED', 'Too Many Requests'), scope());
    expect(out.headers).toEqual({ 'content-type': 'application/problem+json', 'x-amzn-ErrorType': 'TooManyRequestsException' });
  });

  it('renders from one compiled object for many scopes', () => {
    const c = compileGatewayResponses([put('DEFAULT_4XX', { responseTemplates: { 'application/json': '$context.stage' } })]);
    const a = c.render(new GatewayError('THROTTLED', 'x'), scope({ context: { stage: 'a' } }));
    const b = c.render(new GatewayError('THROTTLED', 'x'), scope({ context: { stage: 'b' } }));
    expect([a.body, b.body]).toEqual(['a', 'b']);
  });
});

describe('the untouched default body, to the byte', () => {
  // Integration-layer errors come out as {"message": "…"} (a space after the colon), errors the gateway raises
  // before the integration as {"message":"…"}: the stated AWS answers (502/504 from Lambda and HTTP
  // backends vs 403 Missing Authentication Token / Forbidden).
  const none = compileGatewayResponses(undefined);
  it.each([
    [new GatewayError('INTEGRATION_FAILURE', 'Internal server error', { statusCode: 502 }), 502, '{"message": "Internal server error"}'],
    [new GatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out'), 504, '{"message": "Endpoint request timed out"}'],
    [new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error'), 500, '{"message": "Internal server error"}'],
    [new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token'), 403, '{"message":"Missing Authentication Token"}'],
    [new GatewayError('INVALID_API_KEY', 'Forbidden'), 403, '{"message":"Forbidden"}'],
    [new GatewayError('THROTTLED', 'Too Many Requests'), 429, '{"message":"Too Many Requests"}'],
  ])('%s', (err, status, body) => {
    const out = none.render(err, scope());
    expect([out.statusCode, out.body]).toEqual([status, body]);
  });

  it('a customised DEFAULT_5XX template renders as written for integration errors too', () => {
    const c = compileGatewayResponses([put('DEFAULT_5XX', { responseTemplates: { 'application/json': '{"message":$context.error.messageString,"x":1}' } })]);
    expect(c.render(new GatewayError('INTEGRATION_FAILURE', 'Internal server error', { statusCode: 502 }), scope()).body).toBe(
      '{"message":"Internal server error","x":1}',
    );
  });
});
