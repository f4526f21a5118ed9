/**
 * @module openapi/cli-import
 * `apigw-local import FILE [--stage NAME] [--endpoint URL] [--mode overwrite|merge
 * --rest-api-id ID] [--fail-on-warnings] [--basepath ignore|prepend|split]
 * [--region REGION]`: imports an OpenAPI file into a running apigw-local over
 * HTTP (ImportRestApi, or PutRestApi with `--rest-api-id`), deploys it to
 * `--stage` when given (CreateDeployment), and prints the API id and the
 * invoke URLs (`{endpoint}/restapis/{id}/{stage}/_user_request_/` and
 * `http://{id}.execute-api.localhost:{port}/{stage}/`).
 *
 * Output: result lines on stdout, import warnings on stderr ("warning: …").
 * Exit codes: 0 done, 1 the server refused or could not be reached (one line
 * naming why), 2 bad usage (unreadable file, inconsistent flags). Requests
 * are unsigned, as the control plane accepts any caller; `--region` adds a
 * SigV4-shaped Authorization header only to choose the region the API lives in.
 */
import * as fs from 'node:fs';
import type { Command } from 'commander';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4567';

export interface ImportCommandOptions {
  stage?: string;
  endpoint?: string;
  mode?: string;
  restApiId?: string;
  failOnWarnings?: boolean;
  basepath?: string;
  region?: string;
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

class CliFailure extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

function endpointUrl(raw: string | undefined): URL {
  const text = raw ?? process.env.APIGW_LOCAL_ENDPOINT ?? DEFAULT_ENDPOINT;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url;
  } catch {
    throw new CliFailure(`--endpoint must be an http(s) URL, got '${text}'`, 2);
  }
}

async function call(endpoint: URL, method: string, path: string, body: Buffer | string, opts: ImportCommandOptions): Promise<ApiAnswer> {
  const headers: Record<string, string> = {
    'content-type': typeof body === 'string' ? 'application/json' : 'application/octet-stream',
  };
  if (opts.region) {
    headers.authorization = `AWS4-HMAC-SHA256 Credential=apigw-local-cli/20200101/${opts.region}/apigateway/aws4_request, SignedHeaders=host, Signature=0`;
  }
  const url = new URL(path, endpoint);
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new CliFailure(
      `cannot reach apigw-local at ${endpoint.origin} (${cause?.code ?? cause?.message ?? (e as Error).message}); is \`apigw-local serve\` running there?`,
      1,
    );
  }
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { message: text };
  }
  if (res.status >= 400) {
    const type = res.headers.get('x-amzn-errortype') ?? `HTTP ${res.status}`;
    throw new CliFailure(`${method} ${url.pathname} failed: ${type}: ${String(parsed.message ?? text)}`, 1);
  }
  return { status: res.status, body: parsed };
}

function checkOptions(opts: ImportCommandOptions): void {
  if (opts.mode !== undefined && !['overwrite', 'merge'].includes(opts.mode)) {
    throw new CliFailure(`--mode must be overwrite or merge, got '${opts.mode}'`, 2);
  }
  if (opts.mode !== undefined && opts.restApiId === undefined) throw new CliFailure('--mode needs --rest-api-id (the API to put the file into)', 2);
  if (opts.basepath !== undefined && !['ignore', 'prepend', 'split'].includes(opts.basepath)) {
    throw new CliFailure(`--basepath must be ignore, prepend or split, got '${opts.basepath}'`, 2);
  }
  if (opts.stage !== undefined && !/^[a-zA-Z0-9_-]+$/.test(opts.stage)) {
    throw new CliFailure(`--stage must be letters, digits, '-' and '_', got '${opts.stage}'`, 2);
  }
}

/** The URLs a deployed stage answers on. */
export function invokeUrls(endpoint: URL, apiId: string, stage: string): string[] {
  const base = endpoint.href.replace(/\/+$/, '');
  const port = endpoint.port || (endpoint.protocol === 'https:' ? '443' : '80');
  return [`${base}/restapis/${apiId}/${stage}/_user_request_/`, `${endpoint.protocol}//${apiId}.execute-api.localhost:${port}/${stage}/`];
}

async function run(file: string, opts: ImportCommandOptions, io: Output): Promise<void> {
  checkOptions(opts);
  const endpoint = endpointUrl(opts.endpoint);
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch (e) {
    throw new CliFailure(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 2);
  }
  const query = new URLSearchParams();
  if (opts.failOnWarnings) query.set('failonwarnings', 'true');
  if (opts.basepath) query.set('basepath', opts.basepath);
  let answer: ApiAnswer;
  if (opts.restApiId !== undefined) {
    query.set('mode', opts.mode ?? 'merge');
    answer = await call(endpoint, 'PUT', `/restapis/${encodeURIComponent(opts.restApiId)}?${query}`, body, opts);
  } else {
    answer = await call(endpoint, 'POST', `/restapis?mode=import${query.toString() ? `&${query}` : ''}`, body, opts);
  }
  const api = answer.body as { id: string; name: string; warnings?: string[] };
  for (const w of api.warnings ?? []) io.err(`warning: ${w}`);
  io.out(`${opts.restApiId !== undefined ? `Updated (${query.get('mode')})` : 'Imported'} REST API "${api.name}": id ${api.id}`);
  if (opts.stage === undefined) {
    io.out(`Not deployed (deploy with --stage NAME, or: aws apigateway create-deployment --rest-api-id ${api.id} --stage-name NAME)`);
    return;
  }
  const deployment = await call(endpoint, 'POST', `/restapis/${api.id}/deployments`, JSON.stringify({ stageName: opts.stage }), opts);
  io.out(`Deployed to stage "${opts.stage}": deployment ${String(deployment.body.id)}`);
  io.out('Invoke URLs:');
  for (const url of invokeUrls(endpoint, api.id, opts.stage)) io.out(`  ${url}`);
}

/** Runs the command; resolves to the process exit code. */
export async function importCommand(file: string, opts: ImportCommandOptions, io: Output): Promise<number> {
  try {
    await run(file, opts, io);
    return 0;
  } catch (e) {
    if (!(e instanceof CliFailure)) throw e;
    io.err(`apigw-local: ${e.message}`);
    return e.code;
  }
}

/** The `import` subcommand on the `apigw-local` program. */
export function addImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description('Import an OpenAPI 2.0/3.0 file (JSON or YAML) into a running apigw-local, optionally deploying it.')
    .option('--stage <name>', 'deploy the API to this stage and print its invoke URLs')
    .option('--endpoint <url>', `the running apigw-local (env APIGW_LOCAL_ENDPOINT; default ${DEFAULT_ENDPOINT})`)
    .option('--rest-api-id <id>', 'put the file into this existing API (PutRestApi) instead of creating one')
    .option('--mode <mode>', 'with --rest-api-id: merge (default, as PutRestApi) or overwrite')
    .option('--basepath <mode>', "the document's base path: ignore (default), prepend or split")
    .option('--fail-on-warnings', 'refuse the import when it has warnings')
    .option('--region <region>', 'the region to create the API in (default: the server\'s)')
    .action(async (file: string, opts: ImportCommandOptions) => {
      const code = await importCommand(file, opts, {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      });
      process.exitCode = code;
    });
}
