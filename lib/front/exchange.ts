/**
 * @module front/exchange
 * One data-plane request read by the front (connection.ts), as the data
 * plane sees it (a ClientExchange): its request line and headers, its body
 * as the BodyReader collects it (at once when it has arrived, else through a
 * promise that fails with BodyTooLarge or ClientGone), and its answer,
 * written in one go with the head answer.ts builds. HEAD, 1xx, 204 and 304
 * answers go out without their body; a body over the limit makes the answer
 * close the connection.
 */
import { BodyTooLarge, ClientGone, type AnswerHeaders, type ClientExchange } from '../dataplane/exchange';
import { BodyReader } from './body-reader';
import type { RequestHead } from './request-head';
import { answerHead } from './answer';
import type { FrontConnection } from './connection';

const EMPTY = Buffer.alloc(0);

/** One data-plane request on a FrontConnection, as the data plane sees it. */
export class FrontExchange implements ClientExchange {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  readonly rawHeaders: string[];
  readonly encrypted = false;
  /** Undefined when the request has no body. */
  readonly body?: BodyReader;
  private answeredFlag = false;
  private waiting?: { resolve(b: Buffer): void; reject(e: Error): void };
  private failure?: Error;

  constructor(
    private readonly conn: FrontConnection,
    private readonly head: RequestHead,
    maxBodyBytes: number,
  ) {
    this.method = head.method;
    this.url = head.url;
    this.httpVersion = head.httpVersion;
    this.rawHeaders = head.rawHeaders;
    if (head.body !== 'none') {
      this.body = new BodyReader(head.body === 'chunked', head.contentLength, maxBodyBytes);
      this.body.onDone = () => this.settle();
    }
  }

  get remoteAddress(): string | undefined {
    return this.conn.addresses().address;
  }

  get localPort(): number | undefined {
    return this.conn.addresses().localPort;
  }

  get responded(): boolean {
    return this.answeredFlag;
  }

  get isAnswered(): boolean {
    return this.answeredFlag;
  }

  readBody(maxBytes: number): Buffer | Promise<Buffer> {
    const body = this.body;
    if (!body) return EMPTY;
    if (this.failure) return Promise.reject(this.failure);
    if (body.tooLarge || (this.head.body === 'length' && this.head.contentLength > maxBytes)) {
      body.discard();
      return Promise.reject(new BodyTooLarge());
    }
    if (body.done) return checked(body.bytes(), maxBytes);
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting = {
        resolve: (b) => {
          const c = checked(b, maxBytes);
          if (Buffer.isBuffer(c)) resolve(c);
          else c.catch(reject);
        },
        reject,
      };
    });
  }

  discardBody(): void {
    this.body?.discard();
  }

  respond(statusCode: number, headers: AnswerHeaders, body?: Buffer): void {
    if (this.answeredFlag) throw new Error('this request has already been answered');
    const noBody = this.method === 'HEAD' || statusCode < 200 || statusCode === 204 || statusCode === 304;
    const keepAlive = this.head.keepAlive && !(this.body?.tooLarge ?? false);
    const h = answerHead(statusCode, headers, noBody || !body ? (noBody ? undefined : 0) : body.length, keepAlive);
    this.answeredFlag = true;
    this.conn.write(h.text, noBody ? undefined : body);
    this.conn.answered(h.close);
  }

  destroy(): void {
    this.answeredFlag = true;
    this.conn.destroy();
  }

  /** The body is complete. */
  private settle(): void {
    const w = this.waiting;
    if (!w) return;
    this.waiting = undefined;
    w.resolve(this.body!.bytes());
  }

  /** The body went past the limit. */
  bodyTooLarge(): void {
    this.fail(new BodyTooLarge());
  }

  /** The client left (or broke the framing) before the end of the body. */
  clientGone(): void {
    if (this.body && !this.body.done) this.fail(new ClientGone('the client closed the connection before the end of its request body'));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiting;
    if (!w) return;
    this.waiting = undefined;
    w.reject(e);
  }
}

function checked(b: Buffer, maxBytes: number): Buffer | Promise<Buffer> {
  return b.length > maxBytes ? Promise.reject(new BodyTooLarge()) : b;
}
