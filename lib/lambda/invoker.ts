/**
 * @module lambda/invoker
 * The one way API Gateway integrations call Lambda: `@aws-sdk/client-lambda`'s
 * Invoke against the configured endpoint — a URL (LocalStack, `sam local
 * start-lambda`, a second apigw-local, any Lambda Invoke API), or the built-in
 * runtime when none is configured (same client, handed to the runtime in this
 * process, see in-process.ts).
 *
 * As API Gateway: one attempt (no retries), the integration timeout as the
 * deadline (an abort), keep-alive connections. Credentials are the
 * environment's `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`
 * when set, else `test`/`test` (local endpoints accept anything); the
 * integration's `credentials` role is not assumed.
 *
 * The answer is an `InvokeOutcome`: the invocation's result (status, payload,
 * function error), or why there is none — `timeout`, `unreachable` (no
 * answer from the endpoint), or `service` (Lambda refused: unknown function,
 * throttled, payload too large…).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { InProcessInvokeHandler } from './in-process';
import type { LocalRuntime } from './runtime';

export interface InvokeInput {
  /** The function as the integration URI names it (ARN, partial ARN or name, with its qualifier). */
  functionId: string;
  region: string;
  payload: Buffer;
  invocationType?: string;
  clientContext?: string;
  timeoutMs: number;
}

export type InvokeOutcome =
  | { kind: 'result'; statusCode: number; payload: Buffer; functionError?: string; executedVersion?: string; requestId?: string }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'service'; status: number; errorType: string; message: string };

export interface LambdaInvoker {
  /** `http://127.0.0.1:3001`, or `the built-in runtime (--functions DIR)`, for log lines. */
  readonly endpointName: string;
  invoke(input: InvokeInput): Promise<InvokeOutcome>;
  close(): void;
}

// The client version is pinned; its notice about future Node.js versions says nothing to apigw-local's users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function credentials(env: NodeJS.ProcessEnv): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined };
  }
  return { accessKeyId: 'test', secretAccessKey: 'test' };
}

const EMPTY = Buffer.alloc(0);

/** Smithy's `noAuth` scheme: requests are serialized and parsed as always, but not signed. */
const NO_AUTH = {
  httpAuthSchemes: [{ schemeId: 'smithy.api#noAuth', identityProvider: () => async () => ({}), signer: { sign: async <T>(request: T): Promise<T> => request } }],
  httpAuthSchemeProvider: () => [{ schemeId: 'smithy.api#noAuth' }],
};

export class SdkLambdaInvoker implements LambdaInvoker {
  private readonly clients = new Map<string, LambdaClient>();
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });
  readonly endpointName: string;

  /** `endpoint`: a URL, or the built-in runtime. */
  constructor(
    private readonly endpoint: string | LocalRuntime,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.endpointName =
      typeof endpoint === 'string' ? endpoint : `the built-in runtime (${endpoint.catalog.dir ? `--functions ${endpoint.catalog.dir}` : 'no --functions directory'})`;
  }

  private client(region: string): LambdaClient {
    let c = this.clients.get(region);
    if (!c) {
      const builtIn = typeof this.endpoint !== 'string';
      c = new LambdaClient({
        region,
        endpoint: builtIn ? 'http://lambda.apigw-local.internal' : (this.endpoint as string),
        credentials: credentials(this.env),
        maxAttempts: 1,
        requestHandler: builtIn
          ? new InProcessInvokeHandler(this.endpoint as LocalRuntime)
          : { httpAgent: this.httpAgent, httpsAgent: this.httpsAgent, connectionTimeout: 0, requestTimeout: 0 },
        // The built-in runtime checks no signature: skip SigV4 there (it costs a third of a call).
        ...(builtIn ? NO_AUTH : {}),
      });
      this.clients.set(region, c);
    }
    return c;
  }

  async invoke(input: InvokeInput): Promise<InvokeOutcome> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), input.timeoutMs);
    let out: InvokeCommandOutput;
    try {
      out = await this.client(input.region).send(
        new InvokeCommand({
          FunctionName: input.functionId,
          Payload: input.payload,
          InvocationType: input.invocationType as InvokeCommand['input']['InvocationType'],
          ClientContext: input.clientContext,
        }),
        { abortSignal: abort.signal },
      );
    } catch (e) {
      if (abort.signal.aborted) return { kind: 'timeout' };
      return failureOf(e);
    } finally {
      clearTimeout(timer);
    }
    return {
      kind: 'result',
      statusCode: out.StatusCode ?? out.$metadata.httpStatusCode ?? 200,
      payload: out.Payload ? Buffer.from(out.Payload.buffer, out.Payload.byteOffset, out.Payload.byteLength) : EMPTY,
      functionError: out.FunctionError,
      executedVersion: out.ExecutedVersion,
      requestId: out.$metadata.requestId,
    };
  }

  close(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function failureOf(e: unknown): InvokeOutcome {
  const err = e as Error & { $metadata?: { httpStatusCode?: number }; code?: string; $response?: { statusCode?: number } };
  const status = err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
  if (status !== undefined) return { kind: 'service', status, errorType: err.name, message: err.message };
  return { kind: 'unreachable', message: err.code ? `${err.code}: ${err.message}` : err.message };
}
