/**
 * @module front/answer
 * The status line and header block of an answer, as Node's http server
 * would write them for the same `writeHead` call: the reason phrase of the
 * status code, each header on its own line (an array value on several),
 * names and values checked (a token name; no CR, LF or other control
 * character in a value — an injected header line is refused, not sent),
 * `Date` unless given, `Content-Length` for a body without one, and
 * `Connection: keep-alive` or `close`. Unlike Node, no `Keep-Alive:
 * timeout=…` line: API Gateway does not send one.
 */
import { STATUS_CODES } from 'node:http';
import type { AnswerHeaders } from '../dataplane/exchange';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

export class InvalidHeader extends TypeError {
  readonly code = 'ERR_INVALID_CHAR';
}

/** The current `Date` value (HTTP-date), recomputed at most once a second. */
let dateSecond = -1;
let dateValue = '';
export function httpDate(now = Date.now()): string {
  const s = Math.floor(now / 1000);
  if (s !== dateSecond) {
    dateSecond = s;
    dateValue = new Date(s * 1000).toUTCString();
  }
  return dateValue;
}

export interface AnswerHead {
  /** Status line and headers, ending with the empty line. */
  text: string;
  /** The answer asks for the connection to be closed (`Connection: close`, given or added). */
  close: boolean;
}

/**
 * Builds the head for `statusCode` and `headers`. `bodyLength` is the length of the body that goes with it
 * (undefined for none); `keepAlive` whether the connection may stay open.
 */
export function answerHead(statusCode: number, headers: AnswerHeaders, bodyLength: number | undefined, keepAlive: boolean): AnswerHead {
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 999) throw new RangeError(`Invalid status code: ${statusCode}`);
  let text = `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? 'unknown'}\r\n`;
  let hasDate = false;
  let hasLength = false;
  let close = !keepAlive;
  let connectionGiven = false;
  for (const name in headers) {
    const value = headers[name];
    if (!TOKEN.test(name)) throw new InvalidHeader(`Invalid header name: ${JSON.stringify(name)}`);
    switch (name.length) {
      case 4:
        if (name.toLowerCase() === 'date') hasDate = true;
        break;
      case 10:
        if (name.toLowerCase() === 'connection') {
          connectionGiven = true;
          if (String(value).toLowerCase().indexOf('close') !== -1) close = true;
        }
        break;
      case 14:
        if (name.toLowerCase() === 'content-length') hasLength = true;
        break;
    }
    if (Array.isArray(value)) {
      for (const v of value) text += line(name, v);
    } else if (value !== undefined) {
      text += line(name, typeof value === 'number' ? String(value) : value);
    }
  }
  if (!hasDate) text += `Date: ${httpDate()}\r\n`;
  if (!connectionGiven) text += close ? 'Connection: close\r\n' : 'Connection: keep-alive\r\n';
  if (!hasLength && bodyLength !== undefined) text += `Content-Length: ${bodyLength}\r\n`;
  return { text: text + '\r\n', close };
}

function line(name: string, value: string): string {
  if (BAD_VALUE.test(value)) throw new InvalidHeader(`Invalid character in header content [${JSON.stringify(name)}]`);
  return `${name}: ${value}\r\n`;
}

/** Node's answer to a request it cannot parse (the same bytes), after which the connection closes. */
export const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';
export const HEADERS_TOO_LARGE = 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n';
export const REQUEST_TIMEOUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';
export const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
