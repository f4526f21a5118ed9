/**
 * @module sdk/js-sigv4
 * The body of the generated JavaScript SDK's `lib/apiGatewayCore/sigV4Client.js`:
 * AWS Signature Version 4 for `execute-api` as AWS's generated SDK signs
 * (headers x-amz-date, host, x-amz-security-token with a session token, all
 * request headers signed; no x-amz-content-sha256), with Web Crypto
 * (`crypto.subtle`, or node:crypto's webcrypto in Node.js) instead of the
 * CryptoJS copy AWS bundles. Non-S3 canonical URI: each path segment
 * encoded once more. The unit tests compare its signatures with
 * @smithy/signature-v4's.
 */
export const SIG_V4_CLIENT = String.raw`
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
