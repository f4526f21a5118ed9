/**
 * @module config
 * Flags and environment variables into one typed Config, with every default,
 * every flag and its environment variable declared in one place (`SETTINGS`).
 * The CLI builds its options from `SETTINGS`, the tests and `createApp` build
 * a Config with `makeConfig`, and a README test checks the flags table
 * against `SETTINGS`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CredentialsFileError, loadCredentials } from './aws/credentials';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Config {
  /** Port to listen on; 0 picks an ephemeral one. */
  port: number;
  /** Address to listen on (only there: 127.0.0.1 by default). */
  host: string;
  /** SQLite file, or `:memory:`. */
  db: string;
  /** Account used when a request's access key is not a 12-digit account id. */
  accountId: string;
  /** Region used for unsigned requests. */
  defaultRegion: string;
  logLevel: LogLevel;
  /** Folder of Node.js Lambda handlers served by the built-in runtime ('' for none). */
  functions: string;
  /** Lambda Invoke API endpoint for Lambda integrations ('' for the built-in runtime). */
  lambdaEndpoint: string;
  /** File of IAM credentials AWS_IAM methods accept ('' for the one credential `test`/`test`). */
  iamCredentials: string;
  /** Cognito endpoint serving user pools' JWKS (`{region}` stands for the pool's region). */
  cognitoEndpoint: string;
  /** Folder stage access and execution logs are written to, one file per log group ('' for the server log). */
  logsDir: string;
}

/** What `makeConfig` accepts: typed values, or the strings a flag or variable carries. */
export type ConfigInput = { [K in keyof Config]?: Config[K] | string };

export const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export const DEFAULTS: Config = {
  port: 4567,
  host: '127.0.0.1',
  db: path.join('.apigw-local', 'state.db'),
  accountId: '000000000000',
  defaultRegion: 'us-east-1',
  logLevel: 'info',
  functions: '',
  lambdaEndpoint: '',
  iamCredentials: '',
  cognitoEndpoint: 'https://cognito-idp.{region}.amazonaws.com',
  logsDir: '',
};

export interface Setting {
  key: keyof Config;
  /** The long flag, e.g. `--port`. */
  flag: string;
  /** A short alias, e.g. `-p`. */
  short?: string;
  /** The flag's value name in help, e.g. `<port>`. */
  arg: string;
  /** The environment variable read when the flag is not given. */
  env: string;
  description: string;
}

/** Every server setting: its flag, environment variable and meaning (defaults in DEFAULTS). */
export const SETTINGS: Setting[] = [
  { key: 'port', flag: '--port', short: '-p', arg: '<port>', env: 'PORT', description: 'port to listen on; 0 picks a free port' },
  { key: 'host', flag: '--host', arg: '<host>', env: 'APIGW_LOCAL_HOST', description: 'address to listen on; 0.0.0.0 in a container' },
  { key: 'db', flag: '--db', arg: '<path>', env: 'APIGW_LOCAL_DB', description: 'SQLite state file, or :memory: for a throwaway run' },
  {
    key: 'accountId',
    flag: '--account-id',
    arg: '<id>',
    env: 'APIGW_LOCAL_ACCOUNT_ID',
    description: 'account for requests whose access key is not a 12-digit account id',
  },
  { key: 'defaultRegion', flag: '--region', arg: '<region>', env: 'AWS_DEFAULT_REGION', description: 'region for unsigned requests' },
  { key: 'logLevel', flag: '--log-level', arg: '<level>', env: 'APIGW_LOCAL_LOG_LEVEL', description: `log level: ${LOG_LEVELS.join(', ')}` },
  {
    key: 'functions',
    flag: '--functions',
    arg: '<dir>',
    env: 'APIGW_LOCAL_FUNCTIONS',
    description: 'folder of Node.js Lambda handlers, served by the built-in Lambda runtime (the Invoke API on this port)',
  },
  {
    key: 'lambdaEndpoint',
    flag: '--lambda-endpoint',
    arg: '<url>',
    env: 'AWS_ENDPOINT_URL_LAMBDA',
    description:
      'Lambda Invoke API for Lambda integrations; as in the AWS SDKs, AWS_ENDPOINT_URL_LAMBDA then AWS_ENDPOINT_URL win over the flag; none: the built-in runtime',
  },
  {
    key: 'iamCredentials',
    flag: '--iam-credentials',
    arg: '<file>',
    env: 'APIGW_LOCAL_IAM_CREDENTIALS',
    description: 'IAM credentials (a JSON or AWS credentials INI file) that AWS_IAM methods accept; none: the one credential test/test',
  },
  {
    key: 'cognitoEndpoint',
    flag: '--cognito-endpoint',
    arg: '<url>',
    env: 'AWS_ENDPOINT_URL_COGNITO_IDP',
    description:
      'Cognito endpoint whose {userPoolId}/.well-known/jwks.json verifies COGNITO_USER_POOLS tokens ({region} is the pool\'s); as in the AWS SDKs, AWS_ENDPOINT_URL_COGNITO_IDP then AWS_ENDPOINT_URL win over the flag',
  },
  {
    key: 'logsDir',
    flag: '--logs-dir',
    arg: '<dir>',
    env: 'APIGW_LOCAL_LOGS_DIR',
    description:
      'folder for stage access logs and execution logs, one JSON-lines file per CloudWatch log group (created when first written); none: they go to the server log at info level',
  },
];

/** The environment variable that each setting also reads (shown by `--help`). */
export const ENV_VARS = Object.fromEntries(SETTINGS.map((s) => [s.key, s.env])) as Record<keyof Config, string>;

export class ConfigError extends Error {}

function parsePort(raw: number | string): number {
  const text = String(raw).trim();
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`Invalid port: ${JSON.stringify(raw)} (an integer from 0 to 65535 expected; 0 picks a free port)`);
  }
  return port;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Builds a Config: explicit values first (flags, or what a test passes), then
 * the environment, then the defaults; validates all of them.
 */
export function makeConfig(explicit: ConfigInput = {}, env: NodeJS.ProcessEnv = {}): Config {
  const pick = <K extends keyof Config>(key: K): Config[K] | string | undefined => {
    if (explicit[key] !== undefined) return explicit[key];
    const fromEnv = env[ENV_VARS[key]];
    return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
  };

  const port = parsePort(pick('port') ?? DEFAULTS.port);

  const host = String(pick('host') ?? DEFAULTS.host).trim();
  if (host === '') throw new ConfigError('Invalid host: it must not be empty');

  const db = String(pick('db') ?? DEFAULTS.db);
  if (db.trim() === '') throw new ConfigError('Invalid db: give a file path or :memory:');

  const accountId = String(pick('accountId') ?? DEFAULTS.accountId);
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`Invalid account id: ${JSON.stringify(accountId)} (12 digits expected)`);

  const defaultRegion = String(pick('defaultRegion') ?? DEFAULTS.defaultRegion);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(defaultRegion)) {
    throw new ConfigError(`Invalid region: ${JSON.stringify(defaultRegion)} (a region name such as us-east-1 expected)`);
  }

  const logLevel = String(pick('logLevel') ?? DEFAULTS.logLevel) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`Invalid log level: ${JSON.stringify(logLevel)} (one of ${LOG_LEVELS.join(', ')})`);

  const functionsDir = String(pick('functions') ?? DEFAULTS.functions).trim();
  const functions = functionsDir === '' ? '' : path.resolve(functionsDir);
  if (functions !== '' && !isDirectory(functions)) throw new ConfigError(`Invalid functions folder: ${JSON.stringify(functionsDir)} is not a directory`);

  // The AWS SDKs' order: the service's variable, then the global one, then our own setting.
  const endpointFrom = env.AWS_ENDPOINT_URL_LAMBDA ? 'AWS_ENDPOINT_URL_LAMBDA' : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : '--lambda-endpoint';
  const lambdaEndpoint = String(env.AWS_ENDPOINT_URL_LAMBDA || env.AWS_ENDPOINT_URL || explicit.lambdaEndpoint || DEFAULTS.lambdaEndpoint).trim();
  if (lambdaEndpoint !== '' && !/^https?:\/\/[^/?#]+/.test(lambdaEndpoint)) {
    throw new ConfigError(`Invalid Lambda endpoint from ${endpointFrom}: ${JSON.stringify(lambdaEndpoint)} (an http:// or https:// URL expected)`);
  }

  const iamFile = String(pick('iamCredentials') ?? DEFAULTS.iamCredentials).trim();
  const iamCredentials = iamFile === '' ? '' : path.resolve(iamFile);
  try {
    loadCredentials(iamCredentials, accountId); // read now, so a bad file is a configuration error
  } catch (e) {
    if (e instanceof CredentialsFileError) throw new ConfigError(`Invalid --iam-credentials: ${e.message}`);
    throw e;
  }

  const cognitoFrom = env.AWS_ENDPOINT_URL_COGNITO_IDP ? 'AWS_ENDPOINT_URL_COGNITO_IDP' : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : '--cognito-endpoint';
  const cognitoEndpoint = String(env.AWS_ENDPOINT_URL_COGNITO_IDP || env.AWS_ENDPOINT_URL || explicit.cognitoEndpoint || DEFAULTS.cognitoEndpoint).trim();
  if (!/^https?:\/\/[^/?#]+/.test(cognitoEndpoint)) {
    throw new ConfigError(`Invalid Cognito endpoint from ${cognitoFrom}: ${JSON.stringify(cognitoEndpoint)} (an http:// or https:// URL expected)`);
  }

  const logsFolder = String(pick('logsDir') ?? DEFAULTS.logsDir).trim();
  const logsDir = logsFolder === '' ? '' : path.resolve(logsFolder);
  if (logsDir !== '' && fs.existsSync(logsDir) && !isDirectory(logsDir)) {
    throw new ConfigError(`Invalid logs folder: ${JSON.stringify(logsFolder)} exists and is not a directory`);
  }

  return { port, host, db, accountId, defaultRegion, logLevel, functions, lambdaEndpoint, iamCredentials, cognitoEndpoint, logsDir };
}
