/**
 * @module dataplane/http1-parser
 * An incremental HTTP/1.1 response parser for the integration client
 * (http-client.ts): status line, headers (names as sent, obs-fold joined),
 * 1xx interim responses skipped, and the body framed as RFC 9112 says —
 * none for HEAD, 204 and 304; chunked (extensions ignored, trailers
 * dropped); Content-Length (differing duplicates refused); else up to the
 * end of the connection. Whether the connection may be reused follows the
 * version and `Connection` header. Anything malformed is a ParseError (the
 * integration then answers 502, see integrations/http.ts).
 */

export interface ParsedResponse {
  statusCode: number;
  /** name, value, name, value… as the backend sent them. */
  rawHeaders: string[];
  body: Buffer;
  /** The connection may carry another request. */
  keepAlive: boolean;
}

export class ParseError extends Error {}

const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
type State = 'head' | 'fixed' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done';

export class ResponseParser {
  /** Bytes received so far (0 means the backend answered nothing at all). */
  received = 0;
  private state: State = 'head';
  private buf: Buffer = EMPTY;
  private chunks: Buffer[] = [];
  private bodyBytes = 0;
  private remaining = 0;
  private statusCode = 0;
  private rawHeaders: string[] = [];
  private keepAlive = true;

  constructor(
    /** The request was HEAD: no body follows whatever the headers say. */
    private readonly head: boolean,
    private readonly maxBodyBytes: number,
  ) {}

  /** Feeds bytes; returns the response once complete. */
  push(chunk: Buffer): ParsedResponse | undefined {
    this.received += chunk.length;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    for (;;) {
      switch (this.state) {
        case 'head':
          if (!this.readHead()) return undefined;
          break;
        case 'fixed': {
          const take = Math.min(this.remaining, this.buf.length);
          this.addBody(this.buf.subarray(0, take));
          this.buf = this.buf.subarray(take);
          this.remaining -= take;
          if (this.remaining > 0) return undefined;
          this.state = 'done';
          break;
        }
        case 'chunk-size': {
          const eol = this.buf.indexOf(CRLF);
          if (eol === -1) {
            if (this.buf.length > 1024) throw new ParseError('a chunk size line longer than 1 KB');
            return undefined;
          }
          const line = this.buf.toString('latin1', 0, eol);
          this.buf = this.buf.subarray(eol + 2);
          const semi = line.indexOf(';');
          const hex = (semi === -1 ? line : line.slice(0, semi)).trim();
          if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw new ParseError(`a bad chunk size: ${JSON.stringify(line)}`);
          const size = parseInt(hex, 16);
          if (size === 0) this.state = 'trailers';
          else {
            this.remaining = size;
            this.state = 'chunk-data';
          }
          break;
        }
        case 'chunk-data': {
          const take = Math.min(this.remaining, this.buf.length);
          this.addBody(this.buf.subarray(0, take));
          this.buf = this.buf.subarray(take);
          this.remaining -= take;
          if (this.remaining > 0) return undefined;
          this.state = 'chunk-end';
          break;
        }
        case 'chunk-end':
          if (this.buf.length < 2) return undefined;
          if (this.buf[0] !== 13 || this.buf[1] !== 10) throw new ParseError('a chunk not followed by CRLF');
          this.buf = this.buf.subarray(2);
          this.state = 'chunk-size';
          break;
        case 'trailers': {
          const eol = this.buf.indexOf(CRLF);
          if (eol === -1) {
            if (this.buf.length > MAX_HEAD_BYTES) throw new ParseError('trailers too large');
            return undefined;
          }
          this.buf = this.buf.subarray(eol + 2);
          if (eol === 0) this.state = 'done'; // trailer fields themselves are dropped
          break;
        }
        case 'until-close':
          this.addBody(this.buf);
          this.buf = EMPTY;
          return undefined;
        case 'done':
          // Bytes after the response: the connection is not reused.
          if (this.buf.length > 0) this.keepAlive = false;
          return this.result();
      }
    }
  }

  /** The connection closed: completes a body framed by the close, else the response is cut short. */
  finish(): ParsedResponse {
    if (this.state === 'until-close') {
      this.keepAlive = false;
      return this.result();
    }
    if (this.state === 'done') return this.result();
    throw new ParseError(this.received === 0 ? 'the connection closed without an answer' : 'the connection closed before the end of the answer');
  }

  private addBody(b: Buffer): void {
    if (b.length === 0) return;
    this.bodyBytes += b.length;
    if (this.bodyBytes > this.maxBodyBytes) throw new ParseError(`the answer exceeds ${this.maxBodyBytes} bytes`);
    this.chunks.push(b);
  }

  private result(): ParsedResponse {
    const body = this.chunks.length === 0 ? EMPTY : this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.bodyBytes);
    return { statusCode: this.statusCode, rawHeaders: this.rawHeaders, body, keepAlive: this.keepAlive };
  }

  /** Parses one head if complete; false when more bytes are needed. */
  private readHead(): boolean {
    const end = this.buf.indexOf(HEAD_END);
    if (end === -1) {
      if (this.buf.length > MAX_HEAD_BYTES) throw new ParseError('response headers larger than 64 KB');
      return false;
    }
    const text = this.buf.toString('latin1', 0, end);
    this.buf = this.buf.subarray(end + 4);
    let eol = text.indexOf('\r\n');
    const statusLine = eol === -1 ? text : text.slice(0, eol);
    // HTTP/1.x NNN[ reason]
    const c = statusLine.charCodeAt(12);
    if (
      !statusLine.startsWith('HTTP/1.') ||
      (statusLine[7] !== '0' && statusLine[7] !== '1') ||
      statusLine[8] !== ' ' ||
      !/^\d{3}$/.test(statusLine.slice(9, 12)) ||
      (statusLine.length > 12 && c !== 32)
    ) {
      throw new ParseError(`not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 100))}`);
    }
    const http11 = statusLine[7] === '1';
    const status = Number(statusLine.slice(9, 12));
    const raw: string[] = [];
    let contentLength: string | undefined;
    let transferEncoding: string | undefined;
    let connection = '';
    while (eol !== -1) {
      const start = eol + 2;
      eol = text.indexOf('\r\n', start);
      const line = eol === -1 ? text.slice(start) : text.slice(start, eol);
      if (line.length === 0) continue;
      const first = line.charCodeAt(0);
      if (first === 32 || first === 9) {
        if (raw.length === 0) throw new ParseError('a continuation line before any header');
        raw[raw.length - 1] += ' ' + line.trim();
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) throw new ParseError(`a malformed header line: ${JSON.stringify(line.slice(0, 100))}`);
      const name = line.slice(0, colon);
      const value = trimValue(line, colon + 1);
      raw.push(name, value);
      // Only the framing headers matter here: compare by length first.
      if (colon === 14) {
        if (name.toLowerCase() === 'content-length') {
          if (contentLength !== undefined && contentLength !== value) throw new ParseError('differing Content-Length headers');
          contentLength = value;
        }
      } else if (colon === 17) {
        if (name.toLowerCase() === 'transfer-encoding') transferEncoding = transferEncoding ? `${transferEncoding}, ${value}` : value;
      } else if (colon === 10) {
        if (name.toLowerCase() === 'connection') connection += ',' + value.toLowerCase();
      }
    }
    if (status >= 100 && status < 200) {
      if (status === 101) throw new ParseError('the backend switched protocols (101)');
      return true; // an interim response: the final one follows
    }
    this.statusCode = status;
    this.rawHeaders = raw;
    this.keepAlive =
      connection === '' ? http11 : http11 ? !/(^|,)\s*close\s*(,|$)/.test(connection) : /(^|,)\s*keep-alive\s*(,|$)/.test(connection);
    if (this.head || status === 204 || status === 304) {
      this.state = 'done';
    } else if (transferEncoding !== undefined) {
      if (/(^|,)\s*chunked\s*$/i.test(transferEncoding)) this.state = 'chunk-size';
      else {
        this.state = 'until-close';
        this.keepAlive = false;
      }
    } else if (contentLength !== undefined) {
      if (!/^\d{1,15}$/.test(contentLength)) throw new ParseError(`a bad Content-Length: ${JSON.stringify(contentLength)}`);
      this.remaining = Number(contentLength);
      if (this.remaining > this.maxBodyBytes) throw new ParseError(`the answer exceeds ${this.maxBodyBytes} bytes`);
      this.state = this.remaining === 0 ? 'done' : 'fixed';
    } else {
      this.state = 'until-close';
      this.keepAlive = false;
    }
    return true;
  }
}

/** The value of a header line after the colon, without surrounding spaces and tabs. */
function trimValue(line: string, from: number): string {
  let a = from;
  let b = line.length;
  while (a < b && (line.charCodeAt(a) === 32 || line.charCodeAt(a) === 9)) a++;
  while (b > a && (line.charCodeAt(b - 1) === 32 || line.charCodeAt(b - 1) === 9)) b--;
  return line.slice(a, b);
}
