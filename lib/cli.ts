/**
 * @module cli
 * The `apigw-local` command (commander). `serve` is the default command.
 */
import { Command, Option } from 'commander';
import { DEFAULTS, ENV_VARS, makeConfig, ConfigError, type Config } from './config';
import { startServer } from './server';
import { createLogger } from './log';
import { VERSION } from './version';

function envNote(key: keyof Config): string {
  return `(env ${ENV_VARS[key]})`;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('apigw-local')
    .description('A local, AWS-compatible Amazon API Gateway (REST APIs).')
    .version(VERSION);

  program
    .command('serve', { isDefault: true })
    .description('Start the server (the default command).')
    .addOption(new Option('-p, --port <port>', `port to listen on, 0 for any free port ${envNote('port')}`).default(DEFAULTS.port))
    .addOption(new Option('--host <host>', `address to listen on; 0.0.0.0 in a container ${envNote('host')}`).default(DEFAULTS.host))
    .addOption(new Option('--db <path>', `SQLite state file, or :memory: ${envNote('db')}`).default(DEFAULTS.db))
    .addOption(
      new Option('--account-id <id>', `account for requests whose access key is not a 12-digit account id ${envNote('accountId')}`).default(
        DEFAULTS.accountId,
      ),
    )
    .addOption(new Option('--region <region>', `region for unsigned requests ${envNote('defaultRegion')}`).default(DEFAULTS.defaultRegion))
    .addOption(
      new Option('--log-level <level>', `log level ${envNote('logLevel')}`)
        .choices(['debug', 'info', 'warn', 'error', 'silent'])
        .default(DEFAULTS.logLevel),
    )
    .action(async (opts: Record<string, string>, cmd: Command) => {
      // A flag given on the command line wins over the environment; a default does not.
      const given = <K extends keyof Config>(flag: string, key: K, value: unknown): Partial<Config> =>
        cmd.getOptionValueSource(flag) === 'cli' ? ({ [key]: value } as Partial<Config>) : {};
      let config: Config;
      try {
        config = makeConfig(
          {
            ...given('port', 'port', Number(opts.port)),
            ...given('host', 'host', opts.host),
            ...given('db', 'db', opts.db),
            ...given('accountId', 'accountId', opts.accountId),
            ...given('region', 'defaultRegion', opts.region),
            ...given('logLevel', 'logLevel', opts.logLevel),
          },
          process.env,
        );
      } catch (e) {
        if (e instanceof ConfigError) {
          process.stderr.write(`apigw-local: ${e.message}\n`);
          process.exit(2);
        }
        throw e;
      }
      const log = createLogger(config.logLevel);
      const running = await startServer(config, { log });
      process.stdout.write(`apigw-local ${VERSION} listening on ${running.url} (state: ${config.db})\n`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info(`${signal} received, shutting down`);
        running.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
