/**
 * front/answer.ts: the status line and header block of an answer, as Node's
 * http server writes them for the same `writeHead` call — reason phrase,
 * one line per value, `Date` unless given, `Connection`, `Content-Length`
 * for a body without one — with names and values checked as Node checks them.
 * The last block writes the same answers through a real `http.createServer`
 * and compares the bytes (less Node's `Keep-Alive: timeout=…` line, which API
 * Gateway does not send, and the Date value).
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { AnswerHeaders } from '../../../lib/dataplane/exchange';
import { answerHead, BAD_REQUEST, CONTINUE, HEADERS_TOO_LARGE, httpDate, InvalidHeader, REQUEST_TIMEOUT } from '../../../lib/front/answer';

const DATE = /^Date: [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** The head's lines, without the final empty line. */
function lines(text: string): string[] {
  expect(text.endsWith('\r\n\r\n')).toBe(true);
  return text.slice(0, -4).split('\r\n');
}

/** The lines with the Date line's value masked. */
const masked = (text: string) => lines(text).map((l) => (DATE.test(l) ? 'Date: <now>' : l));

describe('the status line', () => {
  test.each<[number, string]>([
    [100, 'Continue'],
    [200, 'OK'],
    [201, 'Created'],
    [202, 'Accepted'],
    [204, 'No Content'],
    [301, 'Moved Permanently'],
    [304, 'Not Modified'],
    [400, 'Bad Request'],
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [404, 'Not Found'],
    [413, 'Payload Too Large'],
    [415, 'Unsupported Media Type'],
    [429, 'Too Many Requests'],
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [503, 'Service Unavailable'],
    [504, 'Gateway Timeout'],
    // A code Node has no phrase for: Node writes `unknown`.
    [299, 'unknown'],
    [499, 'unknown'],
    [999, 'unknown'],
  ])('%d → "%s"', (status, reason) => {
    expect(lines(answerHead(status, {}, undefined, true).text)[0]).toBe(`HTTP/1.1 ${status} ${reason}`);
  });

  test.each([99, 1000, 0, -200, NaN])('status %d is a RangeError', (status) => {
    expect(() => answerHead(status, {}, undefined, true)).toThrow(RangeError);
  });
});

describe('header lines', () => {
  test('in the order given, names as given, then Date, Connection and Content-Length', () => {
    const h = answerHead(200, { 'x-amzn-RequestId': 'r-1', 'Content-Type': 'application/json', 'X-Amz-Apigw-Id': 'id=' }, 2, true);
    expect(masked(h.text)).toEqual([
      'HTTP/1.1 200 OK',
      'x-amzn-RequestId: r-1',
      'Content-Type: application/json',
      'X-Amz-Apigw-Id: id=',
      'Date: <now>',
      'Connection: keep-alive',
      'Content-Length: 2',
    ]);
  });

  test('an array value goes on several lines, in order', () => {
    const h = answerHead(200, { 'Set-Cookie': ['a=1; Path=/', 'b=2', 'c=3'], 'X-One': ['only'], 'X-None': [] }, undefined, true);
    expect(lines(h.text).slice(1, 5)).toEqual(['Set-Cookie: a=1; Path=/', 'Set-Cookie: b=2', 'Set-Cookie: c=3', 'X-One: only']);
    expect(h.text).not.toContain('X-None');
  });

  test('a number value is written in decimal', () => {
    const h = answerHead(200, { 'X-Count': 42, 'X-Zero': 0, 'Content-Length': 5 }, 5, true);
    expect(lines(h.text).slice(1, 4)).toEqual(['X-Count: 42', 'X-Zero: 0', 'Content-Length: 5']);
  });

  test('values are written as given: inner spaces, tabs and latin1 bytes kept; an empty value kept', () => {
    const h = answerHead(200, { 'X-A': 'a  b\tc', 'X-B': 'caf\xe9 \xff', 'X-C': '' }, undefined, true);
    expect(lines(h.text).slice(1, 4)).toEqual(['X-A: a  b\tc', 'X-B: caf\xe9 \xff', 'X-C: ']);
  });
});

describe('Date', () => {
  test('added when not given, as an HTTP-date', () => {
    const all = lines(answerHead(200, {}, undefined, true).text);
    expect(all.filter((l) => l.startsWith('Date:'))).toHaveLength(1);
    expect(all.find((l) => l.startsWith('Date:'))).toMatch(DATE);
  });

  test.each(['Date', 'date', 'DATE', 'dAtE'])('not added when given as %s (the given value is kept)', (name) => {
    const all = lines(answerHead(200, { [name]: 'Mon, 01 Jan 2024 00:00:00 GMT' }, undefined, true).text);
    expect(all.filter((l) => /^date:/i.test(l))).toEqual([`${name}: Mon, 01 Jan 2024 00:00:00 GMT`]);
  });

  test('httpDate is the HTTP-date of the second', () => {
    expect(httpDate(0)).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    expect(httpDate(1_700_000_000_999)).toBe('Tue, 14 Nov 2023 22:13:20 GMT');
    expect(httpDate(1_700_000_001_000)).toBe('Tue, 14 Nov 2023 22:13:21 GMT');
  });
});

describe('Connection', () => {
  test.each<[string, AnswerHeaders, boolean, string[], boolean]>([
    ['keep-alive allowed, none given', {}, true, ['Connection: keep-alive'], false],
    ['keep-alive not allowed, none given', {}, false, ['Connection: close'], true],
    ['Connection: close given', { Connection: 'close' }, true, ['Connection: close'], true],
    ['connection: Close given', { connection: 'Close' }, true, ['connection: Close'], true],
    ['CONNECTION: close given in a list', { CONNECTION: 'foo, close' }, true, ['CONNECTION: foo, close'], true],
    ['close given in an array', { Connection: ['keep-alive', 'close'] }, true, ['Connection: keep-alive', 'Connection: close'], true],
    ['keep-alive given', { Connection: 'keep-alive' }, true, ['Connection: keep-alive'], false],
    // The client asked to close: the given header is written as given, and the connection still closes.
    ['keep-alive given, not allowed', { Connection: 'keep-alive' }, false, ['Connection: keep-alive'], true],
  ])('%s', (_what, headers, keepAlive, connectionLines, close) => {
    const h = answerHead(200, headers, 0, keepAlive);
    expect(h.close).toBe(close);
    expect(lines(h.text).filter((l) => /^connection:/i.test(l))).toEqual(connectionLines);
  });
});

describe('Content-Length', () => {
  test.each<[string, AnswerHeaders, number | undefined, string[]]>([
    ['added for a body', {}, 11, ['Content-Length: 11']],
    ['added for an empty body', {}, 0, ['Content-Length: 0']],
    ['not added without a body length (HEAD, 204, 304)', {}, undefined, []],
    ['not added when given', { 'Content-Length': '11' }, 11, ['Content-Length: 11']],
    ['not added when given in another case', { 'content-length': 11 }, 11, ['content-length: 11']],
    ['the given one is kept even if it differs (HEAD answers the GET length)', { 'Content-Length': 99 }, undefined, ['Content-Length: 99']],
  ])('%s', (_what, headers, bodyLength, expected) => {
    expect(lines(answerHead(200, headers, bodyLength, true).text).filter((l) => /^content-length:/i.test(l))).toEqual(expected);
  });
});

describe('names and values that cannot go on the wire', () => {
  test.each<[string, AnswerHeaders]>([
    ['CR LF in a value (a header injection)', { 'X-A': 'v\r\nX-Injected: 1' }],
    ['a CR in a value', { 'X-A': 'a\rb' }],
    ['an LF in a value', { 'X-A': 'a\nb' }],
    ['a CR LF ending a value', { 'X-A': 'v\r\n' }],
    ['NUL in a value', { 'X-A': 'a\x00b' }],
    ['another control character in a value', { 'X-A': 'a\x1bb' }],
    ['DEL in a value', { 'X-A': 'a\x7fb' }],
    ['a character past latin1', { 'X-A': 'euro \u20ac' }],
    ['CR LF in one value of an array', { 'Set-Cookie': ['a=1', 'b=2\r\nX-Injected: 1'] }],
  ])('InvalidHeader (ERR_INVALID_CHAR): %s', (_what, headers) => {
    let err: unknown;
    try {
      answerHead(200, headers, 0, true);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidHeader);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as InvalidHeader).code).toBe('ERR_INVALID_CHAR');
  });

  test.each(['X A', 'X:A', 'X-A:', '', 'X\r\nY', 'caf\xe9', 'X(A)', 'X/A', 'X"A', 'X\tA'])('InvalidHeader: the name %j', (name) => {
    expect(() => answerHead(200, { [name]: 'v' }, 0, true)).toThrow(InvalidHeader);
  });

  test("what is refused is what Node's own checks refuse", () => {
    const names = ['X-A', "!#$%&'*+-.^_`|~09azAZ", 'X A', 'X:A', '', 'caf\xe9', 'X(A)', 'X\tA'];
    const values = ['v', 'a\tb', 'caf\xe9\xff', '', 'a\rb', 'a\nb', 'a\x00b', 'a\x7fb', 'a\x1fb', '\u20ac'];
    const refused = (f: () => void) => {
      try {
        f();
        return false;
      } catch {
        return true;
      }
    };
    for (const name of names) {
      expect({ name, ours: refused(() => answerHead(200, { [name]: 'v' }, 0, true)) }).toEqual({ name, ours: refused(() => http.validateHeaderName(name)) });
    }
    for (const value of values) {
      expect({ value, ours: refused(() => answerHead(200, { 'X-A': value }, 0, true)) }).toEqual({
        value,
        ours: refused(() => http.validateHeaderValue('X-A', value)),
      });
    }
  });
});

test("the fixed answers are Node's bytes", () => {
  expect(BAD_REQUEST).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  expect(HEADERS_TOO_LARGE).toBe('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n');
  expect(REQUEST_TIMEOUT).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
  expect(CONTINUE).toBe('HTTP/1.1 100 Continue\r\n\r\n');
});

describe("the same writeHead through Node's http server", () => {
  interface Case {
    what: string;
    status: number;
    headers: AnswerHeaders;
    body?: string;
    /** The request's Connection header. */
    connection?: string;
  }
  const CASES: Case[] = [
    { what: 'a JSON answer', status: 200, headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': 'r' }, body: '{"a":1}' },
    { what: 'an empty 202', status: 202, headers: { 'X-A': '1' }, body: '' },
    { what: 'an unknown status code', status: 299, headers: {}, body: 'x' },
    { what: 'array values and numbers', status: 201, headers: { 'Set-Cookie': ['a=1', 'b=2'], 'X-N': 7 }, body: 'ok' },
    { what: 'a given Content-Length', status: 200, headers: { 'content-length': 3 }, body: 'abc' },
    { what: 'a given Date', status: 404, headers: { date: 'Mon, 01 Jan 2024 00:00:00 GMT' }, body: 'no' },
    { what: 'the client asked to close', status: 200, headers: {}, body: 'bye', connection: 'close' },
    { what: 'Connection: close given', status: 413, headers: { Connection: 'close' }, body: 'big' },
  ];

  let server: http.Server;
  let port: number;
  let current: Case;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      // setHeader and end (not writeHead, after which Node chunks the body): Node then adds Content-Length as we do.
      res.statusCode = current.status;
      for (const [name, value] of Object.entries(current.headers)) res.setHeader(name, value);
      res.end(current.body === undefined ? undefined : Buffer.from(current.body, 'latin1'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Node's answer head to `c`, without its Keep-Alive line. */
  const nodeHead = (c: Case): Promise<string> =>
    new Promise((resolve, reject) => {
      current = c;
      const socket = net.connect(port, '127.0.0.1');
      let got = '';
      socket.on('data', (d) => {
        got += d.toString('latin1');
        const end = got.indexOf('\r\n\r\n');
        if (end !== -1) {
          socket.destroy();
          resolve(
            got
              .slice(0, end + 4)
              .split('\r\n')
              .filter((l) => !/^keep-alive:/i.test(l))
              .join('\r\n'),
          );
        }
      });
      socket.on('error', reject);
      socket.write(`GET / HTTP/1.1\r\nHost: h\r\n${c.connection ? `Connection: ${c.connection}\r\n` : ''}\r\n`);
    });

  test.each(CASES)('$what', async (c) => {
    const ours = answerHead(c.status, c.headers, c.body === undefined ? undefined : c.body.length, c.connection !== 'close');
    expect(masked(ours.text)).toEqual(masked(await nodeHead(c)));
  });
});
