/**
 * The real `aws` CLI as the e2e tests drive it: `aws apigateway … --endpoint-url <server> --output json` with test
 * credentials, no pager, and a timeout. `apigatewayCli(() => server.url)` gives a function that runs one command
 * and returns its parsed JSON (`{}` when it prints nothing), or throws with the CLI's stderr.
 */
import { spawnSync } from 'node:child_process';

export const AWS_CLI_ENV: Record<string, string> = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_PAGER: '',
};

export function apigatewayCli(
  endpoint: () => string,
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): (...args: string[]) => Record<string, any> {
  return (...args: string[]) => {
    const r = spawnSync('aws', ['apigateway', ...args, '--endpoint-url', endpoint(), '--output', 'json'], {
      encoding: 'utf8',
      cwd: opts.cwd,
      env: { ...process.env, ...AWS_CLI_ENV, ...opts.env },
      timeout: opts.timeoutMs ?? 30000,
    });
    if (r.status !== 0) throw new Error(`aws apigateway ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout.trim() ? JSON.parse(r.stdout) : {};
  };
}
