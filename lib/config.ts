/**
 * @module config
 * Flags and environment variables into one typed Config, with every default in
 * one place. The CLI (bin/apigw-local) and the tests both build a Config here.
 */
import * as path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Config {
  /** Port to listen on; 0 picks an ephemeral one. */
  port: number;
  host: string;
  /** SQLite file, or `:memory:`. */
  db: string;
  /** Account used when a request's access key is not a 12-digit account id. */
  accountId: string;
  /** Region used for unsigned requests. */
  defaultRegion: string;
  logLevel: LogLevel;
}

export const DEFAULTS: Config = {
  port: 4567,
  host: '127.0.0.1',
  db: path.join('.apigw-local', 'state.db'),
  accountId: '000000000000',
  defaultRegion: 'us-east-1',
  logLevel: 'info',
};

/** The environment variable that each setting also reads (shown by `--help`). */
export const ENV_VARS: Record<keyof Config, string> = {
  port: 'PORT',
  host: 'APIGW_LOCAL_HOST',
  db: 'APIGW_LOCAL_DB',
  accountId: 'APIGW_LOCAL_ACCOUNT_ID',
  defaultRegion: 'AWS_DEFAULT_REGION',
  logLevel: 'APIGW_LOCAL_LOG_LEVEL',
};

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export class ConfigError extends Error {}

/** Builds a Config: explicit values first, then the environment, then the defaults; validates all. */
export function makeConfig(explicit: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}): Config {
  const pick = <K extends keyof Config>(key: K): string | Config[K] | undefined =>
    explicit[key] !== undefined ? explicit[key] : env[ENV_VARS[key]] !== undefined && env[ENV_VARS[key]] !== '' ? env[ENV_VARS[key]] : undefined;

  const portRaw = pick('port');
  const port = portRaw === undefined ? DEFAULTS.port : Number(portRaw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`Invalid port: ${portRaw}`);

  const accountId = String(pick('accountId') ?? DEFAULTS.accountId);
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`Invalid account id (12 digits expected): ${accountId}`);

  const logLevel = String(pick('logLevel') ?? DEFAULTS.logLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`Invalid log level: ${logLevel} (one of ${LOG_LEVELS.join(', ')})`);

  return {
    port,
    host: String(pick('host') ?? DEFAULTS.host),
    db: String(pick('db') ?? DEFAULTS.db),
    accountId,
    defaultRegion: String(pick('defaultRegion') ?? DEFAULTS.defaultRegion),
    logLevel,
  };
}
