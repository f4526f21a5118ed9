/**
 * @module sdk/js-runtime
 * The fixed `lib/` files of the generated JavaScript SDK, in the layout AWS's
 * generated SDK has (`lib/apiGatewayCore/{utils,sigV4Client,simpleHttpClient,
 * apiGatewayClient}.js`, `lib/url-template/url-template.js`), written for
 * apigw-local: each file works as a browser script (it sets the same globals
 * AWS's do: `apiGateway.core.*`, `uritemplate`) and as a CommonJS module
 * (`require`), HTTP goes through `fetch` (browsers, Node.js 18+) instead of
 * the bundled axios, and SigV4 signing uses Web Crypto (`crypto.subtle`, or
 * node:crypto's webcrypto) instead of the bundled CryptoJS. Kept from AWS's:
 * the names and arguments of `apiGatewayClientFactory.newClient`,
 * `makeRequest(request, authType, additionalParams, apiKey)`, the utils the
 * generated `apigClient.js` calls, and axios-shaped answers
 * (`{status, statusText, headers, data, config}`; a non-2xx answer rejects
 * with an Error carrying `response`).
 */

import { SIG_V4_CLIENT } from './js-sigv4';

/** A dependency of a runtime file: its parameter name, its CommonJS path and the browser global it is. */
export type Dep = [param: string, cjsPath: string, browserGlobal: string];

/**
 * Wraps a module body so it loads as a CommonJS module or as a browser script
 * defining `root.{globalPath}`. In a browser the value is built on first use
 * (a getter), so the scripts may be included in any order — AWS's README
 * lists apiGatewayClient.js before the files it needs.
 */
export function umd(globalPath: string, deps: Dep[], body: string): string {
  const parts = globalPath.split('.');
  const parent = parts.slice(0, -1);
  const name = parts[parts.length - 1];
  const ensure = parent.map((_, i) => {
    const p = parent.slice(0, i + 1).join('.');
    return `    root.${p} = root.${p} || {};`;
  });
  const holder = parent.length ? `root.${parent.join('.')}` : 'root';
  return [
    '(function (root, factory) {',
    "  if (typeof module === 'object' && module.exports) {",
    `    module.exports = factory(${deps.map((d) => `require('${d[1]}')`).join(', ')});`,
    '  } else {',
    ...ensure,
    `    var holder = ${holder};`,
    `    Object.defineProperty(holder, '${name}', {`,
    '      configurable: true,',
    '      enumerable: true,',
    '      get: function () {',
    `        var value = factory(${deps.map((d) => `root.${d[2]}`).join(', ')});`,
    `        Object.defineProperty(holder, '${name}', { value: value, writable: true, configurable: true, enumerable: true });`,
    '        return value;',
    '      },',
    '    });',
    '  }',
    `})(typeof self !== 'undefined' ? self : this, function (${deps.map((d) => d[0]).join(', ')}) {`,
    "  'use strict';",
    body.replace(/^\n+|\s+$/g, ''),
    '});',
    '',
  ].join('\n');
}

const UTILS = String.raw`
  var utils = {
    assertDefined: function (object, name) {
      if (object === undefined) throw new Error(name + ' must be defined');
      return object;
    },
    /** Throws when a required parameter (one of keys, not in ignore) is missing from params. */
    assertParametersDefined: function (params, keys, ignore) {
      if (keys === undefined) return;
      if (keys.length > 0 && params === undefined) params = {};
      for (var i = 0; i < keys.length; i++) {
        if (!utils.contains(ignore, keys[i]) && params[keys[i]] === undefined) {
          throw new Error('Missing required parameter: ' + keys[i]);
        }
      }
    },
    /** The entries of params named in keys (undefined ones left out). */
    parseParametersToObject: function (params, keys) {
      var object = {};
      if (params === undefined) return object;
      for (var i = 0; i < keys.length; i++) {
        if (params[keys[i]] !== undefined) object[keys[i]] = params[keys[i]];
      }
      return object;
    },
    contains: function (a, obj) {
      if (a === undefined) return false;
      return a.indexOf(obj) !== -1;
    },
    copy: function (obj) {
      if (obj === null || typeof obj !== 'object') return obj;
      var out = {};
      for (var k in obj) if (Object.prototype.hasOwnProperty.call(obj, k)) out[k] = obj[k];
      return out;
    },
    mergeInto: function (baseObj, additionalProps) {
      if (baseObj === null || typeof baseObj !== 'object') return baseObj;
      var merged = utils.copy(baseObj);
      for (var k in additionalProps) if (Object.prototype.hasOwnProperty.call(additionalProps, k)) merged[k] = additionalProps[k];
      return merged;
    },
    /** endpoint + path + '?' + the query string of queryParams (arrays repeat the name). */
    buildUrl: function (endpoint, path, queryParams) {
      var query = [];
      for (var k in queryParams) {
        if (!Object.prototype.hasOwnProperty.call(queryParams, k)) continue;
        var v = queryParams[k];
        var values = Array.isArray(v) ? v : [v];
        for (var i = 0; i < values.length; i++) query.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(values[i])));
      }
      return endpoint + path + (query.length ? '?' + query.join('&') : '');
    },
    /** The body as sent: strings and binary as they are, anything else as JSON. */
    serializeBody: function (body) {
      if (body === undefined || body === null || body === '') return undefined;
      if (typeof body === 'string') return body;
      if (typeof ArrayBuffer !== 'undefined' && (body instanceof ArrayBuffer || ArrayBuffer.isView(body))) return body;
      return JSON.stringify(body);
    },
  };
  return utils;
`;

const URL_TEMPLATE = String.raw`
  /**
   * Expands the path templates API Gateway resources use: {name} becomes the
   * value percent-encoded, a greedy {name+} keeps the value's slashes.
   */
  function encodeGreedy(value) {
    return String(value).split('/').map(encodeURIComponent).join('/');
  }
  return {
    parse: function (template) {
      return {
        expand: function (values) {
          values = values || {};
          return template.replace(/\{([^}+]+)(\+?)\}/g, function (_, name, greedy) {
            var v = values[name + greedy] !== undefined ? values[name + greedy] : values[name];
            if (v === undefined || v === null) return '';
            return greedy ? encodeGreedy(v) : encodeURIComponent(String(v));
          });
        },
      };
    },
  };
`;

const SIMPLE_HTTP_CLIENT = String.raw`
  function headersOf(res) {
    var out = {};
    res.headers.forEach(function (value, name) { out[name] = value; });
    return out;
  }
  /** An axios-shaped answer: { status, statusText, headers, data, config }; data is parsed JSON when the answer is JSON. */
  function answer(res, config) {
    return res.text().then(function (text) {
      var headers = headersOf(res);
      var data = text;
      if (/json/i.test(headers['content-type'] || '') && text !== '') {
        try { data = JSON.parse(text); } catch (e) { data = text; }
      }
      var response = { status: res.status, statusText: res.statusText, headers: headers, data: data, config: config };
      if (res.status >= 200 && res.status < 300) return response;
      var err = new Error('Request failed with status code ' + res.status);
      err.response = response;
      err.status = response.status;
      err.data = response.data;
      throw err;
    });
  }
  var simpleHttpClientFactory = {};
  simpleHttpClientFactory.newClient = function (config) {
    var client = {};
    client.endpoint = utils.assertDefined(config.endpoint, 'endpoint');
    client.makeRequest = function (request) {
      var verb = utils.assertDefined(request.verb, 'verb');
      var path = utils.assertDefined(request.path, 'path');
      var queryParams = utils.copy(request.queryParams) || {};
      var headers = utils.copy(request.headers) || {};
      var body = utils.serializeBody(request.body);
      if (headers['Content-Type'] === undefined) headers['Content-Type'] = config.defaultContentType;
      if (headers['Accept'] === undefined) headers['Accept'] = config.defaultAcceptType;
      if (body === undefined) delete headers['Content-Type'];
      var url = utils.buildUrl(client.endpoint, path, queryParams);
      var init = { method: verb, headers: headers };
      if (body !== undefined && verb !== 'GET' && verb !== 'HEAD') init.body = body;
      return fetch(url, init).then(function (res) { return answer(res, { method: verb, url: url, headers: headers, data: body }); });
    };
    return client;
  };
  simpleHttpClientFactory.answer = answer;
  return simpleHttpClientFactory;
`;

const API_GATEWAY_CLIENT = String.raw`
  var apiGatewayClientFactory = {};
  apiGatewayClientFactory.newClient = function (simpleHttpClientConfig, sigV4ClientConfig) {
    var apiGatewayClient = {};
    var sigV4Client = sigV4ClientConfig && sigV4ClientConfig.accessKey ? sigV4Client_.newClient(sigV4ClientConfig) : undefined;
    var simpleClient = simpleHttpClient.newClient(simpleHttpClientConfig);

    /** Sends request ({verb, path, headers, queryParams, body}), signed when authType is AWS_IAM; apiKey goes in x-api-key. */
    apiGatewayClient.makeRequest = function (request, authType, additionalParams, apiKey) {
      var defaultContentType = utils.assertDefined(simpleHttpClientConfig.defaultContentType, 'defaultContentType');
      var defaultAcceptType = utils.assertDefined(simpleHttpClientConfig.defaultAcceptType, 'defaultAcceptType');
      var headers = utils.mergeInto(request.headers || {}, (additionalParams && additionalParams.headers) || {});
      var queryParams = utils.mergeInto(request.queryParams || {}, (additionalParams && additionalParams.queryParams) || {});
      if (headers['Content-Type'] === undefined) headers['Content-Type'] = defaultContentType;
      if (headers['Accept'] === undefined) headers['Accept'] = defaultAcceptType;
      if (apiKey !== undefined && apiKey !== '') headers['x-api-key'] = apiKey;
      var req = { verb: request.verb, path: request.path, headers: headers, queryParams: queryParams, body: request.body };
      if (authType === 'AWS_IAM') {
        if (!sigV4Client) return Promise.reject(new Error('AWS_IAM authorization needs config.accessKey and config.secretKey'));
        return sigV4Client.makeRequest(req);
      }
      return simpleClient.makeRequest(req);
    };
    return apiGatewayClient;
  };
  return apiGatewayClientFactory;
`;

const UTILS_DEP: Dep = ['utils', './utils.js', 'apiGateway.core.utils'];
const SIMPLE_DEP: Dep = ['simpleHttpClient', './simpleHttpClient.js', 'apiGateway.core.simpleHttpClientFactory'];
const SIGV4_DEP: Dep = ['sigV4Client_', './sigV4Client.js', 'apiGateway.core.sigV4ClientFactory'];

/** The `lib/` files, by path inside `apiGateway-js-sdk/`. */
export function jsRuntimeFiles(): Array<{ path: string; content: string }> {
  return [
    { path: 'lib/apiGatewayCore/utils.js', content: umd('apiGateway.core.utils', [], UTILS) },
    { path: 'lib/url-template/url-template.js', content: umd('uritemplate', [], URL_TEMPLATE) },
    { path: 'lib/apiGatewayCore/simpleHttpClient.js', content: umd('apiGateway.core.simpleHttpClientFactory', [UTILS_DEP], SIMPLE_HTTP_CLIENT) },
    { path: 'lib/apiGatewayCore/sigV4Client.js', content: umd('apiGateway.core.sigV4ClientFactory', [UTILS_DEP, SIMPLE_DEP], SIG_V4_CLIENT) },
    {
      path: 'lib/apiGatewayCore/apiGatewayClient.js',
      content: umd('apiGateway.core.apiGatewayClientFactory', [UTILS_DEP, SIMPLE_DEP, SIGV4_DEP], API_GATEWAY_CLIENT),
    },
  ];
}
