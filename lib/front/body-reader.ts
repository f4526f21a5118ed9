/**
 * @module front/body-reader
 * A request body as it arrives (RFC 9112 §6-7): a Content-Length body, or
 * a chunked one (chunk extensions ignored, trailer fields dropped). The
 * bytes are kept up to a limit — past it the body is still read to its end,
 * so the connection stays in step, but `tooLarge` is set and nothing more is
 * kept — or dropped as they come once nobody will read them (`discard`).
 * A malformed chunked body is a BodyFramingError (400).
 */

export class BodyFramingError extends Error {}

const MAX_LINE = 4096;
const EMPTY = Buffer.alloc(0);
const enum State {
  Size,
  Data,
  DataEnd,
  Trailers,
  Done,
}

export class BodyReader {
  done = false;
  tooLarge = false;
  private keep = true;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Content-Length: bytes still to come; chunked: bytes left in the current chunk. */
  private remaining: number;
  private state: State;

  constructor(
    private readonly chunked: boolean,
    contentLength: number,
    private readonly maxBytes: number,
  ) {
    this.remaining = chunked ? 0 : contentLength;
    this.state = chunked ? State.Size : State.Data;
    if (!chunked && contentLength > maxBytes) {
      this.tooLarge = true;
      this.keep = false;
    }
    if (!chunked && contentLength === 0) this.finish();
  }

  /** Reads what belongs to the body from `buf`; answers how many bytes it took (the rest is the next request's). */
  feed(buf: Buffer): number {
    let at = 0;
    while (at < buf.length && this.state !== State.Done) {
      switch (this.state) {
        case State.Data: {
          const take = Math.min(this.remaining, buf.length - at);
          this.add(at === 0 && take === buf.length ? buf : buf.subarray(at, at + take));
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            if (this.chunked) this.state = State.DataEnd;
            else this.finish();
          }
          break;
        }
        case State.Size: {
          const eol = buf.indexOf(10, at);
          if (eol === -1 || eol - at > MAX_LINE) {
            if (buf.length - at > MAX_LINE) throw new BodyFramingError('a chunk size line that does not end');
            return at; // the rest of the line is still to come
          }
          const line = buf.toString('latin1', at, eol > at && buf[eol - 1] === 13 ? eol - 1 : eol);
          if (buf[eol - 1] !== 13) throw new BodyFramingError('a chunk size line not ended by CRLF');
          at = eol + 1;
          const semi = line.indexOf(';');
          const hex = semi === -1 ? line : line.slice(0, semi);
          if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw new BodyFramingError('an invalid chunk size');
          const n = parseInt(hex, 16);
          if (n === 0) this.state = State.Trailers;
          else {
            this.remaining = n;
            this.state = State.Data;
          }
          break;
        }
        case State.DataEnd: {
          if (buf.length - at < 2) {
            if (buf[at] !== 13) throw new BodyFramingError('a chunk not followed by CRLF');
            return at;
          }
          if (buf[at] !== 13 || buf[at + 1] !== 10) throw new BodyFramingError('a chunk not followed by CRLF');
          at += 2;
          this.state = State.Size;
          break;
        }
        case State.Trailers: {
          const eol = buf.indexOf(10, at);
          if (eol === -1) {
            if (buf.length - at > MAX_LINE) throw new BodyFramingError('a trailer line that does not end');
            return at;
          }
          if (buf[eol - 1] !== 13 || eol - 1 < at) throw new BodyFramingError('a trailer line not ended by CRLF');
          const empty = eol - 1 === at;
          at = eol + 1;
          if (empty) this.finish(); // trailer fields themselves are dropped
          break;
        }
      }
    }
    return at;
  }

  /** Nobody will read the body: what arrives from now on is dropped. */
  discard(): void {
    this.keep = false;
    this.chunks = [];
  }

  /** The body as received (once `done`, unless `tooLarge`). */
  bytes(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : this.chunks.length === 0 ? EMPTY : Buffer.concat(this.chunks, this.size);
  }

  /** Called once the body is complete. */
  onDone?: () => void;

  private add(b: Buffer): void {
    if (!this.keep || b.length === 0) return;
    this.size += b.length;
    if (this.size > this.maxBytes) {
      this.tooLarge = true;
      this.discard();
      return;
    }
    this.chunks.push(b);
  }

  private finish(): void {
    this.state = State.Done;
    this.done = true;
    this.onDone?.();
  }
}
