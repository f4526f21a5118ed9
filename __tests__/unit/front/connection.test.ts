/**
 * front/connection.ts: one client connection of the HTTP/1.1 front, driven
 * through a fake socket (what the front writes is recorded; what the client
 * sends is emitted as 'data') and fake handlers: `match` takes paths under
 * `/dp/` as data-plane requests, `serve` answers as each test says, and
 * `handOff` records the socket and the bytes put back for Node's http server.
 *
 * The contract pinned here: answers go out in request order whatever order
 * the data plane finishes them in; request bodies are read across any
 * number of data events; `Expect: 100-continue` is answered before the body;
 * a request that is not the data plane's hands the connection off with
 * exactly the bytes not consumed; `Connection: close` (asked or answered),
 * HTTP/1.0 and half-close end the connection after the answers owed; a body
 * over the limit is answered at once and closes; broken framing is Node's 400;
 * a client that leaves mid-body makes readBody reject with ClientGone.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { BodyTooLarge, ClientGone, type ClientExchange } from '../../../lib/dataplane/exchange';
import type { DataPlaneTarget } from '../../../lib/dataplane/context';
import { FrontConnection, type FrontHandlers } from '../../../lib/front/connection';
import { BAD_REQUEST, CONTINUE, HEADERS_TOO_LARGE } from '../../../lib/front/answer';

// ---------------------------------------------------------------------------------------------
// The fake socket and handlers

class FakeSocket extends EventEmitter {
  readonly remoteAddress = '203.0.113.7';
  readonly localPort = 4510;
  readonly writes: string[] = [];
  /** Writes after end() or destroy(): a real socket would fail them. */
  readonly lateWrites: string[] = [];
  readonly unshifted: Buffer[] = [];
  ended = false;
  destroyed = false;
  paused = false;
  noDelay = false;

  write(data: string | Buffer): boolean {
    const text = typeof data === 'string' ? data : data.toString('latin1');
    (this.ended || this.destroyed ? this.lateWrites : this.writes).push(text);
    return true;
  }
  end(data?: string): this {
    if (data !== undefined) this.write(data);
    this.ended = true;
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    return this;
  }
  pause(): this {
    this.paused = true;
    return this;
  }
  resume(): this {
    this.paused = false;
    return this;
  }
  unshift(chunk: Buffer): void {
    this.unshifted.unshift(chunk);
  }
  setNoDelay(on = true): this {
    this.noDelay = on;
    return this;
  }
  cork(): void {}
  uncork(): void {}

  /** Everything written, as latin1. */
  get output(): string {
    return this.writes.join('');
  }
  /** The client sends `text`. */
  send(text: string | Buffer): void {
    this.emit('data', Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'));
  }
}

type Serve = (client: ClientExchange, target: DataPlaneTarget) => void;

interface Rig {
  socket: FakeSocket;
  conn: FrontConnection;
  /** The exchanges served, in order. */
  served: ClientExchange[];
  targets: DataPlaneTarget[];
  handedOff: { socket: unknown; bytes: string; pausedThen: boolean }[];
  errors: unknown[];
  forgotten: number;
  clock: { tick: number };
}

const rigs: Rig[] = [];

function rig(serve: Serve, opts: { maxBodyBytes?: number; maxHeadBytes?: number } = {}): Rig {
  const socket = new FakeSocket();
  const r = { socket, served: [], targets: [], handedOff: [], errors: [], forgotten: 0 } as unknown as Rig;
  r.clock = { tick: 0 };
  const h: FrontHandlers = {
    clock: r.clock,
    match: (url) => (url.startsWith('/dp/') ? { apiId: 'api1', stageName: 'dp', path: url.slice(3).split('?')[0], rawQuery: '', via: 'path' } : undefined),
    serve: (client, target) => {
      r.served.push(client);
      r.targets.push(target);
      serve(client, target);
    },
    handOff: (s) => r.handedOff.push({ socket: s, bytes: Buffer.concat(socket.unshifted).toString('latin1'), pausedThen: socket.paused }),
    forget: () => void r.forgotten++,
    onError: (e) => void r.errors.push(e),
    maxHeadBytes: opts.maxHeadBytes ?? 1024,
    maxBodyBytes: opts.maxBodyBytes ?? 100,
  };
  r.conn = new FrontConnection(socket as unknown as Socket, h);
  rigs.push(r);
  return r;
}

afterEach(() => {
  // Whatever the case, nothing is written after the front ended or dropped the socket, and nothing failed unexpectedly.
  for (const r of rigs.splice(0)) {
    expect(r.socket.lateWrites).toEqual([]);
    expect(r.errors).toEqual([]);
  }
});

/** Lets promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Answers at once with `METHOD url` as the body. */
const answerNow = (c: ClientExchange) => c.respond(200, { 'Content-Type': 'text/plain' }, Buffer.from(`${c.method} ${c.url}`));

/** Reads the body, then answers it back (413 past the limit; a client gone is dropped, as the data plane does). */
const echoBody: Serve = (c) => {
  Promise.resolve(c.readBody(100)).then(
    (body) => c.respond(200, {}, Buffer.concat([Buffer.from(`${c.url}:`), body])),
    (e: unknown) => {
      if (e instanceof BodyTooLarge) c.respond(413, { 'Content-Type': 'application/json' }, Buffer.from('{"message":"Request Too Long"}'));
      else if (e instanceof ClientGone) c.destroy();
      else throw e;
    },
  );
};

/** Holds every exchange for the test to answer. */
function later(): { serve: (c: ClientExchange) => void; pending: ClientExchange[] } {
  const pending: ClientExchange[] = [];
  return { serve: (c) => void pending.push(c), pending };
}

const ok = (c: ClientExchange, text: string) => c.respond(200, {}, Buffer.from(text));

// ---------------------------------------------------------------------------------------------
// Reading what the front wrote

interface Answer {
  status: number;
  /** Header lines as written. */
  lines: string[];
  header(name: string): string | undefined;
  body: string;
}

/** Splits the bytes written into answers (framed by Content-Length; 1xx, 204, 304 and `head` ones have none). */
function answers(output: string, head = false): Answer[] {
  const out: Answer[] = [];
  let p = 0;
  while (p < output.length) {
    const end = output.indexOf('\r\n\r\n', p);
    if (end === -1) throw new Error(`an incomplete answer: ${JSON.stringify(output.slice(p))}`);
    const [statusLine, ...lines] = output.slice(p, end).split('\r\n');
    const m = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine);
    if (!m) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
    const status = Number(m[1]);
    const header = (name: string) => {
      const l = lines.find((x) => x.toLowerCase().startsWith(`${name.toLowerCase()}:`));
      return l === undefined ? undefined : l.slice(l.indexOf(':') + 1).trim();
    };
    p = end + 4;
    let body = '';
    if (!(head || status < 200 || status === 204 || status === 304)) {
      const length = Number(header('content-length'));
      if (!Number.isInteger(length)) throw new Error(`an answer without Content-Length: ${statusLine}`);
      body = output.slice(p, p + length);
      p += length;
    }
    out.push({ status, lines, header, body });
  }
  return out;
}

const bodies = (output: string) => answers(output).map((a) => `${a.status} ${a.body}`);

const GET = (path: string, ...fields: string[]) => [`GET ${path} HTTP/1.1`, 'Host: h', ...fields, '', ''].join('\r\n');
const POST = (path: string, body: string, ...fields: string[]) => [`POST ${path} HTTP/1.1`, 'Host: h', `Content-Length: ${Buffer.byteLength(body, 'latin1')}`, ...fields, '', body].join('\r\n');
const CHUNKED = (path: string, chunked: string, ...fields: string[]) => [`POST ${path} HTTP/1.1`, 'Host: h', 'Transfer-Encoding: chunked', ...fields, '', chunked].join('\r\n');

// ---------------------------------------------------------------------------------------------

describe('one request', () => {
  test('the exchange as the data plane sees it, and the answer as written', () => {
    const r = rig((c) => c.respond(201, { 'X-Amzn-RequestId': 'r1', 'Set-Cookie': ['a=1', 'b=2'] }, Buffer.from('created')));
    expect(r.socket.noDelay).toBe(true);
    r.socket.send('GET /dp/items?x=1 HTTP/1.1\r\nHost: api.example\r\nX-Multi: a\r\nx-multi: b\r\n\r\n');
    const c = r.served[0];
    expect({
      method: c.method,
      url: c.url,
      httpVersion: c.httpVersion,
      rawHeaders: c.rawHeaders,
      remoteAddress: c.remoteAddress,
      localPort: c.localPort,
      encrypted: c.encrypted,
      responded: c.responded,
    }).toEqual({
      method: 'GET',
      url: '/dp/items?x=1',
      httpVersion: '1.1',
      rawHeaders: ['Host', 'api.example', 'X-Multi', 'a', 'x-multi', 'b'],
      remoteAddress: '203.0.113.7',
      localPort: 4510,
      encrypted: false,
      responded: true,
    });
    expect(r.targets[0]).toMatchObject({ apiId: 'api1', path: '/items' });
    const [a] = answers(r.socket.output);
    expect(a.status).toBe(201);
    expect(a.lines.filter((l) => !l.startsWith('Date:'))).toEqual(['X-Amzn-RequestId: r1', 'Set-Cookie: a=1', 'Set-Cookie: b=2', 'Connection: keep-alive', 'Content-Length: 7']);
    expect(a.body).toBe('created');
    expect(r.socket.ended || r.socket.destroyed).toBe(false);
    expect(r.conn.idle).toBe(true);
  });

  test('responded is false until the answer; a second answer throws', () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(GET('/dp/a'));
    const c = l.pending[0];
    expect(c.responded).toBe(false);
    expect(r.conn.idle).toBe(false);
    ok(c, 'one');
    expect(c.responded).toBe(true);
    expect(() => ok(c, 'two')).toThrow();
    expect(bodies(r.socket.output)).toEqual(['200 one']);
  });

  test('an answer with a header that cannot go on the wire throws before writing anything; a good one can follow', () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(GET('/dp/a'));
    const c = l.pending[0];
    expect(() => c.respond(200, { 'X-A': 'v\r\nX-Injected: 1' }, Buffer.from('x'))).toThrow(TypeError);
    expect(c.responded).toBe(false);
    expect(r.socket.output).toBe('');
    c.respond(502, {}, Buffer.from('bad header'));
    expect(bodies(r.socket.output)).toEqual(['502 bad header']);
  });

  test.each<[string, string, number, boolean]>([
    ['HEAD', 'HEAD', 200, false],
    ['204', 'GET', 204, false],
    ['304', 'GET', 304, false],
    ['200', 'GET', 200, true],
  ])('%s: the body is written only when the answer has one', (_what, method, status, hasBody) => {
    const r = rig((c) => c.respond(status, {}, Buffer.from('payload')));
    r.socket.send(`${method} /dp/a HTTP/1.1\r\nHost: h\r\n\r\n`);
    const out = r.socket.output;
    expect(out.endsWith('payload')).toBe(hasBody);
    expect(/\r\ncontent-length:/i.test(out)).toBe(hasBody);
  });

  test('a large answer body goes out whole', () => {
    const big = Buffer.alloc(100_000, 'z');
    const r = rig((c) => c.respond(200, {}, big));
    r.socket.send(GET('/dp/big'));
    const [a] = answers(r.socket.output);
    expect(a.body.length).toBe(100_000);
    expect(a.body).toBe(big.toString('latin1'));
  });

  test('empty lines before a request line are skipped', () => {
    const r = rig(answerNow);
    r.socket.send(`\r\n\r\n${GET('/dp/a')}\r\n${GET('/dp/b')}`);
    expect(bodies(r.socket.output)).toEqual(['200 GET /dp/a', '200 GET /dp/b']);
  });
});

describe('pipelining', () => {
  test('answers go out in request order: the first answered later, the second at once', async () => {
    const slow: ClientExchange[] = [];
    const r = rig((c) => {
      if (c.url === '/dp/slow') slow.push(c);
      else answerNow(c);
    });
    r.socket.send(GET('/dp/slow') + GET('/dp/fast') + GET('/dp/fast2'));
    expect(r.socket.output).toBe(''); // nothing may overtake the first answer
    await settle();
    expect(r.socket.output).toBe('');
    ok(slow[0], 'slow');
    expect(bodies(r.socket.output)).toEqual(['200 slow', '200 GET /dp/fast', '200 GET /dp/fast2']);
    expect(r.conn.idle).toBe(true);
    expect(r.socket.ended).toBe(false);
  });

  test('three answered in reverse order still go out in request order', () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(GET('/dp/1') + GET('/dp/2') + GET('/dp/3'));
    // A request is given to the data plane once those before it are answered.
    expect(l.pending.map((c) => c.url)).toEqual(['/dp/1']);
    ok(l.pending[0], 'one');
    ok(l.pending[1], 'two');
    ok(l.pending[2], 'three');
    expect(bodies(r.socket.output)).toEqual(['200 one', '200 two', '200 three']);
  });

  test('two requests (a body, then none) split at every point across two data events', async () => {
    const text = POST('/dp/a', 'hello', 'X-A: 1') + GET('/dp/b');
    for (let at = 0; at <= text.length; at++) {
      const r = rig(echoBody);
      r.socket.send(text.slice(0, at));
      await settle();
      r.socket.send(text.slice(at));
      await settle();
      expect({ at, got: bodies(r.socket.output) }).toEqual({ at, got: ['200 /dp/a:hello', '200 /dp/b:'] });
    }
  });

  test('two requests byte by byte', async () => {
    const text = CHUNKED('/dp/a', '3;x=1\r\nabc\r\n0\r\nT: 1\r\n\r\n') + POST('/dp/b', 'xyz');
    const r = rig(echoBody);
    for (const b of Buffer.from(text, 'latin1')) r.socket.send(Buffer.from([b]));
    await settle();
    expect(bodies(r.socket.output)).toEqual(['200 /dp/a:abc', '200 /dp/b:xyz']);
  });
});

describe('request bodies', () => {
  test.each<[string, string[], string]>([
    ['Content-Length, three data events', [POST('/dp/a', 'hello world').slice(0, -8), 'lo w', 'orld'], 'hello world'],
    ['Content-Length, the head alone first', [POST('/dp/a', 'hello world').slice(0, -11), 'hello world'], 'hello world'],
    ['Content-Length with its head', [POST('/dp/a', 'hello world')], 'hello world'],
    ['chunked, split inside a size line and inside data', [CHUNKED('/dp/a', '5\r'), '\nhel', 'lo\r\n6;e=1\r\n wor', 'ld\r\n0\r\n', '\r\n'], 'hello world'],
    ['chunked with its head', [CHUNKED('/dp/a', 'B\r\nhello world\r\n0\r\n\r\n')], 'hello world'],
    ['chunked with trailers', [CHUNKED('/dp/a', 'b\r\nhello world\r\n'), '0\r\nX-T: 1\r\n', '\r\n'], 'hello world'],
  ])('%s', async (_what, pieces, body) => {
    const r = rig(echoBody);
    for (const p of pieces) {
      r.socket.send(p);
      await settle();
    }
    expect(bodies(r.socket.output)).toEqual([`200 /dp/a:${body}`]);
  });

  test('readBody before the body has arrived waits for it; an empty body is there at once', async () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(POST('/dp/a', '') + POST('/dp/b', 'abc').slice(0, -3));
    const empty = l.pending[0].readBody(100);
    expect(Buffer.isBuffer(empty) && empty.length).toBe(0);
    ok(l.pending[0], 'a');
    const p = l.pending[1].readBody(100);
    let got: Buffer | undefined;
    void Promise.resolve(p).then((b) => (got = b));
    await settle();
    expect(got).toBeUndefined();
    r.socket.send('abc');
    await settle();
    expect(got?.toString()).toBe('abc');
  });

  test('discardBody: the body is skipped and the next request served', async () => {
    const r = rig((c) => {
      if (c.method === 'POST') {
        c.discardBody();
        ok(c, 'discarded');
      } else answerNow(c);
    });
    r.socket.send(POST('/dp/a', 'x'.repeat(50)).slice(0, -20));
    r.socket.send('x'.repeat(20) + GET('/dp/b'));
    expect(bodies(r.socket.output)).toEqual(['200 discarded', '200 GET /dp/b']);
  });

  test('an answer written before the body arrived: the body is still read past before the next request', () => {
    const r = rig(answerNow);
    r.socket.send(CHUNKED('/dp/a', '5\r\nhel'));
    r.socket.send('lo\r\n0\r\n\r\n' + GET('/dp/b'));
    expect(bodies(r.socket.output)).toEqual(['200 POST /dp/a', '200 GET /dp/b']);
    expect(r.served.map((c) => c.url)).toEqual(['/dp/a', '/dp/b']);
  });
});

describe('Expect: 100-continue', () => {
  test('100 Continue is written before the body arrives, then the answer', async () => {
    const r = rig(echoBody);
    r.socket.send(POST('/dp/a', 'hello', 'Expect: 100-continue').slice(0, -5));
    expect(r.socket.output).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    expect(r.socket.output).toBe(CONTINUE);
    r.socket.send('hello');
    await settle();
    expect(r.socket.output.startsWith(CONTINUE)).toBe(true);
    expect(bodies(r.socket.output)).toEqual(['100 ', '200 /dp/a:hello']);
  });

  test.each<[string, string]>([
    ['HTTP/1.0', 'POST /dp/a HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n'],
    ['no Expect', 'POST /dp/a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n'],
    // Node's server writes 100 Continue here too; RFC 9110 §10.1.1 lets a server skip it when no content is coming.
    ['no body', 'GET /dp/a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n'],
  ])('not written: %s', (_what, text) => {
    const r = rig(() => undefined);
    r.socket.send(text);
    expect(r.socket.output).toBe('');
  });
});

describe('hand-off to Node http server', () => {
  test('a first request that is not the data plane: everything sent so far is put back', () => {
    const r = rig(answerNow);
    const text = 'POST /restapis HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\n{"a"' + GET('/dp/after');
    r.socket.send(text.slice(0, 20));
    r.socket.send(text.slice(20));
    expect(r.handedOff).toHaveLength(1);
    expect(r.handedOff[0].socket).toBe(r.socket);
    expect(r.handedOff[0].bytes).toBe(text);
    expect(r.handedOff[0].pausedThen).toBe(true); // bytes put back while paused, then reading resumes
    expect(r.socket.paused).toBe(false);
    expect(r.served).toEqual([]);
    expect(r.socket.output).toBe('');
    expect(r.forgotten).toBe(1);
    // The front no longer listens: what comes next is Node's.
    expect(r.socket.listenerCount('data') + r.socket.listenerCount('end') + r.socket.listenerCount('close') + r.socket.listenerCount('error')).toBe(0);
  });

  test.each<[string, string, string]>([
    ['after a data-plane GET', GET('/dp/a'), GET('/restapis') + 'GET /part'],
    ['after a data-plane POST with a Content-Length body', POST('/dp/a', 'body!'), GET('/_apigw/health') + 'PUT /x'],
    ['after a data-plane POST with a chunked body', CHUNKED('/dp/a', '5\r\nbody!\r\n0\r\nT: x\r\n\r\n'), POST('/restapis', '{}')],
    ['an absolute-form target', GET('/dp/a'), 'GET http://h/dp/x HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['an asterisk-form target', GET('/dp/a'), 'OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['an Upgrade on a data-plane path', GET('/dp/a'), GET('/dp/ws', 'Connection: Upgrade', 'Upgrade: websocket')],
    ['CONNECT', GET('/dp/a'), 'CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n'],
  ])('%s: the data-plane answer, then exactly the unconsumed bytes put back', async (_what, first, rest) => {
    const r = rig(echoBody);
    r.socket.send(first + rest);
    await settle();
    expect(r.served).toHaveLength(1);
    expect(answers(r.socket.output)).toHaveLength(1);
    expect(r.handedOff.map((h) => h.bytes)).toEqual([rest]);
  });

  test('a data-plane request answered later: the hand-off waits for its answer', () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(GET('/dp/a') + GET('/restapis'));
    expect(r.handedOff).toEqual([]);
    ok(l.pending[0], 'a');
    expect(bodies(r.socket.output)).toEqual(['200 a']);
    expect(r.handedOff.map((h) => h.bytes)).toEqual([GET('/restapis')]);
  });

  test('the request to hand off arriving in a later data event, split', () => {
    const r = rig(answerNow);
    r.socket.send(GET('/dp/a'));
    r.socket.send('GET /rest');
    expect(r.handedOff).toEqual([]);
    r.socket.send('apis HTTP/1.1\r\nHost: h\r\n\r\nxyz');
    expect(r.handedOff.map((h) => h.bytes)).toEqual(['GET /restapis HTTP/1.1\r\nHost: h\r\n\r\nxyz']);
  });
});

describe('closing', () => {
  test.each<[string, 'close' | 'keep-alive', string]>([
    ['Connection: close asked', 'close', GET('/dp/a', 'Connection: close')],
    ['Connection: close among other tokens', 'close', GET('/dp/a', 'Connection: foo, close')],
    ['HTTP/1.0', 'close', 'GET /dp/a HTTP/1.0\r\n\r\n'],
    ['HTTP/1.0 with keep-alive', 'keep-alive', 'GET /dp/a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'],
    ['HTTP/1.1', 'keep-alive', GET('/dp/a')],
  ])('%s → Connection: %s', (_what, connection, text) => {
    const r = rig(answerNow);
    r.socket.send(text + GET('/dp/next'));
    const got = answers(r.socket.output);
    expect(got[0].header('connection')).toBe(connection);
    if (connection === 'close') {
      expect(r.socket.ended).toBe(true);
      expect(got).toHaveLength(1); // the request after it is not served
      expect(r.served).toHaveLength(1);
      expect(r.forgotten).toBe(1);
    } else {
      expect(r.socket.ended).toBe(false);
      expect(got).toHaveLength(2);
    }
  });

  test('a Connection: close request answered later: the socket ends after its answer', () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(GET('/dp/a', 'Connection: close'));
    expect(r.socket.ended).toBe(false);
    ok(l.pending[0], 'bye');
    expect(bodies(r.socket.output)).toEqual(['200 bye']);
    expect(r.socket.ended).toBe(true);
  });

  test('an answer that says Connection: close ends the socket', () => {
    const r = rig((c) => c.respond(503, { Connection: 'close' }, Buffer.from('going')));
    r.socket.send(GET('/dp/a') + GET('/dp/b'));
    const got = answers(r.socket.output);
    expect(got.map((a) => a.header('connection'))).toEqual(['close']);
    expect(r.socket.ended).toBe(true);
  });

  test('half-close after two pipelined requests: both are answered, in order, then the socket ends', () => {
    const l = later();
    const r = rig((c) => (c.url === '/dp/first' ? l.serve(c) : ok(c, 'second')));
    r.socket.send(GET('/dp/first') + GET('/dp/second'));
    r.socket.emit('end');
    expect(r.socket.ended).toBe(false);
    ok(l.pending[0], 'first');
    expect(bodies(r.socket.output)).toEqual(['200 first', '200 second']);
    expect(answers(r.socket.output).map((a) => a.header('connection'))).toEqual(['keep-alive', 'keep-alive']);
    expect(r.socket.ended).toBe(true);
  });

  test('half-close with both answered later', () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(GET('/dp/1') + GET('/dp/2'));
    r.socket.emit('end');
    ok(l.pending[0], 'one');
    expect(r.socket.ended).toBe(false);
    ok(l.pending[1], 'two');
    expect(bodies(r.socket.output)).toEqual(['200 one', '200 two']);
    expect(r.socket.ended).toBe(true);
  });

  test.each<[string, string]>([
    ['nothing sent', ''],
    ['after an answered request', GET('/dp/a')],
    ['with half a head', 'GET /dp/a HTTP/1.1\r\nHo'],
  ])('half-close %s: the socket ends', (_what, text) => {
    const r = rig(answerNow);
    if (text) r.socket.send(text);
    r.socket.emit('end');
    expect(r.socket.ended).toBe(true);
  });
  test('half-close mid-body after the answer was written: the socket ends (the body never will)', () => {
    const r = rig((c) => {
      c.discardBody();
      c.respond(403, {}, Buffer.from('forbidden'));
    });
    r.socket.send(POST('/dp/a', 'x'.repeat(50)).slice(0, -30));
    expect(bodies(r.socket.output)).toEqual(['403 forbidden']);
    r.socket.emit('end');
    expect(r.socket.ended).toBe(true);
  });

  test('half-close, then a request for Node http server: no hand-off (bytes cannot be put back on an ended stream); the socket ends after the data-plane answer', () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(GET('/dp/a') + GET('/control'));
    r.socket.emit('end');
    ok(l.pending[0], 'a');
    expect(bodies(r.socket.output)).toEqual(['200 a']);
    expect(r.handedOff).toEqual([]);
    expect(r.socket.ended).toBe(true);
  });

  test.each<[string, string]>([
    ['LF LF', 'GET /dp/a HTTP/1.1\nHost: h\n\n'],
    ['a bare LF inside an otherwise CRLF head', 'GET /dp/a HTTP/1.1\r\nHost: h\nX-A: b\r\n'],
  ])('a head with bare LF line ends (%s): 400 at once, as Node answers, not a wait for CRLF CRLF', (_what, text) => {
    const r = rig(answerNow);
    r.socket.send(text);
    expect(r.socket.output).toBe(BAD_REQUEST);
    expect(r.socket.ended).toBe(true);
  });

  test.each<[string, string]>([
    ['a Connection: close answer', GET('/dp/a', 'Connection: close')],
    ['a 400', 'BAD\r\n\r\n'],
  ])('after %s the front stops reading: what the client goes on sending is not held', (_what, text) => {
    const r = rig(answerNow);
    r.socket.send(text);
    expect(r.socket.ended).toBe(true);
    // Nothing of the client's is read any more (a 'data' listener would buffer it all, never consumed).
    expect(r.socket.listenerCount('data')).toBe(0);
  });
});

describe('bodies over the limit', () => {
  test('a Content-Length over the limit: 413 at once, Connection: close, without waiting for the body', async () => {
    const r = rig(echoBody, { maxBodyBytes: 100 });
    r.socket.send(POST('/dp/big', 'x'.repeat(1000)).slice(0, -990)); // the head and 10 bytes
    await settle();
    const [a] = answers(r.socket.output);
    expect(a.status).toBe(413);
    expect(a.header('connection')).toBe('close');
    expect(r.socket.ended).toBe(true);
    r.socket.send('x'.repeat(990) + GET('/dp/next')); // the rest of the body, and a request that is not served
    await settle();
    expect(r.served).toHaveLength(1);
  });

  test('a Content-Length at the limit is read', async () => {
    const r = rig(echoBody, { maxBodyBytes: 100 });
    r.socket.send(POST('/dp/a', 'y'.repeat(100)));
    await settle();
    expect(answers(r.socket.output)[0].body).toBe(`/dp/a:${'y'.repeat(100)}`);
    expect(r.socket.ended).toBe(false);
  });

  test('a chunked body that goes over the limit: 413, Connection: close', async () => {
    const r = rig(echoBody, { maxBodyBytes: 100 });
    r.socket.send(CHUNKED('/dp/big', '40\r\n' + 'a'.repeat(64) + '\r\n'));
    await settle();
    expect(r.socket.output).toBe('');
    r.socket.send('40\r\n' + 'b'.repeat(64) + '\r\n');
    await settle();
    const [a] = answers(r.socket.output);
    expect(a.status).toBe(413);
    expect(a.header('connection')).toBe('close');
    expect(r.socket.ended).toBe(true);
  });

  test('readBody called after the body went over the limit rejects too', async () => {
    const l = later();
    const r = rig(l.serve, { maxBodyBytes: 10 });
    r.socket.send(CHUNKED('/dp/big', 'f\r\n' + 'a'.repeat(15) + '\r\n0\r\n\r\n'));
    await expect(Promise.resolve(l.pending[0].readBody(10))).rejects.toBeInstanceOf(BodyTooLarge);
    l.pending[0].respond(413, {}, Buffer.from('big'));
    expect(answers(r.socket.output)[0].header('connection')).toBe('close');
  });

  test("readBody with a limit below the connection's: refused, and the connection goes on", async () => {
    const l = later();
    const r = rig(l.serve, { maxBodyBytes: 100 });
    r.socket.send(POST('/dp/a', 'z'.repeat(50)) + GET('/dp/b'));
    await expect(Promise.resolve(l.pending[0].readBody(20))).rejects.toBeInstanceOf(BodyTooLarge);
    l.pending[0].respond(413, {}, Buffer.from('big'));
    ok(l.pending[1], 'b');
    expect(bodies(r.socket.output)).toEqual(['413 big', '200 b']);
  });
});

describe('broken input', () => {
  test.each<[string, string]>([
    ['a chunk size that is not hex', 'zz\r\nabc\r\n0\r\n\r\n'],
    ['a chunk not followed by CRLF', '3\r\nabcX\r\n0\r\n\r\n'],
    ['a bare LF after a chunk size', '3\nabc\r\n0\r\n\r\n'],
  ])("a bad chunked body (%s): Node's 400, the socket ends, readBody rejects with ClientGone", async (_what, body) => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(CHUNKED('/dp/a', ''));
    const read = Promise.resolve(l.pending[0].readBody(100));
    r.socket.send(body);
    await expect(read).rejects.toBeInstanceOf(ClientGone);
    expect(r.socket.output).toBe(BAD_REQUEST);
    expect(r.socket.ended).toBe(true);
    l.pending[0].destroy(); // what the data plane does on ClientGone: the 400 still goes out
    expect(r.socket.destroyed).toBe(false);
  });

  test('a bad chunked body with its head, through a data plane that reads it', async () => {
    const r = rig(echoBody);
    r.socket.send(CHUNKED('/dp/a', '3\r\nabc\r\nnothex\r\n') + GET('/dp/b'));
    await settle();
    expect(r.socket.output).toBe(BAD_REQUEST);
    expect(r.socket.ended).toBe(true);
    expect(r.served).toHaveLength(1);
  });

  test.each<[string, string]>([
    ['a bad request line', 'GET /a b HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['a header without a colon', 'GET /dp/a HTTP/1.1\r\nHost: h\r\nX-A\r\n\r\n'],
    ['HTTP/1.1 without Host', 'GET /dp/a HTTP/1.1\r\n\r\n'],
    ['two Content-Lengths', 'POST /dp/a HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx'],
  ])("a malformed head (%s): Node's 400 and the socket ends", (_what, text) => {
    const r = rig(answerNow);
    r.socket.send(text);
    expect(r.socket.output).toBe(BAD_REQUEST);
    expect(r.socket.ended).toBe(true);
    expect(r.served).toEqual([]);
    expect(r.handedOff).toEqual([]);
  });

  test('a malformed head after a good one: the first is answered, then 400', () => {
    const r = rig(answerNow);
    r.socket.send(GET('/dp/a') + 'BAD\r\n\r\n');
    const out = r.socket.output;
    expect(out.endsWith(BAD_REQUEST)).toBe(true);
    expect(bodies(out.slice(0, -BAD_REQUEST.length))).toEqual(['200 GET /dp/a']);
    expect(r.socket.ended).toBe(true);
  });

  test.each<[string, string]>([
    ['without its end', 'GET /dp/a HTTP/1.1\r\nHost: h\r\nX-Big: ' + 'b'.repeat(1100)],
    ['with its end', 'GET /dp/a HTTP/1.1\r\nHost: h\r\nX-Big: ' + 'b'.repeat(1100) + '\r\n\r\n'],
  ])('a head over the limit (%s): 431 and the socket ends', (_what, text) => {
    const r = rig(answerNow, { maxHeadBytes: 1024 });
    r.socket.send(text);
    expect(r.socket.output).toBe(HEADERS_TOO_LARGE);
    expect(r.socket.ended).toBe(true);
  });

  test('a head of exactly the limit (without its final CRLF CRLF) is served', () => {
    const r = rig(answerNow, { maxHeadBytes: 1024 });
    const bare = GET('/dp/a', 'X-Big: ').length - 4;
    const text = GET('/dp/a', `X-Big: ${'b'.repeat(1024 - bare)}`);
    expect(text.length).toBe(1024 + 4);
    r.socket.send(text.slice(0, 1000));
    r.socket.send(text.slice(1000));
    expect(answers(r.socket.output).map((a) => a.status)).toEqual([200]);
  });

  test('a data plane that throws: reported, and the connection dropped', () => {
    const r = rig(() => {
      throw new Error('a bug');
    });
    r.socket.send(GET('/dp/a'));
    expect(r.errors).toHaveLength(1);
    r.errors.length = 0; // expected here
    expect(r.socket.destroyed).toBe(true);
  });
});

describe('a client that leaves', () => {
  test('the socket closes mid-body: readBody rejects with ClientGone', async () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(POST('/dp/a', 'hello').slice(0, -3));
    const read = Promise.resolve(l.pending[0].readBody(100));
    r.socket.emit('close');
    await expect(read).rejects.toBeInstanceOf(ClientGone);
    expect(r.forgotten).toBeGreaterThanOrEqual(1);
    // readBody asked after the close rejects too
    await expect(Promise.resolve(l.pending[0].readBody(100))).rejects.toBeInstanceOf(ClientGone);
  });

  test('the client half-closes mid-body: readBody rejects with ClientGone', async () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(CHUNKED('/dp/a', '5\r\nhel'));
    const read = Promise.resolve(l.pending[0].readBody(100));
    r.socket.emit('end');
    await expect(read).rejects.toBeInstanceOf(ClientGone);
  });

  test('a close after the body arrived does not fail readBody', async () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(POST('/dp/a', 'hello'));
    r.socket.emit('close');
    await expect(Promise.resolve(l.pending[0].readBody(100))).resolves.toEqual(Buffer.from('hello'));
  });

  test('an answer after the socket was destroyed writes nothing', () => {
    const l = later();
    const r = rig(l.serve);
    r.socket.send(GET('/dp/a'));
    r.socket.destroyed = true;
    r.socket.emit('close');
    ok(l.pending[0], 'late');
    expect(r.socket.output).toBe('');
  });

  test('a socket error drops the connection', () => {
    const r = rig(answerNow);
    r.socket.emit('error', new Error('ECONNRESET'));
    expect(r.socket.destroyed).toBe(true);
  });
});

describe('flow control', () => {
  test('pipelined bytes past 256 KB while a request is served pause the socket; its answer resumes it', () => {
    const l = later();
    const r = rig((c) => (c.url === '/dp/first' ? l.serve(c) : answerNow(c)));
    r.socket.send(GET('/dp/first'));
    const next = GET('/dp/n', `X-Pad: ${'p'.repeat(900)}`);
    let sent = 0;
    while (sent <= 256 * 1024) {
      r.socket.send(next);
      sent += next.length;
    }
    expect(r.socket.paused).toBe(true);
    ok(l.pending[0], 'first');
    expect(r.socket.paused).toBe(false);
    expect(answers(r.socket.output)).toHaveLength(1 + Math.ceil((256 * 1024 + 1) / next.length));
  });

  test('a body being read is never a reason to pause', () => {
    const l = later();
    const r = rig(l.serve, { maxBodyBytes: 1 << 20 });
    r.socket.send(`POST /dp/a HTTP/1.1\r\nHost: h\r\nContent-Length: ${600 * 1024}\r\n\r\n`);
    for (let i = 0; i < 600; i++) r.socket.send('b'.repeat(1024));
    expect(r.socket.paused).toBe(false);
  });
});

describe('idle and readingHead (what the sweep in front/index.ts acts on)', () => {
  test('lastActive is the clock tick of the last bytes received or answer written', () => {
    const l = later();
    const r = rig(l.serve);
    const clock = r.clock;
    clock.tick = 7;
    r.socket.send(GET('/dp/a'));
    expect(r.conn.lastActive).toBe(7);
    clock.tick = 9;
    ok(l.pending[0], 'a');
    expect(r.conn.lastActive).toBe(9);
  });


  test('idle between requests; readingHead while a head is arriving; neither while one is served', () => {
    const l = later();
    const r = rig(l.serve);
    expect([r.conn.idle, r.conn.readingHead]).toEqual([true, false]);
    r.socket.send('GET /dp/a HTTP/1.1\r\n');
    expect([r.conn.idle, r.conn.readingHead]).toEqual([false, true]);
    r.socket.send('Host: h\r\n\r\n');
    expect([r.conn.idle, r.conn.readingHead]).toEqual([false, false]);
    ok(l.pending[0], 'a');
    expect([r.conn.idle, r.conn.readingHead]).toEqual([true, false]);
  });
});
