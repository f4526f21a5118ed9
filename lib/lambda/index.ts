/**
 * @module lambda
 * Lambda for apigw-local, wired once per app:
 * - the built-in runtime for the `--functions` directory, whose Invoke API is
 *   served on the emulator's own port (`POST /2015-03-31/functions/…`);
 * - the invoker Lambda integrations use: the endpoint named by
 *   `AWS_ENDPOINT_URL_LAMBDA`, else `AWS_ENDPOINT_URL`, else `--lambda-endpoint`
 *   (resolved in config.ts), else the built-in runtime.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config';
import type { Logger } from '../log';
import { INVOKE_API_PREFIX, serveInvokeApi } from './invoke-api';
import { SdkLambdaInvoker, type LambdaInvoker } from './invoker';
import { LocalRuntime } from './runtime';

export type { LambdaInvoker } from './invoker';

export interface LambdaService {
  readonly invoker: LambdaInvoker;
  readonly runtime: LocalRuntime;
  /** Whether a request is for the Invoke API (cheap: a prefix check). */
  matches(url: string | undefined): boolean;
  serve(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

export function createLambdaService(cfg: Pick<Config, 'functions' | 'lambdaEndpoint' | 'defaultRegion' | 'accountId'>, log: Logger): LambdaService {
  const runtime = new LocalRuntime({ dir: cfg.functions || undefined, region: cfg.defaultRegion, accountId: cfg.accountId, log });
  const invoker = new SdkLambdaInvoker(cfg.lambdaEndpoint || runtime);
  log.debug(`lambda: Lambda integrations invoke ${invoker.endpointName}`);
  return {
    invoker,
    runtime,
    matches: (url) => url !== undefined && url.startsWith(INVOKE_API_PREFIX),
    serve: (req, res) => serveInvokeApi(runtime, req, res, log),
    close: async () => {
      invoker.close();
      await runtime.close();
    },
  };
}
