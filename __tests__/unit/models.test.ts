/**
 * Model operations. Where a comment says "recorded", the expected answer is
 * AWS's recorded one (localstack test_apigateway_api.snapshot.json,
 * TestApiGatewayApiModels and test_put_method_model); AWS's default models
 * are as `aws apigateway get-models` prints them (CLI reference example,
 * Terraform imports of real APIs).
 */
import { useControlPlane, expectAwsError } from '../helpers/app';

const cp = useControlPlane();

const CALC_SCHEMA =
  '{\n\t"title": "Calc output",\n\t"type": "object",\n\t"properties": {\n\t\t"a": {\n\t\t\t"type": "number"\n\t\t},\n\t\t"b": {\n\t\t\t"type": "number"\n\t\t},\n\t\t"op": {\n\t\t\t"description": "operation of +, -, * or /",\n\t\t\t"type": "string"\n\t\t},\n\t\t"c": {\n\t\t    "type": "number"\n\t\t}\n\t},\n\t"required": ["a", "b", "op"]\n}\n';

async function createModel(apiId: string, body: Record<string, unknown>) {
  const res = await cp.http.post(`/restapis/${apiId}/models`).send({ contentType: 'application/json', ...body });
  if (res.status !== 201) throw new Error(`createModel: ${res.status} ${res.text}`);
  return res.body as { id: string; name: string; schema: string; [k: string]: unknown };
}

const ref = (apiId: string, name: string) => `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`;

describe('the default models', () => {
  it('every new API has Empty and Error, with AWS schema text and descriptions', async () => {
    const api = await cp.createApi();
    const res = await cp.http.get(`/restapis/${api.id}/models`);
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.item.map((m: { name: string }) => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual(['Empty', 'Error']);
    expect(byName.Empty).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{6}$/),
      name: 'Empty',
      description: 'This is a default empty schema model',
      contentType: 'application/json',
      schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
    });
    expect(byName.Error).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{6}$/),
      name: 'Error',
      description: 'This is a default error schema model',
      contentType: 'application/json',
      schema:
        '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
    });
  });

  it('the Empty model template is AWS\'s (CLI reference example)', async () => {
    const api = await cp.createApi();
    const res = await cp.http.get(`/restapis/${api.id}/models/Empty/default_template`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ value: "#set($inputRoot = $input.path('$'))\n{ }" });
  });
});

describe('CreateModel / GetModel / GetModels / DeleteModel', () => {
  it('the recorded lifecycle: create, list, get, delete', async () => {
    const api = await cp.createApi();
    const created = await cp.http.post(`/restapis/${api.id}/models`).send({
      name: 'CalcOutput',
      contentType: 'application/json',
      description: 'Calc output model',
      schema: CALC_SCHEMA,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{6}$/),
      name: 'CalcOutput',
      description: 'Calc output model',
      contentType: 'application/json',
      schema: CALC_SCHEMA, // kept as the string given
    });
    const list = await cp.http.get(`/restapis/${api.id}/models`);
    expect(list.body.item.map((m: { name: string }) => m.name).sort()).toEqual(['CalcOutput', 'Empty', 'Error']);
    const ids = list.body.item.map((m: { id: string }) => m.id);
    expect(ids).toEqual([...ids].sort()); // listed in id order
    expect((await cp.http.get(`/restapis/${api.id}/models/CalcOutput`)).body).toEqual(created.body);
    expect((await cp.http.delete(`/restapis/${api.id}/models/CalcOutput`)).status).toBe(202);
    expectAwsError(await cp.http.get(`/restapis/${api.id}/models/CalcOutput`), 404, 'NotFoundException', 'Invalid model name specified: CalcOutput');
  });

  it('an empty description is not kept (recorded: create-model)', async () => {
    const api = await cp.createApi();
    const m = await createModel(api.id, { name: 'MySchema', description: '', schema: JSON.stringify({ title: 'MySchema', type: 'object' }) });
    expect(m).not.toHaveProperty('description');
  });

  it('answers the recorded validation errors', async () => {
    const api = await cp.createApi();
    const schema = JSON.stringify({ title: 'MySchema', type: 'object' });
    expectAwsError(
      await cp.http.post('/restapis/abcde0/models').send({ name: 'MySchema', contentType: 'application/json', schema }),
      404,
      'NotFoundException',
      'Invalid API identifier specified 000000000000:abcde0',
    );
    expectAwsError(await cp.http.get('/restapis/abcde0/models'), 404, 'NotFoundException', 'Invalid API identifier specified 000000000000:abcde0');
    expectAwsError(await cp.http.get('/restapis/abcde0/models/MySchema'), 404, 'NotFoundException', 'Invalid model name specified: MySchema');
    expectAwsError(await cp.http.delete('/restapis/abcde0/models/MySchema'), 404, 'NotFoundException', 'Invalid model name specified: MySchema');
    await createModel(api.id, { name: 'MySchema', schema });
    expectAwsError(
      await cp.http.post(`/restapis/${api.id}/models`).send({ name: 'MySchema', contentType: 'application/json', schema }),
      409,
      'ConflictException',
      'Model name already exists for this REST API',
    );
    expectAwsError(await cp.http.post(`/restapis/${api.id}/models`).send({ name: '', contentType: 'application/json', schema }), 400, 'BadRequestException', 'Model name must be non-empty');
    const empty = 'Model schema must have at least 1 property or array items defined';
    expectAwsError(await cp.http.post(`/restapis/${api.id}/models`).send({ name: 'MyEmptySchema', contentType: 'application/json', schema: '' }), 400, 'BadRequestException', empty);
    expectAwsError(await cp.http.post(`/restapis/${api.id}/models`).send({ name: 'MyEmptySchema', contentType: 'application/json' }), 400, 'BadRequestException', empty);
    expectAwsError(await cp.http.post(`/restapis/${api.id}/models`).send({ name: 'MyEmptySchemaXml', contentType: 'application/xml' }), 400, 'BadRequestException', empty);
  });

  it('requires contentType and an alphanumeric name', async () => {
    const api = await cp.createApi();
    expectAwsError(
      await cp.http.post(`/restapis/${api.id}/models`).send({ name: 'M', schema: '{"type":"object"}' }),
      400,
      'ValidationException',
      "1 validation error detected: Value null at 'createModelInput.contentType' failed to satisfy constraint: Member must not be null",
    );
    expectAwsError(await cp.http.post(`/restapis/${api.id}/models`).send({ name: 'my-model', contentType: 'application/json', schema: '{"type":"object"}' }), 400, 'BadRequestException', /alphanumeric/);
  });
});

describe('schema checks', () => {
  const invalid = (errors: string) => `Invalid model specified: Validation Result: warnings : [], errors : [${errors}]`;

  it.each([
    ['not json', 'Invalid model schema specified'],
    ['[1,2]', 'Invalid model schema specified'],
    [JSON.stringify({ type: 'object', required: [] }), 'Invalid model schema specified'], // draft 4: required needs one name
    [JSON.stringify({ type: 'String' }), 'Invalid model schema specified'],
    [JSON.stringify({ type: 'object', properties: { a: { type: 'integer', minimum: 'x' } } }), 'Invalid model schema specified'],
    [JSON.stringify({ type: 'object', properties: { a: { type: 'string', example: 'x' } } }), 'Invalid model schema specified. Unsupported keyword(s): ["example"]'],
    [JSON.stringify({ type: 'object', properties: { a: { $ref: '#/definitions/Missing' } } }), 'Invalid model schema specified, Model reference must be in canonical form'],
    [JSON.stringify({ type: 'object', properties: { a: { $ref: 'Other' } } }), 'Model reference must be in canonical form'],
  ])('refuses %s', async (schema, errors) => {
    const api = await cp.createApi();
    expectAwsError(await cp.http.post(`/restapis/${api.id}/models`).send({ name: 'M', contentType: 'application/json', schema }), 400, 'BadRequestException', invalid(errors));
  });

  it('accepts a draft 4 schema with local and canonical references to existing models', async () => {
    const api = await cp.createApi();
    await createModel(api.id, { name: 'Pet', schema: JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } } }) });
    const schema = JSON.stringify({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      definitions: { tag: { type: 'string', enum: ['a', 'b'] } },
      properties: { pet: { $ref: ref(api.id, 'Pet') }, tag: { $ref: '#/definitions/tag' }, n: { type: 'number', minimum: 1, exclusiveMinimum: true } },
      required: ['pet'],
    });
    await createModel(api.id, { name: 'Owner', schema });
  });

  it('refuses a canonical reference to a model the API does not have', async () => {
    const api = await cp.createApi();
    const schema = JSON.stringify({ type: 'object', properties: { pet: { $ref: ref(api.id, 'Pet') } } });
    expectAwsError(await cp.http.post(`/restapis/${api.id}/models`).send({ name: 'Owner', contentType: 'application/json', schema }), 400, 'BadRequestException', /Reference to model 'Pet' not found/);
  });
});

describe('UpdateModel', () => {
  it('replaces schema and description (recorded: update-model)', async () => {
    const api = await cp.createApi();
    await createModel(api.id, { name: 'MySchema', description: 'd', schema: JSON.stringify({ title: 'MySchema', type: 'object' }) });
    const updated = JSON.stringify({ title: 'Updated schema', type: 'object' });
    const res = await cp.http.patch(`/restapis/${api.id}/models/MySchema`).send({
      patchOperations: [
        { op: 'replace', path: '/schema', value: updated },
        { op: 'replace', path: '/description', value: '' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String), name: 'MySchema', contentType: 'application/json', schema: updated });
  });

  it.each([
    [{ op: 'add', path: '/wrong-path', value: 'not supported op' }, "Invalid patch path  '/wrong-path' specified for op 'add'. Please choose supported operations"],
    [{ op: 'replace', path: '/name', value: 'invalid' }, "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]"],
    [{ op: 'replace', path: '/schema', value: '' }, 'Model schema must have at least 1 property or array items defined'],
  ])('refuses %j (recorded)', async (op, message) => {
    const api = await cp.createApi();
    await createModel(api.id, { name: 'MySchema', schema: JSON.stringify({ title: 'MySchema', type: 'object' }) });
    expectAwsError(await cp.http.patch(`/restapis/${api.id}/models/MySchema`).send({ patchOperations: [op] }), 400, 'BadRequestException', message);
  });

  it('404s an unknown API with the model message (recorded: update-model-wrong-id)', async () => {
    expectAwsError(
      await cp.http.patch('/restapis/abcde0/models/mySchema').send({ patchOperations: [{ op: 'replace', path: '/description', value: '' }] }),
      404,
      'NotFoundException',
      'Invalid model name specified: mySchema',
    );
  });
});

describe('models in use', () => {
  it('DeleteModel is refused while a method request uses it (recorded: test_put_method_model)', async () => {
    const api = await cp.createApi();
    const schema = (t: string) => JSON.stringify({ title: t, type: 'object' });
    await createModel(api.id, { name: 'MyModel', schema: schema('MyModel') });
    await createModel(api.id, { name: 'MyModelTwo', schema: schema('MyModelTwo') });
    const root = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/ANY`;
    const put = await cp.http.put(root).send({ authorizationType: 'NONE', requestModels: { 'application/json': 'MyModel' } });
    expect(put.status).toBe(201);
    expectAwsError(await cp.http.delete(`/restapis/${api.id}/models/MyModel`), 409, 'ConflictException', "Cannot delete model 'MyModel', is referenced in method request: //ANY");
    await cp.http.patch(root).send({ patchOperations: [{ op: 'replace', path: '/requestModels/application~1json', value: 'MyModelTwo' }] });
    expect((await cp.http.delete(`/restapis/${api.id}/models/MyModel`)).status).toBe(202);
    const test = await cp.http.post(`/restapis/${api.id}/resources/${api.rootResourceId}`).send({ pathPart: 'test' });
    await cp.http.put(`/restapis/${api.id}/resources/${test.body.id}/methods/ANY`).send({ authorizationType: 'NONE', requestModels: { 'application/json': 'MyModelTwo' } });
    await cp.http.patch(root).send({ patchOperations: [{ op: 'remove', path: '/requestModels/application~1json' }] });
    expectAwsError(await cp.http.delete(`/restapis/${api.id}/models/MyModelTwo`), 409, 'ConflictException', "Cannot delete model 'MyModelTwo', is referenced in method request: /test/ANY");
  });

  it('PutMethod refuses an unknown model, and a deleted default model (recorded: invalid-model-name)', async () => {
    const api = await cp.createApi();
    const url = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/POST`;
    expectAwsError(await cp.http.put(url).send({ authorizationType: 'NONE', requestModels: { 'application/json': 'petModel' } }), 400, 'BadRequestException', 'Invalid model identifier specified: petModel');
    expect((await cp.http.delete(`/restapis/${api.id}/models/Error`)).status).toBe(202);
    expectAwsError(await cp.http.put(url).send({ authorizationType: 'NONE', requestModels: { 'application/json': 'Error' } }), 400, 'BadRequestException', 'Invalid model identifier specified: Error');
  });

  it('DeleteModel is refused while a method response or another model uses it', async () => {
    const api = await cp.createApi();
    await createModel(api.id, { name: 'Pet', schema: JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } } }) });
    await createModel(api.id, { name: 'Pets', schema: JSON.stringify({ type: 'array', items: { $ref: ref(api.id, 'Pet') } }) });
    expectAwsError(await cp.http.delete(`/restapis/${api.id}/models/Pet`), 409, 'ConflictException', "Cannot delete model 'Pet', is referenced in model: Pets");
    const url = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET`;
    await cp.http.put(url).send({ authorizationType: 'NONE' });
    expect((await cp.http.put(`${url}/responses/200`).send({ responseModels: { 'application/json': 'Pets' } })).status).toBe(201);
    expectAwsError(await cp.http.delete(`/restapis/${api.id}/models/Pets`), 409, 'ConflictException', /^Cannot delete model 'Pets', is referenced in method response/);
  });
});

describe('GetModel flatten and GetModelTemplate', () => {
  it('flatten=true inlines referenced models under definitions', async () => {
    const api = await cp.createApi();
    await createModel(api.id, { name: 'Pet', schema: JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', properties: { id: { type: 'integer' } } }) });
    const petsSchema = JSON.stringify({ type: 'array', items: { $ref: ref(api.id, 'Pet') } });
    await createModel(api.id, { name: 'Pets', schema: petsSchema });
    expect((await cp.http.get(`/restapis/${api.id}/models/Pets`)).body.schema).toBe(petsSchema);
    const flat = await cp.http.get(`/restapis/${api.id}/models/Pets?flatten=true`);
    expect(flat.status).toBe(200);
    expect(JSON.parse(flat.body.schema)).toEqual({
      type: 'array',
      items: { $ref: '#/definitions/Pet' },
      definitions: { Pet: { type: 'object', properties: { id: { type: 'integer' } } } },
    });
  });

  it('generates AWS-style templates for objects, nested objects and arrays', async () => {
    const api = await cp.createApi();
    await createModel(api.id, { name: 'CalcOutput', schema: CALC_SCHEMA });
    const calc = await cp.http.get(`/restapis/${api.id}/models/CalcOutput/default_template`);
    expect(calc.body.value).toBe(
      "#set($inputRoot = $input.path('$'))\n{\n  \"a\" : $inputRoot.a,\n  \"b\" : $inputRoot.b,\n  \"op\" : \"$inputRoot.op\",\n  \"c\" : $inputRoot.c\n}",
    );
    // The array layout users publish from the console's "Generate template" (CompareData array model).
    await createModel(api.id, {
      name: 'CompareDataArray',
      schema: JSON.stringify({
        $schema: 'http://json-schema.org/draft-04/schema#',
        title: 'CompareData',
        type: 'array',
        items: { type: 'object', properties: { age: { type: 'integer' }, height: { type: 'integer' }, income: { type: 'integer' } }, required: ['age', 'height', 'income'] },
      }),
    });
    const arr = await cp.http.get(`/restapis/${api.id}/models/CompareDataArray/default_template`);
    expect(arr.body.value).toBe(
      "#set($inputRoot = $input.path('$'))\n[\n##TODO: Update this foreach loop to reference array from input json\n#foreach($elem in $inputRoot)\n {\n  \"age\" : $elem.age,\n  \"height\" : $elem.height,\n  \"income\" : $elem.income\n} \n#if($foreach.hasNext),#end\n#end\n]",
    );
    await createModel(api.id, {
      name: 'Result',
      schema: JSON.stringify({ type: 'object', properties: { input: { type: 'object', properties: { a: { type: 'number' }, op: { type: 'string' } } }, ok: { type: 'boolean' } } }),
    });
    const nested = await cp.http.get(`/restapis/${api.id}/models/Result/default_template`);
    expect(nested.body.value).toBe(
      "#set($inputRoot = $input.path('$'))\n{\n  \"input\" : {\n    \"a\" : $inputRoot.input.a,\n    \"op\" : \"$inputRoot.input.op\"\n  },\n  \"ok\" : $inputRoot.ok\n}",
    );
    expectAwsError(await cp.http.get(`/restapis/${api.id}/models/Nope/default_template`), 404, 'NotFoundException', 'Invalid model name specified: Nope');
  });
});

describe('models and the API', () => {
  it('a deployment freezes the models; cloneFrom copies them; DeleteRestApi removes them', async () => {
    const api = await cp.createApi();
    await createModel(api.id, { name: 'Pet', schema: '{"type":"object"}' });
    const scope = { account: '000000000000', region: 'us-east-1' };
    const url = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET`;
    await cp.http.put(url).send({ authorizationType: 'NONE', requestModels: { 'application/json': 'Pet' } });
    await cp.http.put(`${url}/integration`).send({ type: 'MOCK' });
    const dep = await cp.http.post(`/restapis/${api.id}/deployments`).send({});
    expect(cp.app.store.deployments.snapshot(scope, api.id, dep.body.id)?.models?.map((m) => m.name).sort()).toEqual(['Empty', 'Error', 'Pet']);
    const clone = await cp.createApi({ name: 'clone', cloneFrom: api.id });
    const names = (await cp.http.get(`/restapis/${clone.id}/models`)).body.item.map((m: { name: string }) => m.name).sort();
    expect(names).toEqual(['Empty', 'Error', 'Pet']);
    expect((await cp.http.delete(`/restapis/${api.id}`)).status).toBe(202);
    expect(cp.app.store.models.all(scope, api.id)).toEqual([]);
  });
});
