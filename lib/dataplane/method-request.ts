/**
 * @module dataplane/method-request
 * The method request's headers as templates, mappings and the steps read
 * them: by name as sent (the last value of a repeated header), every value
 * by name, and both again by lowercased name. Each of the four maps is built
 * from the raw headers the first time it is read — most requests need one
 * of them, if any.
 */
import type { MethodRequest } from './context';

const EMPTY = Buffer.alloc(0);

export class ReceivedRequest implements MethodRequest {
  querystring: Record<string, string> = {};
  multiQuerystring: Record<string, string[]> = {};
  body: Buffer = EMPTY;
  private byName?: Record<string, string>;
  private allByName?: Record<string, string[]>;
  private byLc?: Record<string, string>;
  private allByLc?: Record<string, string[]>;

  constructor(
    public httpMethod: string,
    public path: string,
    public sourceIp: string,
    /** name, value, name, value… as the client sent them. */
    private readonly rawHeaders: string[],
  ) {}

  get header(): Record<string, string> {
    if (!this.byName) {
      const m: Record<string, string> = {};
      const raw = this.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) m[raw[i]] = raw[i + 1];
      this.byName = m;
    }
    return this.byName;
  }

  get multiHeader(): Record<string, string[]> {
    if (!this.allByName) {
      const m: Record<string, string[]> = {};
      const raw = this.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) (m[raw[i]] ??= []).push(raw[i + 1]);
      this.allByName = m;
    }
    return this.allByName;
  }

  get headerLc(): Record<string, string> {
    if (!this.byLc) {
      const m: Record<string, string> = {};
      const raw = this.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) m[raw[i].toLowerCase()] = raw[i + 1];
      this.byLc = m;
    }
    return this.byLc;
  }

  get multiHeaderLc(): Record<string, string[]> {
    if (!this.allByLc) {
      const m: Record<string, string[]> = {};
      const raw = this.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) (m[raw[i].toLowerCase()] ??= []).push(raw[i + 1]);
      this.allByLc = m;
    }
    return this.allByLc;
  }
}
