/**
 * Config: defaults, precedence (flag > environment > default) and validation,
 * all declared once in lib/config.ts.
 */
import { ConfigError, DEFAULTS, ENV_VARS, SETTINGS, makeConfig, type Config } from '../../lib/config';

describe('makeConfig', () => {
  it('has the documented defaults: 127.0.0.1:4567, state in .apigw-local/state.db', () => {
    expect(makeConfig()).toMatchObject({
      port: 4567,
      host: '127.0.0.1',
      db: '.apigw-local/state.db',
      accountId: '000000000000',
      defaultRegion: 'us-east-1',
      logLevel: 'info',
    });
    expect(makeConfig()).toEqual(DEFAULTS);
  });

  it('reads the environment, and explicit values win over it', () => {
    const env = {
      PORT: '8080',
      APIGW_LOCAL_HOST: '0.0.0.0',
      APIGW_LOCAL_DB: ':memory:',
      APIGW_LOCAL_ACCOUNT_ID: '123456789012',
      AWS_DEFAULT_REGION: 'eu-west-1',
      APIGW_LOCAL_LOG_LEVEL: 'debug',
    };
    expect(makeConfig({}, env)).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      db: ':memory:',
      accountId: '123456789012',
      defaultRegion: 'eu-west-1',
      logLevel: 'debug',
    });
    expect(makeConfig({ port: '0', logLevel: 'silent' }, env)).toMatchObject({ port: 0, logLevel: 'silent', host: '0.0.0.0' });
    expect(makeConfig({ port: 0 }, { PORT: 'junk' }).port).toBe(0);
  });

  it('ignores empty environment variables', () => {
    expect(makeConfig({}, { PORT: '', APIGW_LOCAL_DB: '' })).toMatchObject({ port: 4567, db: DEFAULTS.db });
  });

  it.each<[Partial<Record<keyof Config, string | number>>, RegExp]>([
    [{ port: 'abc' }, /^Invalid port: "abc"/],
    [{ port: '65536' }, /^Invalid port/],
    [{ port: -1 }, /^Invalid port/],
    [{ port: 1.5 }, /^Invalid port/],
    [{ port: '80 80' }, /^Invalid port/],
    [{ accountId: '12345678901' }, /^Invalid account id: "12345678901" \(12 digits expected\)$/],
    [{ accountId: 'abcdefghijkl' }, /^Invalid account id/],
    [{ defaultRegion: 'US-EAST-1' }, /^Invalid region/],
    [{ logLevel: 'verbose' }, /^Invalid log level: "verbose" \(one of debug, info, warn, error, silent\)$/],
    [{ host: ' ' }, /^Invalid host/],
    [{ db: '' }, /^Invalid db/],
  ])('refuses %j', (explicit, message) => {
    expect(() => makeConfig(explicit as never)).toThrow(ConfigError);
    expect(() => makeConfig(explicit as never)).toThrow(message);
  });
});

describe('SETTINGS', () => {
  it('declares a flag and an environment variable for every Config key, once each', () => {
    expect(SETTINGS.map((s) => s.key).sort()).toEqual(Object.keys(DEFAULTS).sort());
    expect(new Set(SETTINGS.map((s) => s.flag)).size).toBe(SETTINGS.length);
    expect(new Set(SETTINGS.map((s) => s.env)).size).toBe(SETTINGS.length);
    for (const s of SETTINGS) expect(ENV_VARS[s.key]).toBe(s.env);
  });
});
