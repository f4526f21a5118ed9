/**
 * lib/aws/credentials.ts and the --iam-credentials setting: the file formats
 * (JSON maps, lists, `aws sts assume-role` output, the AWS shared credentials
 * INI file), who each credential is (account, ARN, IAM-style principal id),
 * and a bad file refused at start-up with one line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialsFileError, loadCredentials, parseCredentials, principalIdOf } from '../../lib/aws/credentials';
import { ConfigError, makeConfig } from '../../lib/config';

const ACCOUNT = '000000000000';

test('no file: the one credential test/test, the root of the configured account', () => {
  const store = loadCredentials('', '123456789012');
  expect(store.size).toBe(1);
  expect(store.get('test')).toEqual({
    accessKeyId: 'test',
    secretAccessKey: 'test',
    accountId: '123456789012',
    userArn: 'arn:aws:iam::123456789012:root',
    principalId: '123456789012', // IAM shows the root's caller as the account id
  });
});

describe('JSON', () => {
  test('a map of access key id to secret, or to an object', () => {
    const store = parseCredentials(
      JSON.stringify({
        AKIA1: 'secret1',
        AKIA2: { secretAccessKey: 'secret2', userArn: 'arn:aws:iam::111122223333:user/dev/alice' },
        '444455556666': { secretAccessKey: 's3' },
        AKIA4: { secretAccessKey: 's4', accountId: '777788889999', userId: 'AIDAREALID', sessionToken: 'tok', expiration: '2030-01-01T00:00:00Z' },
      }),
      ACCOUNT,
    );
    expect(store.get('AKIA1')).toMatchObject({ accountId: ACCOUNT, userArn: `arn:aws:iam::${ACCOUNT}:root` });
    expect(store.get('AKIA2')).toMatchObject({ accountId: '111122223333', userArn: 'arn:aws:iam::111122223333:user/dev/alice' });
    expect(store.get('AKIA2')!.principalId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    // A 12-digit access key is the account, as the control plane reads callers.
    expect(store.get('444455556666')!.accountId).toBe('444455556666');
    expect(store.get('AKIA4')).toMatchObject({ accountId: '777788889999', principalId: 'AIDAREALID', sessionToken: 'tok', expiresAt: Date.UTC(2030, 0, 1) });
    expect(store.get('nope')).toBeUndefined();
  });

  test('a list, and the output of aws sts assume-role', () => {
    const list = parseCredentials(JSON.stringify([{ accessKeyId: 'A', secretAccessKey: 'a' }, { AccessKeyId: 'B', SecretAccessKey: 'b' }]), ACCOUNT);
    expect(list.size).toBe(2);
    const sts = parseCredentials(
      JSON.stringify({
        Credentials: { AccessKeyId: 'ASIAX', SecretAccessKey: 'sx', SessionToken: 'IQoJ...', Expiration: '2030-01-01T00:00:00+00:00' },
        AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:ci', Arn: 'arn:aws:sts::111122223333:assumed-role/Deployer/ci' },
      }),
      ACCOUNT,
    );
    const c = sts.get('ASIAX')!;
    expect(c).toMatchObject({ accountId: '111122223333', userArn: 'arn:aws:sts::111122223333:assumed-role/Deployer/ci', sessionToken: 'IQoJ...' });
    expect(c.principalId).toMatch(/^AROA[A-Z2-7]{17}:ci$/);
  });

  test('what is wrong is named', () => {
    const bad = (doc: unknown) => () => parseCredentials(typeof doc === 'string' ? doc : JSON.stringify(doc), ACCOUNT);
    expect(bad('{oops')).toThrow(/not valid JSON/);
    expect(bad({ A: { userArn: 'arn:aws:iam::111122223333:root' } })).toThrow('access key id A: secretAccessKey is missing');
    expect(bad({ A: { secretAccessKey: 'x', accountId: '12' } })).toThrow(/accountId "12" is not a 12-digit account id/);
    expect(bad({ A: { secretAccessKey: 'x', userArn: 'bob' } })).toThrow(/userArn "bob" is not an IAM or STS ARN/);
    expect(bad({ A: { secretAccessKey: 'x', accountId: '111122223333', userArn: 'arn:aws:iam::444455556666:user/x' } })).toThrow(/differs from the account/);
    expect(bad({ A: { secretAccessKey: 'x', expiration: 'tomorrow' } })).toThrow(/expiration "tomorrow" is not a date/);
    expect(bad([{ accessKeyId: 'A', secretAccessKey: 'a' }, { accessKeyId: 'A', secretAccessKey: 'b' }])).toThrow(/given twice/);
    expect(bad({})).toThrow('no credentials in it');
  });
});

test('the AWS shared credentials file (INI)', () => {
  const store = parseCredentials(
    [
      '# ~/.aws/credentials',
      '[default]',
      'aws_access_key_id = AKIADEFAULT',
      'aws_secret_access_key = secret/with+chars=',
      '',
      '[ci]',
      'aws_access_key_id=ASIACI',
      'aws_secret_access_key=cisecret',
      'aws_session_token=FwoGZXIvYXdz',
      'aws_account_id = 111122223333',
      '; a profile without keys is not a credential',
      '[profile sso]',
      'sso_session = corp',
    ].join('\n'),
    ACCOUNT,
  );
  expect(store.size).toBe(2);
  expect(store.get('AKIADEFAULT')).toMatchObject({ secretAccessKey: 'secret/with+chars=', accountId: ACCOUNT });
  expect(store.get('ASIACI')).toMatchObject({ sessionToken: 'FwoGZXIvYXdz', accountId: '111122223333', userArn: 'arn:aws:iam::111122223333:root' });
  expect(() => parseCredentials('[p]\naws_access_key_id = A\n', ACCOUNT)).toThrow('profile [p] (line 1): aws_secret_access_key is missing');
  expect(() => parseCredentials('aws_access_key_id = A\n', ACCOUNT)).toThrow('line 1: expected [profile] or key = value');
});

test('principal ids: stable per ARN', () => {
  expect(principalIdOf('arn:aws:iam::111122223333:user/alice', '111122223333')).toBe(principalIdOf('arn:aws:iam::111122223333:user/alice', '111122223333'));
  expect(principalIdOf('arn:aws:iam::111122223333:user/alice', '111122223333')).not.toBe(principalIdOf('arn:aws:iam::111122223333:user/bob', '111122223333'));
});

describe('--iam-credentials', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-creds-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a readable file is taken (flag, then APIGW_LOCAL_IAM_CREDENTIALS); none is the default', () => {
    const file = path.join(dir, 'ok.json');
    fs.writeFileSync(file, '{"AKIA1": "s"}');
    expect(makeConfig({ iamCredentials: file }).iamCredentials).toBe(file);
    expect(makeConfig({}, { APIGW_LOCAL_IAM_CREDENTIALS: file }).iamCredentials).toBe(file);
    expect(makeConfig({}).iamCredentials).toBe('');
  });

  test('a missing or broken file is a configuration error naming it', () => {
    const missing = path.join(dir, 'missing.json');
    expect(() => makeConfig({ iamCredentials: missing })).toThrow(ConfigError);
    expect(() => makeConfig({ iamCredentials: missing })).toThrow(/^Invalid --iam-credentials: cannot read IAM credentials file ".*missing\.json"/);
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"A": {"accountId": "1"}}');
    expect(() => makeConfig({ iamCredentials: broken })).toThrow(/broken\.json": access key id A: secretAccessKey is missing/);
    expect(() => loadCredentials(broken, ACCOUNT)).toThrow(CredentialsFileError);
  });
});
