/**
 * @module cli
 * The `apigw-local` command (commander). `serve` is the default command: it
 * listens where asked (127.0.0.1:4567 unless told otherwise), prints one
 * ready line on stdout (`apigw-local <version> listening on <url> (state:
 * <db>)`), logs to stderr, and exits 0 on SIGTERM or SIGINT once open
 * connections are closed. Bad flags or environment exit 2 with one line
 * saying what is wrong; a port that cannot be bound exits 1 saying why.
 */
import { Command, Option } from 'commander';
import { DEFAULTS, SETTINGS, makeConfig, ConfigError, type Config, type ConfigInput } from './config';
import { startServer } from './server';
import { createLogger } from './log';
import { VERSION } from './version';
import { addImportCommand } from './openapi/cli-import';

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 5000;

function fail(message: string, code: number): never {
  process.stderr.write(`apigw-local: ${message}\n`);
  process.exit(code);
}

function optionName(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function addServeOptions(cmd: Command): Command {
  for (const s of SETTINGS) {
    const flags = s.short ? `${s.short}, ${s.flag} ${s.arg}` : `${s.flag} ${s.arg}`;
    const def = DEFAULTS[s.key];
    cmd.addOption(new Option(flags, `${s.description} (env ${s.env}; default ${def === '' ? '""' : def})`));
  }
  return cmd;
}

async function serve(opts: Record<string, string | undefined>): Promise<void> {
  let config: Config;
  try {
    const explicit: ConfigInput = {};
    for (const s of SETTINGS) {
      const v = opts[optionName(s.flag)];
      if (v !== undefined) (explicit as Record<string, string>)[s.key] = v;
    }
    config = makeConfig(explicit, process.env);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message, 2);
    throw e;
  }
  const log = createLogger(config.logLevel);
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer(config, { log });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const where = `${config.host}:${config.port}`;
    if (err.code === 'EADDRINUSE') fail(`cannot listen on ${where}: the address is already in use (pick another --port, or --port 0)`, 1);
    if (err.code === 'EACCES') fail(`cannot listen on ${where}: permission denied (ports below 1024 need privileges)`, 1);
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') fail(`cannot listen on ${where}: no such address on this machine`, 1);
    // Anything else happened while opening the state (an unwritable --db path, a database from a newer apigw-local).
    fail(`cannot start with --db ${config.db}: ${err.message}`, 1);
  }
  process.stdout.write(`apigw-local ${VERSION} listening on ${running.url} (state: ${config.db})\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received, shutting down`);
    setTimeout(() => {
      log.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error(`error while shutting down: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function buildProgram(): Command {
  const program = new Command();
  program.name('apigw-local').description('A local, AWS-compatible Amazon API Gateway (REST APIs).').version(VERSION);

  const serveCmd = addServeOptions(
    program.command('serve', { isDefault: true }).description('Start the server (the default command).'),
  ).action((opts: Record<string, string | undefined>) => serve(opts));

  addImportCommand(program);

  // `apigw-local --help` shows the server's flags too (serve is the default command).
  program.addHelpText('after', () => {
    const serveOptions = (serveCmd.helpInformation().split('Options:\n')[1] ?? '').replace(/^ {2}-h, --help.*\n?/m, '');
    return `\nServer options (apigw-local [serve] [options]):\n${serveOptions}`;
  });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
