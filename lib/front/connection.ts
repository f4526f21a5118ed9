/**
 * @module front/connection
 * One client connection of the HTTP/1.1 front: requests are read one after
 * another (pipelined ones wait their turn, so answers go out in order),
 * each data-plane request is given to the data plane as a ClientExchange,
 * and the connection is kept alive or closed as the client and the answer
 * say. `Expect: 100-continue` is answered `100 Continue` at once, as Node
 * does. A request that is not the data plane's — the control plane, the
 * admin API, the Lambda Invoke API, an Upgrade — hands the whole connection,
 * with the bytes not yet consumed, to Node's http server, which serves it
 * from then on. A request that cannot be parsed gets Node's 400 (431 for a
 * head over the size limit) and the connection closes.
 */
import type { Socket } from 'node:net';
import type { ClientExchange } from '../dataplane/exchange';
import type { DataPlaneTarget } from '../dataplane/context';
import { BodyFramingError } from './body-reader';
import { parseRequestHead, HeadError, type RequestHead } from './request-head';
import { BAD_REQUEST, CONTINUE, HEADERS_TOO_LARGE } from './answer';
import { FrontExchange } from './exchange';

export interface FrontHandlers {
  /** The stage a request is for, or undefined when it is not a data-plane request. */
  match(url: string, rawHeaders: string[]): DataPlaneTarget | undefined;
  /** Serves a data-plane request; answers through `client.respond`. */
  serve(client: ClientExchange, target: DataPlaneTarget): void;
  /** Gives the connection to Node's http server (its unread bytes already put back). */
  handOff(socket: Socket): void;
  /** The connection is gone or handed off. */
  forget(conn: FrontConnection): void;
  /** An unexpected failure (logged). */
  onError(err: unknown): void;
  /** A coarse clock (front/index.ts advances it every few seconds): connections note its tick on activity. */
  clock: { tick: number };
  /** The largest request head, in bytes. */
  maxHeadBytes: number;
  /** The largest request body kept, in bytes (a longer one is read and dropped; readBody refuses it). */
  maxBodyBytes: number;
}

const EMPTY = Buffer.alloc(0);
const HEAD_END = Buffer.from('\r\n\r\n');
/** Smaller answers go out as one string write; larger bodies follow their head in the same writev. */
const INLINE_BODY = 8 * 1024;
/** Bytes of later requests held while one is served, before the socket is paused. */
const MAX_HELD = 256 * 1024;

export class FrontConnection {
  /** Unconsumed bytes: the current request's body, then whatever the client pipelined after it. */
  private buf: Buffer = EMPTY;
  /** Where to go on looking for the end of a head. */
  private scanFrom = 0;
  private current?: FrontExchange;
  private pumping = false;
  /** The last answer asked to close the connection (or the request was HTTP/1.0 without keep-alive). */
  private closing = false;
  /** The client has sent all it will (a half-close): requests already received are still served. */
  private clientEnded = false;
  private gone = false;
  private paused = false;
  /** The clock tick of the last bytes received or answer written (front/index.ts sweeps on it). */
  lastActive: number;
  private remote?: { address: string | undefined; localPort: number | undefined };

  constructor(
    readonly socket: Socket,
    private readonly h: FrontHandlers,
  ) {
    this.lastActive = h.clock.tick;
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** Nothing is being served and nothing has arrived of a next request. */
  get idle(): boolean {
    return this.current === undefined && this.buf.length === 0;
  }

  /** A request head has begun arriving and is not complete. */
  get readingHead(): boolean {
    return this.current === undefined && this.buf.length > 0;
  }

  addresses(): { address: string | undefined; localPort: number | undefined } {
    return (this.remote ??= { address: this.socket.remoteAddress, localPort: this.socket.localPort });
  }

  /** Writes a fixed answer and closes (a bad request, a timeout). */
  refuse(answer: string): void {
    if (this.gone) return;
    this.gone = true;
    this.socket.end(answer, 'latin1');
    this.detach();
  }

  /** Drops the connection (not one already refused, whose answer is on its way). */
  destroy(): void {
    if (!this.gone) this.socket.destroy();
  }

  private readonly onData = (chunk: Buffer): void => {
    this.lastActive = this.h.clock.tick;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    this.pump();
  };

  private readonly onEnd = (): void => {
    // The client sent all it will: serve what it sent, then close.
    this.clientEnded = true;
    const cur = this.current;
    if (cur && cur.body && !cur.body.done) cur.clientGone();
    this.pump();
  };

  private readonly onError = (): void => {
    this.socket.destroy();
  };

  private readonly onClose = (): void => {
    this.current?.clientGone();
    this.detach();
  };

  private detach(): void {
    this.gone = true;
    // What the client goes on sending is no longer read into `buf` (nothing would consume it): it is dropped.
    this.socket.off('data', this.onData);
    this.h.forget(this);
  }

  /** Called by the exchange once its answer is written. */
  answered(close: boolean): void {
    this.lastActive = this.h.clock.tick;
    if (close) this.closing = true;
    if (!this.pumping) this.pump();
  }

  /** Reads requests from `buf` while it can: the current one's body, then the next head. */
  private pump(): void {
    if (this.pumping || this.gone) return;
    this.pumping = true;
    try {
      for (;;) {
        const cur = this.current;
        if (cur) {
          if (cur.body && !cur.body.done && this.buf.length > 0 && !this.feedBody(cur)) return;
          if (cur.isAnswered && (this.closing || (this.clientEnded && cur.body !== undefined && !cur.body.done))) {
            // Connection: close, or a client that half-closed before the end of its body (the rest will never come):
            // the rest of a body still arriving is not read.
            this.close();
            return;
          }
          if (!cur.isAnswered || (cur.body && !cur.body.done)) {
            this.holdBack();
            return;
          }
          this.current = undefined;
          this.resumeReading();
        }
        if (this.buf.length === 0 || !this.nextRequest()) {
          if (this.clientEnded && !this.current && !this.gone) this.close();
          return;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Gives the current request's body what has arrived of it; false when the framing is broken (the connection is refused). */
  private feedBody(cur: FrontExchange): boolean {
    let took: number;
    try {
      took = cur.body!.feed(this.buf);
    } catch (e) {
      if (!(e instanceof BodyFramingError)) throw e;
      this.refuse(BAD_REQUEST);
      cur.clientGone();
      return false;
    }
    this.buf = took === this.buf.length ? EMPTY : this.buf.subarray(took);
    if (cur.body!.tooLarge) cur.bodyTooLarge();
    return true;
  }

  private close(): void {
    this.gone = true;
    this.socket.end();
    this.detach();
  }

  /** Starts the next request if its head is complete; false when more bytes are needed (or the connection left). */
  private nextRequest(): boolean {
    let buf = this.buf;
    // Empty lines before a request line are ignored (RFC 9112 §2.2).
    let start = 0;
    while (start + 1 < buf.length && buf[start] === 13 && buf[start + 1] === 10) start += 2;
    if (start > 0) {
      buf = this.buf = buf.subarray(start);
      this.scanFrom = 0;
      if (buf.length === 0) return false;
    }
    const end = buf.indexOf(HEAD_END, this.scanFrom);
    if (end === -1) {
      if (buf.length > this.h.maxHeadBytes) {
        this.refuse(HEADERS_TOO_LARGE);
        return false;
      }
      if (endsWithBareLf(buf)) {
        // A head whose lines end in a bare LF: Node's parser refuses it at once, rather than waiting for CRLF CRLF.
        this.refuse(BAD_REQUEST);
        return false;
      }
      this.scanFrom = Math.max(0, buf.length - 3);
      return false;
    }
    this.scanFrom = 0;
    if (end > this.h.maxHeadBytes) {
      this.refuse(HEADERS_TOO_LARGE);
      return false;
    }
    let head: RequestHead;
    try {
      head = parseRequestHead(buf.toString('latin1', 0, end));
    } catch (e) {
      if (!(e instanceof HeadError)) throw e;
      this.refuse(BAD_REQUEST);
      return false;
    }
    const target = head.upgrade || head.url.charCodeAt(0) !== 47 /* '/' */ ? undefined : this.h.match(head.url, head.rawHeaders);
    if (!target) {
      this.handOff();
      return false;
    }
    this.buf = end + 4 === buf.length ? EMPTY : buf.subarray(end + 4);
    const exchange = new FrontExchange(this, head, this.h.maxBodyBytes);
    this.current = exchange;
    if (head.expectContinue && exchange.body) this.socket.write(CONTINUE, 'latin1');
    try {
      this.h.serve(exchange, target);
    } catch (e) {
      // The data plane answers its own failures; this is a bug: report it and drop the connection.
      this.h.onError(e);
      this.destroy();
      return false;
    }
    return !this.gone;
  }

  /** Gives the socket to Node's http server, with what it has not consumed. */
  private handOff(): void {
    if (this.clientEnded) {
      // Bytes cannot be put back on a stream that has ended: a client that half-closed gets no more answers here.
      this.close();
      return;
    }
    const socket = this.socket;
    socket.off('data', this.onData);
    socket.off('end', this.onEnd);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
    this.detach();
    socket.pause();
    if (this.buf.length > 0) socket.unshift(this.buf);
    this.buf = EMPTY;
    this.h.handOff(socket);
    socket.resume();
  }

  /** While a request is served, later requests wait; past a point the client is not read. */
  private holdBack(): void {
    const cur = this.current;
    const waitingForBody = cur !== undefined && cur.body !== undefined && !cur.body.done;
    if (!waitingForBody && this.buf.length > MAX_HELD && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private resumeReading(): void {
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** Writes an answer's bytes. */
  write(head: string, body: Buffer | undefined): void {
    const s = this.socket;
    if (s.destroyed) return;
    if (!body || body.length === 0) s.write(head, 'latin1');
    else if (body.length <= INLINE_BODY) s.write(head + body.toString('latin1'), 'latin1');
    else {
      s.cork();
      s.write(head, 'latin1');
      s.write(body);
      s.uncork();
    }
  }
}

/** The bytes hold an empty line ended by a bare LF (`\n\n` or `\r\n\n`), which no CRLF-framed head has. */
function endsWithBareLf(buf: Buffer): boolean {
  let at = buf.indexOf(10);
  while (at !== -1 && at + 1 < buf.length) {
    if (buf[at + 1] === 10 || (at > 0 && buf[at - 1] !== 13)) return true;
    at = buf.indexOf(10, at + 1);
  }
  return at !== -1 && at > 0 && buf[at - 1] !== 13;
}
