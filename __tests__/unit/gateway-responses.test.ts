/**
 * Gateway response operations. Expected answers are AWS's recorded answers
 * (localstack/localstack tests/aws/services/apigateway/test_apigateway_api.snapshot.json,
 * TestApiGatewayGatewayResponse: test_gateway_response_crud, _put, _validation,
 * test_update_gateway_response) unless a comment says otherwise.
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

const DEFAULT_TEMPLATES = { 'application/json': '{"message":$context.error.messageString}' };
const CUSTOM_TEMPLATE =
  '{\n     "message": $context.error.messageString,\n     "type":  "$context.error.responseType",\n     "stage":  "$context.stage",\n     "resourcePath":  "$context.resourcePath",\n     "stageVariables.a":  "$stageVariables.a",\n     "statusCode": "\'404\'"\n}';
const CUSTOM_PARAMS = {
  'gatewayresponse.header.x-request-path': 'method.request.path.petId',
  'gatewayresponse.header.Access-Control-Allow-Origin': "'a.b.c'",
  'gatewayresponse.header.x-request-query': 'method.request.querystring.q',
  'gatewayresponse.header.x-request-header': 'method.request.header.Accept',
};
const TYPE_ENUM =
  '[REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, ' +
  'INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ' +
  'ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, ' +
  'UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN]';

const url = (apiId: string, type?: string) => `/restapis/${apiId}/gatewayresponses${type ? `/${type}` : ''}`;
const patch = (apiId: string, type: string, ops: unknown[]) => cp.http.patch(url(apiId, type)).send({ patchOperations: ops });

function byType(items: { responseType: string }[]): Record<string, unknown> {
  return Object.fromEntries(items.map((i) => [i.responseType, i]));
}

describe('GetGatewayResponse of a type never put', () => {
  it('answers the generated default', async () => {
    const api = await cp.createApi();
    const res = await cp.http.get(url(api.id, 'MISSING_AUTHENTICATION_TOKEN'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      defaultResponse: true,
      responseParameters: {},
      responseTemplates: DEFAULT_TEMPLATES,
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: '403',
    });
  });

  it('has no status code for DEFAULT_4XX and DEFAULT_5XX', async () => {
    const api = await cp.createApi();
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      const res = await cp.http.get(url(api.id, type));
      expect(res.body).toEqual({ defaultResponse: true, responseParameters: {}, responseTemplates: DEFAULT_TEMPLATES, responseType: type });
    }
  });
});

describe('PutGatewayResponse', () => {
  it('answers 201 with what was put; Get and the listing show it; Delete resets to the default', async () => {
    const api = await cp.createApi();
    const put = await cp.http.put(url(api.id, 'MISSING_AUTHENTICATION_TOKEN')).send({
      statusCode: '404',
      responseParameters: CUSTOM_PARAMS,
      responseTemplates: { 'application/json': CUSTOM_TEMPLATE },
    });
    expect(put.status).toBe(201);
    const expected = {
      defaultResponse: false,
      responseParameters: CUSTOM_PARAMS,
      responseTemplates: { 'application/json': CUSTOM_TEMPLATE },
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: '404',
    };
    expect(put.body).toEqual(expected);
    expect((await cp.http.get(url(api.id, 'MISSING_AUTHENTICATION_TOKEN'))).body).toEqual(expected);
    const list = await cp.http.get(url(api.id));
    expect(byType(list.body.item).MISSING_AUTHENTICATION_TOKEN).toEqual(expected);

    const del = await cp.http.delete(url(api.id, 'MISSING_AUTHENTICATION_TOKEN'));
    expect(del.status).toBe(202);
    expect((await cp.http.get(url(api.id, 'MISSING_AUTHENTICATION_TOKEN'))).body).toMatchObject({ defaultResponse: true, statusCode: '403' });
  });

  it('replaces the whole response and fills what is missing with the type defaults', async () => {
    const api = await cp.createApi();
    const t = url(api.id, 'MISSING_AUTHENTICATION_TOKEN');
    await cp.http.put(t).send({ statusCode: '404', responseParameters: CUSTOM_PARAMS, responseTemplates: { 'application/json': CUSTOM_TEMPLATE } });
    const statusOnly = await cp.http.put(t).send({ statusCode: '404' });
    expect(statusOnly.body).toEqual({
      defaultResponse: false,
      responseParameters: {},
      responseTemplates: DEFAULT_TEMPLATES,
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: '404',
    });
    const paramsOnly = await cp.http.put(t).send({ responseParameters: { 'gatewayresponse.header.x-request-header': 'method.request.header.Accept' } });
    expect(paramsOnly.body).toMatchObject({ responseTemplates: DEFAULT_TEMPLATES, statusCode: '403' });
    const templatesOnly = await cp.http.put(t).send({ responseTemplates: { 'application/json': CUSTOM_TEMPLATE } });
    expect(templatesOnly.body).toMatchObject({ responseParameters: {}, statusCode: '403' });
  });

  it('makes every type of the class without its own response inherit a put DEFAULT_5XX, status code included', async () => {
    const api = await cp.createApi();
    const params = { 'gatewayresponse.header.x-request-header': 'method.request.header.Accept' };
    const templates = { 'application/json': CUSTOM_TEMPLATE };
    const d5 = await cp.http.put(url(api.id, 'DEFAULT_5XX')).send({ statusCode: '599', responseParameters: params, responseTemplates: templates });
    expect(d5.body).toMatchObject({ defaultResponse: false, statusCode: '599' });
    // A type put after DEFAULT_5XX keeps its own defaults (recorded: AUTHORIZER_FAILURE answers 500).
    const af = await cp.http.put(url(api.id, 'AUTHORIZER_FAILURE')).send({ responseParameters: { 'gatewayresponse.header.foo': "'bar'" } });
    expect(af.body).toEqual({
      defaultResponse: false,
      responseParameters: { 'gatewayresponse.header.foo': "'bar'" },
      responseTemplates: DEFAULT_TEMPLATES,
      responseType: 'AUTHORIZER_FAILURE',
      statusCode: '500',
    });

    const list = await cp.http.get(url(api.id));
    expect(list.status).toBe(200);
    expect(list.body.item).toHaveLength(21);
    const items = byType(list.body.item);
    const inherited = (type: string) => ({ defaultResponse: true, responseParameters: params, responseTemplates: templates, responseType: type, statusCode: '599' });
    for (const t of ['API_CONFIGURATION_ERROR', 'AUTHORIZER_CONFIGURATION_ERROR', 'INTEGRATION_FAILURE', 'INTEGRATION_TIMEOUT']) {
      expect(items[t]).toEqual(inherited(t));
    }
    expect(items.AUTHORIZER_FAILURE).toEqual(af.body);
    expect(items.DEFAULT_4XX).toEqual({ defaultResponse: true, responseParameters: {}, responseTemplates: DEFAULT_TEMPLATES, responseType: 'DEFAULT_4XX' });
    // 4XX types are untouched.
    expect(items.THROTTLED).toEqual({ defaultResponse: true, responseParameters: {}, responseTemplates: DEFAULT_TEMPLATES, responseType: 'THROTTLED', statusCode: '429' });
    // GetGatewayResponse answers the inherited form too.
    expect((await cp.http.get(url(api.id, 'INTEGRATION_TIMEOUT'))).body).toEqual(inherited('INTEGRATION_TIMEOUT'));
  });

  it('keeps each type its own status code when DEFAULT_4XX has none (Developer Guide: resetting it to null reverts them)', async () => {
    const api = await cp.createApi();
    await cp.http.put(url(api.id, 'DEFAULT_4XX')).send({ responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } });
    const res = await cp.http.get(url(api.id, 'UNAUTHORIZED'));
    expect(res.body).toEqual({
      defaultResponse: true,
      responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      responseTemplates: DEFAULT_TEMPLATES,
      responseType: 'UNAUTHORIZED',
      statusCode: '401',
    });
  });

  it('lists the defaults of all 21 types with their status codes (Developer Guide, "Gateway response types")', async () => {
    const api = await cp.createApi();
    const res = await cp.http.get(url(api.id)).query({ limit: 5, position: 'abc' }); // AWS: position/limit do not apply
    const codes = Object.fromEntries((res.body.item as { responseType: string; statusCode?: string }[]).map((i) => [i.responseType, i.statusCode]));
    expect(codes).toEqual({
      ACCESS_DENIED: '403', API_CONFIGURATION_ERROR: '500', AUTHORIZER_CONFIGURATION_ERROR: '500', AUTHORIZER_FAILURE: '500',
      BAD_REQUEST_PARAMETERS: '400', BAD_REQUEST_BODY: '400', DEFAULT_4XX: undefined, DEFAULT_5XX: undefined, EXPIRED_TOKEN: '403',
      INTEGRATION_FAILURE: '504', INTEGRATION_TIMEOUT: '504', INVALID_API_KEY: '403', INVALID_SIGNATURE: '403',
      MISSING_AUTHENTICATION_TOKEN: '403', QUOTA_EXCEEDED: '429', REQUEST_TOO_LARGE: '413', RESOURCE_NOT_FOUND: '404',
      THROTTLED: '429', UNAUTHORIZED: '401', UNSUPPORTED_MEDIA_TYPE: '415', WAF_FILTERED: '403',
    });
    expect(res.body.position).toBeUndefined();
    expect(res.body.item.every((i: { defaultResponse: boolean }) => i.defaultResponse)).toBe(true);
  });

  it('refuses malformed mapping expressions, content types and status codes', async () => {
    const api = await cp.createApi();
    const t = url(api.id, 'DEFAULT_4XX');
    expectAwsError(await cp.http.put(t).send({ responseParameters: { 'method.response.header.x': "'a'" } }), 400, 'BadRequestException', /Invalid mapping expression/);
    expectAwsError(await cp.http.put(t).send({ responseParameters: { 'gatewayresponse.header.x': 'nonsense' } }), 400, 'BadRequestException', /Invalid mapping expression specified: nonsense/);
    expectAwsError(
      await cp.http.put(t).send({ responseTemplates: { '123': 'x' } }),
      400,
      'BadRequestException',
      'Validation Result: warnings : [], errors : [Invalid content type specified: 123]',
    );
    const bad = await cp.http.put(t).send({ statusCode: 'wrong' });
    expect({ status: bad.status, type: bad.headers['x-amzn-errortype'] }).toEqual({ status: 400, type: 'ValidationException' });
    expect(bad.body.message).toBe(
      "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
    );
  });
});

describe('validation and missing things', () => {
  it('answers 404 for an unknown API', async () => {
    const msg = 'Invalid API identifier specified 000000000000:fake-api-id';
    expectAwsError(await cp.http.get(url('fake-api-id')), 404, 'NotFoundException', msg);
    expectAwsError(await cp.http.get(url('fake-api-id', 'DEFAULT_4XX')), 404, 'NotFoundException', msg);
    expectAwsError(await cp.http.delete(url('fake-api-id', 'DEFAULT_4XX')), 404, 'NotFoundException', msg);
    expectAwsError(await patch('fake-api-id', 'DEFAULT_4XX', []), 404, 'NotFoundException', msg);
    expectAwsError(await cp.http.put(url('fake-api-id', 'DEFAULT_4XX')).send({}), 404, 'NotFoundException', msg);
  });

  it('answers 404 when deleting a type never put', async () => {
    const api = await cp.createApi();
    expectAwsError(await cp.http.delete(url(api.id, 'DEFAULT_4XX')), 404, 'NotFoundException', 'Gateway response type not defined on api');
  });

  it('answers a ValidationException for an unknown response type on every operation', async () => {
    const api = await cp.createApi();
    const message = `1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: ${TYPE_ENUM}`;
    for (const res of [
      await cp.http.get(url(api.id, 'FAKE_RESPONSE_TYPE')),
      await cp.http.delete(url(api.id, 'FAKE_RESPONSE_TYPE')),
      await patch(api.id, 'FAKE_RESPONSE_TYPE', []),
      await cp.http.put(url(api.id, 'FAKE_RESPONSE_TYPE')).send({ statusCode: '404', responseParameters: {}, responseTemplates: {} }),
    ]) {
      expect({ status: res.status, type: res.headers['x-amzn-errortype'], message: res.body.message }).toEqual({
        status: 400,
        type: 'ValidationException',
        message,
      });
    }
  });
});

describe('UpdateGatewayResponse', () => {
  it('stores a type never put, starting from its defaults', async () => {
    const api = await cp.createApi();
    const res = await patch(api.id, 'DEFAULT_4XX', [{ op: 'replace', path: '/statusCode', value: '444' }]);
    const expected = { defaultResponse: false, responseParameters: {}, responseTemplates: DEFAULT_TEMPLATES, responseType: 'DEFAULT_4XX', statusCode: '444' };
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
    expect((await cp.http.get(url(api.id, 'DEFAULT_4XX'))).body).toEqual(expected);
    // Now stored: Delete works.
    expect((await cp.http.delete(url(api.id, 'DEFAULT_4XX'))).status).toBe(202);
  });

  it('replaces the status code, a parameter and adds a template', async () => {
    const api = await cp.createApi();
    const templateJson = JSON.stringify({ 'application/json': '{"message":$context.error.messageString}' });
    await cp.http.put(url(api.id, 'DEFAULT_4XX')).send({ statusCode: '404', responseParameters: CUSTOM_PARAMS, responseTemplates: { 'application/json': templateJson } });
    const xml = '<gatewayResponse><message>$context.error.messageString</message><type>$context.error.responseType</type></gatewayResponse>';
    const res = await patch(api.id, 'DEFAULT_4XX', [
      { op: 'replace', path: '/statusCode', value: '444' },
      { op: 'replace', path: '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin', value: "'example.com'" },
      { op: 'add', path: '/responseTemplates/application~1xml', value: xml },
    ]);
    const expected = {
      defaultResponse: false,
      responseParameters: { ...CUSTOM_PARAMS, 'gatewayresponse.header.Access-Control-Allow-Origin': "'example.com'" },
      responseTemplates: { 'application/json': templateJson, 'application/xml': xml },
      responseType: 'DEFAULT_4XX',
      statusCode: '444',
    };
    expect(res.body).toEqual(expected);
    expect((await cp.http.get(url(api.id, 'DEFAULT_4XX'))).body).toEqual(expected);

    const removed = await patch(api.id, 'DEFAULT_4XX', [
      { op: 'remove', path: '/responseTemplates/application~1xml' },
      { op: 'remove', path: '/responseParameters/gatewayresponse.header.x-request-path' },
    ]);
    expect(Object.keys(removed.body.responseTemplates)).toEqual(['application/json']);
    expect(removed.body.responseParameters['gatewayresponse.header.x-request-path']).toBeUndefined();
  });

  it('answers AWS errors for refused paths, ops and values', async () => {
    const api = await cp.createApi();
    await cp.http.put(url(api.id, 'DEFAULT_4XX')).send({ responseParameters: CUSTOM_PARAMS, responseTemplates: { 'application/xml': '<a/>' } });
    expectAwsError(await patch(api.id, 'DEFAULT_4XX', [{ op: 'add', path: '/statusCode', value: '444' }]), 400, 'BadRequestException', 'Invalid patch path /statusCode');
    expectAwsError(await patch(api.id, 'DEFAULT_4XX', [{ op: 'remove', path: '/statusCode' }]), 400, 'BadRequestException', 'Invalid patch path /statusCode');
    expectAwsError(
      await patch(api.id, 'DEFAULT_5XX', [{ op: 'replace', path: '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin', value: "'example.com'" }]),
      404,
      'NotFoundException',
      'Invalid parameter name specified',
    );
    expectAwsError(await patch(api.id, 'DEFAULT_4XX', [{ op: 'add', value: "'example.com'" }]), 400, 'BadRequestException', 'Invalid patch path null');
    expectAwsError(await patch(api.id, 'DEFAULT_4XX', [{ op: 'add', path: '/wrongPath', value: 'x' }]), 400, 'BadRequestException', 'Invalid patch path /wrongPath');
    expectAwsError(
      await patch(api.id, 'DEFAULT_4XX', [{ op: 'replace', path: '/responseTemplates/application~1xml', value: null }]),
      400,
      'BadRequestException',
      'Invalid null or empty value in responseTemplates',
    );
    expectAwsError(
      await patch(api.id, 'DEFAULT_4XX', [{ op: 'replace', path: '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin', value: null }]),
      400,
      'BadRequestException',
      'Invalid null or empty value in responseParameters',
    );
    const wrongOp = await patch(api.id, 'DEFAULT_4XX', [{ op: 'wrong-op', path: '/statusCode', value: "'example.com'" }]);
    expect({ status: wrongOp.status, type: wrongOp.headers['x-amzn-errortype'], message: wrongOp.body.message }).toEqual({
      status: 400,
      type: 'ValidationException',
      message:
        "1 validation error detected: Value 'wrong-op' at 'updateGatewayResponseInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
    });
    // A failed update changes nothing.
    expect((await cp.http.get(url(api.id, 'DEFAULT_4XX'))).body.responseTemplates).toEqual({ 'application/xml': '<a/>' });
  });
});

describe('the deployment snapshot', () => {
  it('freezes the gateway responses the user put (not the defaults)', async () => {
    const scope = { account: '000000000000', region: 'us-east-1' };
    const api = await cp.createApi();
    const root = cp.app.store.resources.get(scope, api.id, api.rootResourceId)!;
    cp.app.store.resources.update(scope, api.id, {
      ...root,
      resourceMethods: {
        GET: { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false, methodIntegration: { type: 'MOCK', timeoutInMillis: 29000 } },
      },
    });
    const put = (await cp.http.put(url(api.id, 'MISSING_AUTHENTICATION_TOKEN')).send({ statusCode: '404' })).body;
    const d = (await cp.http.post(`/restapis/${api.id}/deployments`).send({})).body;
    await cp.http.put(url(api.id, 'DEFAULT_4XX')).send({ statusCode: '444' });
    expect(cp.app.store.deployments.snapshot(scope, api.id, d.id)!.gatewayResponses).toEqual([put]);
  });
});

describe('DeleteRestApi', () => {
  it('removes the API gateway responses with it', async () => {
    const api = await cp.createApi();
    await cp.http.put(url(api.id, 'DEFAULT_4XX')).send({ statusCode: '444' });
    expect((await cp.http.delete(`/restapis/${api.id}`)).status).toBe(202);
    expect(cp.app.store.gatewayResponses.all({ account: '000000000000', region: 'us-east-1' }, api.id)).toEqual([]);
  });
});
