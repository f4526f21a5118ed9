/**
 * Test helpers that own setup and teardown.
 *
 * `controlPlane()` gives a fresh in-memory app per test file and a supertest
 * agent bound to it; `api.request(…)` signs nothing (the control plane reads
 * the account and region from a SigV4 header when there is one, so `as(…)`
 * fakes one for account/region scoping tests).
 */
import request from 'supertest';
import { createApp, type App } from '../../lib/app';
import type { Config } from '../../lib/config';

export interface ControlPlane {
  app: App;
  /** A supertest agent on the app. */
  http: ReturnType<typeof request>;
  /** An Authorization header as SigV4 clients send it, for `set('authorization', …)`. */
  auth(accessKeyId?: string, region?: string): string;
  /** Creates a REST API and returns its body. */
  createApi(body?: Record<string, unknown>): Promise<{ id: string; rootResourceId: string; [k: string]: unknown }>;
  reset(): void;
}

export function sigv4Header(accessKeyId = 'AKIDEXAMPLE', region = 'us-east-1'): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261121/${region}/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`;
}

/** Call in a describe/file scope: creates the app before all tests, resets state before each, closes after all. */
export function useControlPlane(config: Partial<Config> = {}): ControlPlane {
  const cp = {} as ControlPlane;
  beforeAll(() => {
    cp.app = createApp({ db: ':memory:', logLevel: 'silent', ...config });
    cp.http = request(cp.app);
  });
  beforeEach(() => cp.app.store.reset());
  afterAll(() => cp.app.close());
  cp.auth = sigv4Header;
  cp.reset = () => cp.app.store.reset();
  cp.createApi = async (body = { name: 'test-api' }) => {
    const res = await cp.http.post('/restapis').send(body);
    if (res.status !== 201) throw new Error(`createApi failed: ${res.status} ${res.text}`);
    return res.body;
  };
  return cp;
}

/** Asserts an AWS error answer: status, x-amzn-ErrorType and (optionally) the exact message. */
export function expectAwsError(res: request.Response, status: number, type: string, message?: string | RegExp): void {
  expect({ status: res.status, type: res.headers['x-amzn-errortype'] }).toEqual({ status, type });
  expect(res.headers['x-amzn-requestid']).toBeTruthy();
  expect(typeof res.body.message).toBe('string');
  if (typeof message === 'string') expect(res.body.message).toBe(message);
  else if (message) expect(res.body.message).toMatch(message);
}
