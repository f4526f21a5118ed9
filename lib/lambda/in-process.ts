/**
 * @module lambda/in-process
 * The SDK request handler used when the built-in runtime is the Lambda
 * endpoint: the LambdaClient serializes, signs and parses exactly as it does
 * against any endpoint, but its HTTP request is handed to the runtime's
 * Invoke API in this process (invoke-api.ts) instead of going through a
 * socket to our own port. An abort (the integration timeout) rejects as the
 * SDK's Node handler does, with an `AbortError`.
 */
import type { LocalRuntime } from './runtime';
import { handleInvokeApi } from './invoke-api';

interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: Uint8Array | string;
}

interface SdkResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

function abortError(): Error {
  const e = new Error('Request aborted');
  e.name = 'AbortError';
  return e;
}

export class InProcessInvokeHandler {
  constructor(private readonly runtime: LocalRuntime) {}

  async handle(request: SdkRequest, options: { abortSignal?: unknown } = {}): Promise<{ response: SdkResponse }> {
    const signal = options.abortSignal as AbortSignal | undefined;
    if (signal?.aborted) throw abortError();
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(request.query ?? {})) {
      if (v === null) query.append(k, '');
      else for (const one of Array.isArray(v) ? v : [v]) query.append(k, one);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
    const body = request.body === undefined ? Buffer.alloc(0) : typeof request.body === 'string' ? Buffer.from(request.body) : Buffer.from(request.body);
    const answer = handleInvokeApi(this.runtime, { method: request.method, path: request.path, query, headers, body });
    const r = signal
      ? await new Promise<Awaited<typeof answer>>((resolve, reject) => {
          const onAbort = () => reject(abortError());
          signal.addEventListener('abort', onAbort, { once: true });
          answer.then(
            (v) => {
              signal.removeEventListener('abort', onAbort);
              resolve(v);
            },
            (e: unknown) => {
              signal.removeEventListener('abort', onAbort);
              reject(e);
            },
          );
        })
      : await answer;
    return { response: { statusCode: r.statusCode, headers: r.headers, body: new Uint8Array(r.body.buffer, r.body.byteOffset, r.body.length) } };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}
