/**
 * front/body-reader.ts: a request body as it arrives (RFC 9112 §6-7).
 *
 * The contract with the connection: `feed(buf)` answers how many bytes of
 * `buf` belong to the body; the caller drops those and keeps the rest, which
 * is either the next request's bytes (once `done`) or an incomplete chunk
 * line the reader wants again with more bytes after it. These tests feed the
 * reader as the connection does — keeping what it did not take and appending
 * what arrives — with the body split at every point, byte by byte, and whole,
 * always followed by the next request's bytes, which must come back untouched.
 */
import { BodyFramingError, BodyReader } from '../../../lib/front/body-reader';

const NEXT = 'GET /next HTTP/1.1\r\nHost: h\r\n\r\n';
const bytes = (s: string) => Buffer.from(s, 'latin1');

interface Fed {
  reader: BodyReader;
  /** What the reader did not take: the next request's bytes. */
  rest: string;
  /** How many times onDone was called. */
  doneCalls: number;
}

/** Feeds `pieces` one after another as the connection would, keeping the bytes not taken in front of the next piece. */
function feedPieces(reader: BodyReader, pieces: Buffer[]): Fed {
  const fed: Fed = { reader, rest: '', doneCalls: 0 };
  reader.onDone = () => fed.doneCalls++;
  let held: Buffer = Buffer.alloc(0);
  for (const piece of pieces) {
    held = held.length === 0 ? piece : Buffer.concat([held, piece]);
    if (reader.done) continue;
    const took = reader.feed(held);
    expect(took).toBeGreaterThanOrEqual(0);
    expect(took).toBeLessThanOrEqual(held.length);
    held = held.subarray(took);
  }
  fed.rest = held.toString('latin1');
  return fed;
}

/** `text` split at `at`. */
const splitAt = (text: string, at: number) => [bytes(text.slice(0, at)), bytes(text.slice(at))];
/** `text` one byte at a time. */
const byteByByte = (text: string) => [...bytes(text)].map((b) => Buffer.from([b]));

describe('Content-Length bodies', () => {
  const BODY = '{"a":1,"b":"\xe9\x00\xff"}';

  test('in one piece with the next request after it', () => {
    const r = new BodyReader(false, BODY.length, 1024);
    expect(r.feed(bytes(BODY + NEXT))).toBe(BODY.length);
    expect(r.done).toBe(true);
    expect(r.tooLarge).toBe(false);
    expect(r.bytes().toString('latin1')).toBe(BODY);
  });

  test('split at every point (body and next request together)', () => {
    const text = BODY + NEXT;
    for (let at = 0; at <= text.length; at++) {
      const fed = feedPieces(new BodyReader(false, BODY.length, 1024), splitAt(text, at));
      expect({ at, done: fed.reader.done, body: fed.reader.bytes().toString('latin1'), rest: fed.rest, calls: fed.doneCalls }).toEqual({
        at,
        done: true,
        body: BODY,
        rest: NEXT,
        calls: 1,
      });
    }
  });

  test('byte by byte', () => {
    const fed = feedPieces(new BodyReader(false, BODY.length, 1024), byteByByte(BODY + NEXT));
    expect(fed.reader.bytes().toString('latin1')).toBe(BODY);
    expect(fed.rest).toBe(NEXT);
    expect(fed.doneCalls).toBe(1);
  });

  test('not done until the last byte', () => {
    const r = new BodyReader(false, 5, 1024);
    expect(r.feed(bytes('abcd'))).toBe(4);
    expect(r.done).toBe(false);
    expect(r.feed(bytes('e'))).toBe(1);
    expect(r.done).toBe(true);
    expect(r.bytes().toString()).toBe('abcde');
  });

  test('Content-Length 0 is done at once (and takes nothing)', () => {
    const r = new BodyReader(false, 0, 1024);
    expect(r.done).toBe(true);
    expect(r.feed(bytes(NEXT))).toBe(0);
    expect(r.bytes().length).toBe(0);
  });

  test('a done reader takes nothing more', () => {
    const r = new BodyReader(false, 3, 1024);
    r.feed(bytes('abc'));
    expect(r.feed(bytes('def'))).toBe(0);
    expect(r.bytes().toString()).toBe('abc');
  });
});

describe('chunked bodies', () => {
  test.each<[string, string, string]>([
    ['one chunk', '5\r\nhello\r\n0\r\n\r\n', 'hello'],
    ['several chunks', '5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n', 'hello world'],
    ['no chunk at all', '0\r\n\r\n', ''],
    ['upper-case hex', 'A\r\n0123456789\r\n0\r\n\r\n', '0123456789'],
    ['lower-case hex', 'a\r\n0123456789\r\n0\r\n\r\n', '0123456789'],
    ['mixed-case hex, two digits', '1A\r\n' + 'x'.repeat(26) + '\r\n0\r\n\r\n', 'x'.repeat(26)],
    ['leading zeros', '0005\r\nhello\r\n000\r\n\r\n', 'hello'],
    ['eight hex digits', '00000005\r\nhello\r\n0\r\n\r\n', 'hello'],
    ['a chunk extension', '5;name=value\r\nhello\r\n0\r\n\r\n', 'hello'],
    ['several extensions, a quoted value', '5;a;b=c;d="e;f"\r\nhello\r\n0;last\r\n\r\n', 'hello'],
    ['a trailer field', '5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n', 'hello'],
    ['two trailer fields', '5\r\nhello\r\n0\r\nX-A: 1\r\nX-B: 2\r\n\r\n', 'hello'],
    ['CRLF and binary bytes inside the data', '6\r\n\r\n\x00\xff\r\n\r\n0\r\n\r\n', '\r\n\x00\xff\r\n'],
    ['data that looks like a chunk line', '5\r\n0\r\n\r\n\r\n0\r\n\r\n', '0\r\n\r\n'],
  ])('%s: in one piece, split at every point, and byte by byte', (_what, body, expected) => {
    const text = body + NEXT;
    const check = (pieces: Buffer[], how: string) => {
      const fed = feedPieces(new BodyReader(true, 0, 1024), pieces);
      expect({ how, done: fed.reader.done, body: fed.reader.bytes().toString('latin1'), rest: fed.rest, calls: fed.doneCalls }).toEqual({
        how,
        done: true,
        body: expected,
        rest: NEXT,
        calls: 1,
      });
    };
    check([bytes(text)], 'whole');
    for (let at = 0; at <= text.length; at++) check(splitAt(text, at), `split at ${at}`);
    check(byteByByte(text), 'byte by byte');
  });

  test('in one piece, feed answers exactly the length of the body', () => {
    const body = '3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n';
    const r = new BodyReader(true, 0, 1024);
    expect(r.feed(bytes(body + NEXT))).toBe(body.length);
    expect(r.done).toBe(true);
  });

  test('an incomplete chunk line is left for the next feed (not taken, not an error)', () => {
    const r = new BodyReader(true, 0, 1024);
    expect(r.feed(bytes('5;ext'))).toBe(0);
    expect(r.feed(bytes('5;ext\r'))).toBe(0);
    expect(r.feed(bytes('5;ext\r\nhel'))).toBe(10);
    expect(r.feed(bytes('lo\r'))).toBe(2); // the data is taken; the lone CR after it waits for its LF
    expect(r.feed(bytes('\r\n0\r\n'))).toBe(5);
    expect(r.done).toBe(false);
    expect(r.feed(bytes('X-T: '))).toBe(0); // a trailer line not yet ended
    expect(r.feed(bytes('X-T: 1\r\n\r'))).toBe(8);
    expect(r.feed(bytes('\r\n'))).toBe(2);
    expect(r.done).toBe(true);
    expect(r.bytes().toString()).toBe('hello');
  });

  test('not done before the last CRLF', () => {
    const r = new BodyReader(true, 0, 1024);
    r.feed(bytes('5\r\nhello\r\n0\r\n'));
    expect(r.done).toBe(false);
    expect(r.bytes().toString()).toBe('hello');
  });
});

describe('tooLarge', () => {
  test('a Content-Length over the limit is tooLarge at once, and the body is still read to its end', () => {
    const body = 'x'.repeat(40);
    const r = new BodyReader(false, body.length, 10);
    expect(r.tooLarge).toBe(true);
    expect(r.done).toBe(false);
    const fed = feedPieces(r, [bytes(body.slice(0, 15)), bytes(body.slice(15) + NEXT)]);
    expect(fed.reader.done).toBe(true);
    expect(fed.rest).toBe(NEXT);
    expect(fed.doneCalls).toBe(1);
    expect(fed.reader.bytes().length).toBe(0); // nothing kept
  });

  test('a Content-Length at the limit is not tooLarge', () => {
    const fed = feedPieces(new BodyReader(false, 10, 10), [bytes('0123456789' + NEXT)]);
    expect(fed.reader.tooLarge).toBe(false);
    expect(fed.reader.bytes().toString()).toBe('0123456789');
  });

  test.each([1, 3, 1000])('a chunked body over the limit (pieces of %d) is tooLarge, read to its end, and nothing is kept', (step) => {
    const body = '8\r\n01234567\r\n8\r\n89abcdef\r\n8\r\nghijklmn\r\n0\r\nT: 1\r\n\r\n';
    const text = body + NEXT;
    const pieces: Buffer[] = [];
    for (let i = 0; i < text.length; i += step) pieces.push(bytes(text.slice(i, i + step)));
    const r = new BodyReader(true, 0, 20);
    const fed = feedPieces(r, pieces);
    expect(r.tooLarge).toBe(true);
    expect(r.done).toBe(true);
    expect(fed.doneCalls).toBe(1);
    expect(fed.rest).toBe(NEXT);
    expect(r.bytes().length).toBe(0);
  });

  test('tooLarge is set as soon as the kept bytes pass the limit, before the body ends', () => {
    const r = new BodyReader(true, 0, 20);
    r.feed(bytes('10\r\n0123456789abcdef\r\n'));
    expect(r.tooLarge).toBe(false);
    r.feed(bytes('8\r\n01234'));
    expect(r.tooLarge).toBe(true);
    expect(r.done).toBe(false);
  });

  test('a chunked body of exactly the limit is not tooLarge', () => {
    const fed = feedPieces(new BodyReader(true, 0, 10), [bytes('5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n')]);
    expect(fed.reader.tooLarge).toBe(false);
    expect(fed.reader.bytes().toString()).toBe('0123456789');
  });
});

describe('discard()', () => {
  test.each<[string, boolean, number, string]>([
    ['Content-Length', false, 10, '0123456789'],
    ['chunked', true, 0, '5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n'],
  ])('%s: what was kept and what arrives after it is dropped; the body is still read to its end', (_what, chunked, length, body) => {
    const r = new BodyReader(chunked, length, 1024);
    const half = Math.floor(body.length / 2);
    let held = bytes(body.slice(0, half));
    held = held.subarray(r.feed(held));
    expect(r.bytes().length).toBeGreaterThan(0);
    r.discard();
    expect(r.bytes().length).toBe(0);
    held = Buffer.concat([held, bytes(body.slice(half) + NEXT)]);
    held = held.subarray(r.feed(held));
    expect(held.toString('latin1')).toBe(NEXT);
    expect(r.done).toBe(true);
    expect(r.bytes().length).toBe(0);
    expect(r.tooLarge).toBe(false);
  });

  test('discarded bytes do not count toward the limit', () => {
    const r = new BodyReader(true, 0, 10);
    r.discard();
    const fed = feedPieces(r, [bytes('20\r\n' + 'x'.repeat(32) + '\r\n0\r\n\r\n' + NEXT)]);
    expect(fed.reader.done).toBe(true);
    expect(fed.reader.tooLarge).toBe(false);
    expect(fed.rest).toBe(NEXT);
  });
});

describe('malformed chunked bodies: BodyFramingError', () => {
  const overlong = 'f'.repeat(5000);
  test.each<[string, string]>([
    ['a size that is not hex', 'zz\r\nabc\r\n0\r\n\r\n'],
    ['a negative size', '-3\r\nabc\r\n0\r\n\r\n'],
    ['a 0x prefix', '0x3\r\nabc\r\n0\r\n\r\n'],
    ['an empty size line', '\r\nabc\r\n0\r\n\r\n'],
    ['a space before the size', ' 3\r\nabc\r\n0\r\n\r\n'],
    ['a space after the size', '3 \r\nabc\r\n0\r\n\r\n'],
    ['a space before an extension', '3 ;x\r\nabc\r\n0\r\n\r\n'],
    ['a size of nine hex digits', '100000000\r\n'],
    ['an overlong size line without its end', overlong],
    ['an overlong size line with its end', overlong + '\r\n'],
    ['an overlong extension', '3;' + 'x'.repeat(5000) + '\r\nabc\r\n0\r\n\r\n'],
    ['a bare LF after the size', '3\nabc\r\n0\r\n\r\n'],
    ['a bare CR after the size', '3\rabc\r\n0\r\n\r\n'],
    ['a bare LF after the data', '3\r\nabc\n0\r\n\r\n'],
    ['no CRLF after the data', '3\r\nabcX\r\n0\r\n\r\n'],
    ['data longer than its size', '3\r\nabcd\r\n0\r\n\r\n'],
    ['a bare LF after the last chunk', '3\r\nabc\r\n0\n\r\n'],
    ['a bare LF ending the body', '3\r\nabc\r\n0\r\n\n'],
    ['a bare LF ending a trailer line', '3\r\nabc\r\n0\r\nX-T: 1\n\r\n'],
    ['an overlong trailer line', '3\r\nabc\r\n0\r\nX-T: ' + 'x'.repeat(5000)],
  ])('%s', (_what, body) => {
    const whole = () => new BodyReader(true, 0, 1 << 20).feed(bytes(body));
    expect(whole).toThrow(BodyFramingError);
    // byte by byte too: the error shows up as soon as the bytes that make it do
    const r = new BodyReader(true, 0, 1 << 20);
    expect(() => feedPieces(r, byteByByte(body))).toThrow(BodyFramingError);
  });

  test('an overlong size line is refused before its end arrives (the reader does not wait for it forever)', () => {
    const r = new BodyReader(true, 0, 1024);
    expect(r.feed(bytes('f'.repeat(4000)))).toBe(0);
    expect(() => r.feed(bytes('f'.repeat(4200)))).toThrow(BodyFramingError);
  });

  /**
   * Node's llhttp parts from the reader on these (both checked against Node 20's http server with raw bytes):
   * it answers 400 to an empty chunk extension ("3;") and to a trailer line without a colon, which the reader
   * accepts; it accepts a size of more than 8 hex digits with leading zeros ("000000003"), which the reader refuses.
   */
  test.each<[string, 'accepted' | 'refused', string]>([
    ['an empty chunk extension', 'accepted', '3;\r\nabc\r\n0\r\n\r\n'],
    ['a trailer line without a colon', 'accepted', '3\r\nabc\r\n0\r\nbad trailer\r\n\r\n'],
    ['nine hex digits with leading zeros', 'refused', '000000003\r\nabc\r\n0\r\n\r\n'],
  ])('unlike Node: %s is %s', (_what, outcome, body) => {
    const run = () => new BodyReader(true, 0, 1024).feed(bytes(body));
    if (outcome === 'accepted') expect(run()).toBe(body.length);
    else expect(run).toThrow(BodyFramingError);
  });
});
