/**
 * @module front/request-head
 * One HTTP/1.1 request head (RFC 9112), parsed as strictly as Node's own
 * http server parses it, so that clients see the same answers whichever
 * server reads their request: the request line (a token method, a target
 * without spaces or control characters, HTTP/1.0 or HTTP/1.1), header
 * fields `name: value` (token names, no whitespace before the colon, no
 * obsolete line folding, no control characters in values), and the
 * framing facts the connection needs: Content-Length (digits; duplicates
 * refused), Transfer-Encoding (chunked last, never with Content-Length),
 * keep-alive by version and `Connection`, `Expect: 100-continue`, and
 * `Upgrade`. An HTTP/1.1 request needs a Host. Anything else is a
 * HeadError: 400 Bad Request.
 */

export interface RequestHead {
  method: string;
  /** The request target as sent. */
  url: string;
  /** `1.1` or `1.0`. */
  httpVersion: string;
  /** name, value, name, value… as sent (values without surrounding whitespace). */
  rawHeaders: string[];
  /** The body's framing: none, a Content-Length, or chunked. */
  body: 'none' | 'length' | 'chunked';
  contentLength: number;
  /** The client wants the connection kept after the answer. */
  keepAlive: boolean;
  /** `Expect: 100-continue` on HTTP/1.1. */
  expectContinue: boolean;
  /** An `Upgrade` or CONNECT request (not the data plane's: Node's http server gets it). */
  upgrade: boolean;
}

export class HeadError extends Error {}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_TARGET = /[\x00-\x20\x7f]/;
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Parses `text`: the head without its final empty line, read as latin1. */
export function parseRequestHead(text: string): RequestHead {
  let eol = text.indexOf('\r\n');
  const requestLine = eol === -1 ? text : text.slice(0, eol);
  const sp1 = requestLine.indexOf(' ');
  const sp2 = requestLine.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 === sp1) throw new HeadError('a malformed request line');
  const method = requestLine.slice(0, sp1);
  const url = requestLine.slice(sp1 + 1, sp2);
  const version = requestLine.slice(sp2 + 1);
  if (!TOKEN.test(method)) throw new HeadError('an invalid method');
  if (url === '' || BAD_TARGET.test(url)) throw new HeadError('an invalid request target');
  let httpVersion: string;
  if (version === 'HTTP/1.1') httpVersion = '1.1';
  else if (version === 'HTTP/1.0') httpVersion = '1.0';
  else throw new HeadError('an unsupported HTTP version');

  const rawHeaders: string[] = [];
  let contentLength: string | undefined;
  let transferEncoding: string | undefined;
  let connection = '';
  let expect: string | undefined;
  let hasHost = false;
  let upgrade = method === 'CONNECT';
  while (eol !== -1) {
    const start = eol + 2;
    eol = text.indexOf('\r\n', start);
    const line = eol === -1 ? text.slice(start) : text.slice(start, eol);
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HeadError('a header line without a name');
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) throw new HeadError('an invalid header name');
    const value = withoutOws(line, colon + 1);
    if (BAD_VALUE.test(value)) throw new HeadError('an invalid character in a header value');
    rawHeaders.push(name, value);
    switch (name.length) {
      case 4:
        if (name.toLowerCase() === 'host') {
          if (hasHost) throw new HeadError('more than one Host');
          hasHost = true;
        }
        break;
      case 6:
        if (name.toLowerCase() === 'expect') expect = value;
        break;
      case 7:
        if (name.toLowerCase() === 'upgrade') upgrade = true;
        break;
      case 10:
        if (name.toLowerCase() === 'connection') connection += ',' + value.toLowerCase();
        break;
      case 14:
        if (name.toLowerCase() === 'content-length') {
          if (contentLength !== undefined) throw new HeadError('more than one Content-Length');
          contentLength = value;
        }
        break;
      case 17:
        if (name.toLowerCase() === 'transfer-encoding') transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
        break;
    }
  }
  if (httpVersion === '1.1' && !hasHost) throw new HeadError('an HTTP/1.1 request without Host');

  let body: RequestHead['body'] = 'none';
  let length = 0;
  if (transferEncoding !== undefined) {
    if (contentLength !== undefined) throw new HeadError('both Content-Length and Transfer-Encoding');
    if (!/(?:^|,)\s*chunked\s*$/i.test(transferEncoding)) throw new HeadError('a Transfer-Encoding that does not end in chunked');
    body = 'chunked';
  } else if (contentLength !== undefined) {
    if (!/^\d{1,16}$/.test(contentLength)) throw new HeadError('an invalid Content-Length');
    length = Number(contentLength);
    if (length > 0) body = 'length';
  }

  const keepAlive = httpVersion === '1.1' ? !hasToken(connection, 'close') : hasToken(connection, 'keep-alive');
  return {
    method,
    url,
    httpVersion,
    rawHeaders,
    body,
    contentLength: length,
    keepAlive,
    expectContinue: httpVersion === '1.1' && expect !== undefined && expect.toLowerCase() === '100-continue',
    upgrade: upgrade && (method === 'CONNECT' || hasToken(connection, 'upgrade')),
  };
}

/**
 * The field value of `line` from `from`, without the optional whitespace (SP and HTAB only, RFC 9110 §5.6.3) around it.
 * Not String.trim: that also drops VT, FF, NBSP (0xA0 in latin1), CR and LF, which Node's parser keeps or refuses.
 */
function withoutOws(line: string, from: number): string {
  let a = from;
  let b = line.length;
  while (a < b && (line.charCodeAt(a) === 32 || line.charCodeAt(a) === 9)) a++;
  while (b > a && (line.charCodeAt(b - 1) === 32 || line.charCodeAt(b - 1) === 9)) b--;
  return a === 0 && b === line.length ? line : line.slice(a, b);
}

/** Whether a comma-separated list (lowercased) has `token`. */
function hasToken(list: string, token: string): boolean {
  if (list.indexOf(token) === -1) return false;
  for (const t of list.split(',')) if (t.trim() === token) return true;
  return false;
}
