/**
 * @module sdk/javascript
 * GetSdk `javascript`: the files of AWS's generated JavaScript SDK, under
 * `apiGateway-js-sdk/` — `apigClient.js` (the global / CommonJS export
 * `apigClientFactory`, whose `newClient(config)` returns one method per
 * resource and method, `petsPetIdGet(params, body, additionalParams)`,
 * answering a Promise), `lib/…` (sdk/js-runtime.ts) and `README.md`.
 *
 * What differs from AWS's (said in the generated README too): the runtime is
 * apigw-local's own (fetch and Web Crypto instead of the bundled axios,
 * CryptoJS and url-template copies), every file also loads with `require`,
 * a `package.json` makes the folder installable with `npm install`, the
 * default invoke URL is the stage on this apigw-local server and
 * `config.invokeUrl` overrides it.
 *
 * As on AWS, `ANY` methods get no client method (the Developer Guide: "If
 * your API has only ANY methods defined, the generated SDK package won't
 * contain an apigClient.js file").
 */
import { jsRuntimeFiles, umd } from './js-runtime';
import type { GeneratedFile, SdkOperation, SdkSpec } from './types';

export const JS_SDK_FOLDER = 'apiGateway-js-sdk';

const js = (v: unknown): string => JSON.stringify(v);

function methodCode(op: SdkOperation): string {
  const required = [...op.pathParams, ...op.queryParams.filter((p) => p.required).map((p) => p.name), ...op.headerParams.filter((p) => p.required).map((p) => p.name)];
  const verb = js(op.httpMethod);
  const req = `${op.name}Request`;
  const doc = [
    `  /**`,
    `   * ${op.httpMethod} ${op.path}${op.operationName ? ` (operationName ${op.operationName})` : ''}`,
    op.pathParams.length ? `   * path parameters: ${op.pathParams.join(', ')}` : '',
    op.queryParams.length ? `   * query string: ${op.queryParams.map((p) => p.name + (p.required ? ' (required)' : '')).join(', ')}` : '',
    op.headerParams.length ? `   * headers: ${op.headerParams.map((p) => p.name + (p.required ? ' (required)' : '')).join(', ')}` : '',
    op.authorizationType === 'AWS_IAM' ? '   * AWS_IAM: signed when config has accessKey and secretKey' : '',
    op.apiKeyRequired ? '   * requires an API key (config.apiKey)' : '',
    `   */`,
  ].filter((l) => l !== '');
  return [
    ...doc,
    `  apigClient.${op.name} = function (params, body, additionalParams) {`,
    `    if (additionalParams === undefined) { additionalParams = {}; }`,
    `    utils.assertParametersDefined(params, ${js(required)}, ['body']);`,
    `    var ${req} = {`,
    `      verb: ${verb},`,
    `      path: pathComponent + uritemplate.parse(${js(op.path)}).expand(utils.parseParametersToObject(params, ${js(op.pathParams)})),`,
    `      headers: utils.parseParametersToObject(params, ${js(op.headerParams.map((p) => p.name))}),`,
    `      queryParams: utils.parseParametersToObject(params, ${js(op.queryParams.map((p) => p.name))}),`,
    `      body: body`,
    `    };`,
    `    return apiGatewayClient.makeRequest(${req}, authType, additionalParams, config.apiKey);`,
    `  };`,
  ].join('\n');
}

export function apigClientJs(spec: SdkSpec): string {
  const body = [
    '  var apigClientFactory = {};',
    '  apigClientFactory.newClient = function (config) {',
    '    var apigClient = {};',
    '    if (config === undefined) {',
    "      config = { accessKey: '', secretKey: '', sessionToken: '', region: '', apiKey: undefined, defaultContentType: 'application/json', defaultAcceptType: 'application/json' };",
    '    }',
    "    if (config.accessKey === undefined) { config.accessKey = ''; }",
    "    if (config.secretKey === undefined) { config.secretKey = ''; }",
    "    if (config.apiKey === undefined) { config.apiKey = ''; }",
    "    if (config.sessionToken === undefined) { config.sessionToken = ''; }",
    `    if (config.region === undefined || config.region === '') { config.region = ${js(spec.region)}; }`,
    "    if (config.defaultContentType === undefined) { config.defaultContentType = 'application/json'; }",
    "    if (config.defaultAcceptType === undefined) { config.defaultAcceptType = 'application/json'; }",
    '',
    `    // The stage's invoke URL on the apigw-local server that generated this SDK (on AWS: ${spec.awsInvokeUrl}).`,
    `    var invokeUrl = config.invokeUrl || ${js(spec.invokeUrl)};`,
    '    var endpoint = /(^https?:\\/\\/[^\\/]+)/g.exec(invokeUrl)[1];',
    '    var pathComponent = invokeUrl.substring(endpoint.length).replace(/\\/$/, \'\');',
    '',
    '    var sigV4ClientConfig = {',
    '      accessKey: config.accessKey,',
    '      secretKey: config.secretKey,',
    '      sessionToken: config.sessionToken,',
    "      serviceName: 'execute-api',",
    '      region: config.region,',
    '      endpoint: endpoint,',
    '      defaultContentType: config.defaultContentType,',
    '      defaultAcceptType: config.defaultAcceptType',
    '    };',
    "    var authType = 'NONE';",
    "    if (sigV4ClientConfig.accessKey !== undefined && sigV4ClientConfig.accessKey !== '' && sigV4ClientConfig.secretKey !== undefined && sigV4ClientConfig.secretKey !== '') {",
    "      authType = 'AWS_IAM';",
    '    }',
    '    var simpleHttpClientConfig = {',
    '      endpoint: endpoint,',
    '      defaultContentType: config.defaultContentType,',
    '      defaultAcceptType: config.defaultAcceptType',
    '    };',
    '    var apiGatewayClient = apiGatewayClientFactory.newClient(simpleHttpClientConfig, sigV4ClientConfig);',
    '',
    spec.operations.filter((o) => o.httpMethod !== 'ANY').map(methodCode).join('\n\n'),
    '',
    '    return apigClient;',
    '  };',
    '  return apigClientFactory;',
  ].join('\n');
  const header = `/*\n * ${spec.apiName} (${spec.apiId}), stage ${spec.stageName}: generated by apigw-local (GetSdk javascript).\n */\n`;
  return (
    header +
    umd(
      'apigClientFactory',
      [
        ['utils', './lib/apiGatewayCore/utils.js', 'apiGateway.core.utils'],
        ['apiGatewayClientFactory', './lib/apiGatewayCore/apiGatewayClient.js', 'apiGateway.core.apiGatewayClientFactory'],
        ['uritemplate', './lib/url-template/url-template.js', 'uritemplate'],
      ],
      body,
    )
  );
}

function readme(spec: SdkSpec): string {
  const first = spec.operations.find((o) => o.httpMethod !== 'ANY');
  const example = first
    ? `apigClient.${first.name}(${first.pathParams.length ? `{ ${first.pathParams.map((p) => `${p}: '…'`).join(', ')} }` : '{}'}, ${first.httpMethod === 'GET' ? 'undefined' : '{ /* body */ }'}, {})`
    : 'apigClient.someMethodGet({}, undefined, {})';
  return `# ${spec.apiName} — JavaScript SDK (stage \`${spec.stageName}\`)

Generated by apigw-local's GetSdk (\`sdkType\` \`javascript\`) from the deployed stage, in the layout of
the SDK Amazon API Gateway generates.

## Use it in a browser

\`\`\`html
<script src="lib/apiGatewayCore/utils.js"></script>
<script src="lib/url-template/url-template.js"></script>
<script src="lib/apiGatewayCore/simpleHttpClient.js"></script>
<script src="lib/apiGatewayCore/sigV4Client.js"></script>
<script src="lib/apiGatewayCore/apiGatewayClient.js"></script>
<script src="apigClient.js"></script>
\`\`\`

## Use it in Node.js (18 or later)

\`\`\`js
const apigClientFactory = require('./apiGateway-js-sdk/apigClient.js'); // or: npm install ./apiGateway-js-sdk
\`\`\`

## Call the API

\`\`\`js
var apigClient = apigClientFactory.newClient({
  apiKey: undefined,          // sent as x-api-key
  accessKey: '', secretKey: '', sessionToken: '', region: '${spec.region}', // set accessKey/secretKey to sign (AWS_IAM)
  invokeUrl: undefined,       // apigw-local extension: another URL for the stage
});
${example}
  .then(function (result) { console.log(result.status, result.data); })
  .catch(function (err) { console.log(err.response && err.response.status); });
\`\`\`

Methods (\`params\` holds path, query string and header parameters by name):

${spec.operations.filter((o) => o.httpMethod !== 'ANY').map((o) => `- \`${o.name}(params, body, additionalParams)\` — ${o.httpMethod} ${o.path}`).join('\n')}

## What differs from the SDK AWS generates

- The default invoke URL is this stage on the apigw-local server that generated the SDK
  (\`${spec.invokeUrl}\`; on AWS it would be \`${spec.awsInvokeUrl}\`); \`config.invokeUrl\` changes it.
- The \`lib/\` runtime is apigw-local's own small one: HTTP through \`fetch\` instead of the bundled axios,
  SigV4 with Web Crypto instead of CryptoJS, its own path-template expansion instead of url-template.
  Answers have axios's shape (\`status\`, \`statusText\`, \`headers\`, \`data\`, \`config\`); a non-2xx answer
  rejects with an Error carrying \`response\`.
- Every file also loads with \`require\`, and \`package.json\` makes the folder installable with npm.
- As on AWS, \`ANY\` methods have no client method.
`;
}

export function javascriptSdkFiles(spec: SdkSpec): GeneratedFile[] {
  const pkg = {
    name: 'apigateway-js-sdk',
    version: '1.0.0',
    description: `JavaScript SDK for ${spec.apiName} (${spec.apiId}), stage ${spec.stageName}, generated by apigw-local`,
    main: 'apigClient.js',
    license: 'UNLICENSED',
    private: true,
  };
  const files: GeneratedFile[] = [];
  if (spec.operations.some((o) => o.httpMethod !== 'ANY')) files.push({ path: 'apigClient.js', content: apigClientJs(spec) });
  files.push(
    ...jsRuntimeFiles(),
    { path: 'README.md', content: readme(spec) },
    { path: 'package.json', content: JSON.stringify(pkg, null, 2) + '\n' },
  );
  return files.map((f) => ({ path: `${JS_SDK_FOLDER}/${f.path}`, content: f.content }));
}
