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

/** A dependency of a runtime file: its parameter name, its CommonJS path and the browser global it is. */
type Dep = [param: string, cjsPath: string, browserGlobal: string];

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

const SIG_V4_CLIENT = String.raw`
  var AWS_SHA_256 = 'AWS4-HMAC-SHA256';
  var AWS4_REQUEST = 'aws4_request';
  var AWS4 = 'AWS4';
  var X_AMZ_DATE = 'x-amz-date';
  var X_AMZ_SECURITY_TOKEN = 'x-amz-security-token';
  var HOST = 'host';
  var AUTHORIZATION = 'Authorization';

  function subtle() {
    if (typeof crypto !== 'undefined' && crypto.subtle) return crypto.subtle;
    return require('node:crypto').webcrypto.subtle;
  }
  function bytes(value) {
    if (typeof value === 'string') return new TextEncoder().encode(value);
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return new Uint8Array(0);
  }
  function hex(buffer) {
    var b = new Uint8Array(buffer);
    var s = '';
    for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return s;
  }
  function hash(value) {
    return subtle().digest('SHA-256', bytes(value));
  }
  function hmac(key, value) {
    return subtle()
      .importKey('raw', bytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
      .then(function (k) { return subtle().sign('HMAC', k, bytes(value)); });
  }
  /** RFC 3986 encoding (encodeURIComponent leaves !'()* alone). */
  function rfc3986(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g, function (c) { return '%' + c.charCodeAt(0).toString(16).toUpperCase(); });
  }
  /** SigV4 for services other than S3: each path segment is encoded once more. */
  function buildCanonicalUri(path) {
    return path.split('/').map(function (seg) { return rfc3986(seg); }).join('/');
  }
  function buildCanonicalQueryString(queryParams) {
    var pairs = [];
    for (var k in queryParams) {
      if (!Object.prototype.hasOwnProperty.call(queryParams, k)) continue;
      var v = queryParams[k];
      var values = Array.isArray(v) ? v : [v];
      for (var i = 0; i < values.length; i++) pairs.push([rfc3986(k), rfc3986(String(values[i]))]);
    }
    pairs.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0; });
    return pairs.map(function (p) { return p[0] + '=' + p[1]; }).join('&');
  }
  function signedHeaderNames(headers) {
    return Object.keys(headers).map(function (h) { return h.toLowerCase(); }).sort();
  }
  function buildCanonicalHeaders(headers) {
    var lower = {};
    for (var k in headers) lower[k.toLowerCase()] = String(headers[k]).trim().replace(/\s+/g, ' ');
    return signedHeaderNames(headers).map(function (h) { return h + ':' + lower[h] + '\n'; }).join('');
  }
  /** YYYYMMDDTHHMMSSZ */
  function amzDate(now) {
    return now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  }

  var sigV4ClientFactory = {};
  sigV4ClientFactory.newClient = function (config) {
    var client = {};
    client.accessKey = utils.assertDefined(config.accessKey, 'accessKey');
    client.secretKey = utils.assertDefined(config.secretKey, 'secretKey');
    client.sessionToken = config.sessionToken;
    client.serviceName = utils.assertDefined(config.serviceName, 'serviceName');
    client.region = utils.assertDefined(config.region, 'region');
    client.endpoint = utils.assertDefined(config.endpoint, 'endpoint');

    /** The headers to add to sign this request (x-amz-date, x-amz-security-token, Authorization). */
    client.sign = function (verb, path, queryParams, headers, body) {
      var url = new URL(client.endpoint);
      var date = amzDate(new Date());
      var toSign = utils.copy(headers);
      toSign[X_AMZ_DATE] = date;
      toSign[HOST] = url.host;
      if (client.sessionToken) toSign[X_AMZ_SECURITY_TOKEN] = client.sessionToken;
      var scope = date.slice(0, 8) + '/' + client.region + '/' + client.serviceName + '/' + AWS4_REQUEST;
      return hash(body === undefined ? '' : body).then(function (payloadHash) {
        var canonical = [
          verb,
          buildCanonicalUri(url.pathname.replace(/\/$/, '') + path),
          buildCanonicalQueryString(queryParams),
          buildCanonicalHeaders(toSign),
          signedHeaderNames(toSign).join(';'),
          hex(payloadHash),
        ].join('\n');
        return hash(canonical).then(function (canonicalHash) {
          var stringToSign = [AWS_SHA_256, date, scope, hex(canonicalHash)].join('\n');
          return hmac(AWS4 + client.secretKey, date.slice(0, 8))
            .then(function (k) { return hmac(k, client.region); })
            .then(function (k) { return hmac(k, client.serviceName); })
            .then(function (k) { return hmac(k, AWS4_REQUEST); })
            .then(function (k) { return hmac(k, stringToSign); })
            .then(function (signature) {
              var out = {};
              out[X_AMZ_DATE] = date;
              if (client.sessionToken) out[X_AMZ_SECURITY_TOKEN] = client.sessionToken;
              out[AUTHORIZATION] = AWS_SHA_256 + ' Credential=' + client.accessKey + '/' + scope +
                ', SignedHeaders=' + signedHeaderNames(toSign).join(';') + ', Signature=' + hex(signature);
              return out;
            });
        });
      });
    };

    client.makeRequest = function (request) {
      var verb = utils.assertDefined(request.verb, 'verb');
      var path = utils.assertDefined(request.path, 'path');
      var queryParams = utils.copy(request.queryParams) || {};
      var headers = utils.copy(request.headers) || {};
      var body = utils.serializeBody(request.body);
      if (headers['Content-Type'] === undefined) headers['Content-Type'] = config.defaultContentType;
      if (headers['Accept'] === undefined) headers['Accept'] = config.defaultAcceptType;
      if (body === undefined) delete headers['Content-Type'];
      return client.sign(verb, path, queryParams, headers, body).then(function (signed) {
        var all = utils.mergeInto(headers, signed);
        var url = utils.buildUrl(client.endpoint, path, queryParams);
        var init = { method: verb, headers: all };
        if (body !== undefined && verb !== 'GET' && verb !== 'HEAD') init.body = body;
        return fetch(url, init).then(function (res) {
          return simpleHttpClient.answer(res, { method: verb, url: url, headers: all, data: body });
        });
      });
    };
    return client;
  };
  return sigV4ClientFactory;
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
