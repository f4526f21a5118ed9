/**
 * @module aws/credentials
 * The IAM credentials that AWS_IAM authorization on the data plane accepts:
 * each access key id with its secret, and who it is — its account, its ARN,
 * its principal id (`$context.identity.caller` / `.user`) — plus, for
 * temporary credentials, the session token the request must carry and when
 * it expires.
 *
 * Where they come from (`--iam-credentials FILE`, env
 * `APIGW_LOCAL_IAM_CREDENTIALS`); without a file, one credential: `test` /
 * `test`, the root of the configured account. The file is one of:
 * - the AWS shared credentials file format (INI): `[profile]` sections with
 *   `aws_access_key_id`, `aws_secret_access_key`, optional
 *   `aws_session_token`, `aws_account_id`, and our own `user_arn`;
 * - JSON: `{"AKID": "secret"}`, `{"AKID": {"secretAccessKey": …, "accountId"?,
 *   "userArn"?, "userId"?, "sessionToken"?, "expiration"?}}`, an array of such
 *   objects with `accessKeyId`, or the output of `aws sts assume-role` /
 *   `get-session-token` (`{"Credentials": {AccessKeyId, SecretAccessKey,
 *   SessionToken, Expiration}, "AssumedRoleUser": {"Arn"}}`).
 *
 * The account is the one given, else the one in the ARN, else the access key
 * when it is 12 digits (as the control plane reads callers), else the
 * configured account. The ARN defaults to the account's root. Principal ids
 * are what IAM would show: the account id for the root, `AIDA…` for a user,
 * `AROA…:session` for an assumed role — made up, stable per ARN, unless
 * `userId` gives the real one.
 *
 * Not emulated: identity-based (IAM) policies. Every configured credential
 * is taken to be allowed `execute-api:Invoke` by its own IAM policies; only
 * resource policies can refuse it.
 */
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';

export interface IamCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials: the X-Amz-Security-Token the request must carry. */
  sessionToken?: string;
  /** Temporary credentials: when they expire (epoch ms). */
  expiresAt?: number;
  accountId: string;
  /** `arn:aws:iam::…:root`, `…:user/name`, `arn:aws:sts::…:assumed-role/Role/session`. */
  userArn: string;
  /** IAM's principal id: `$context.identity.caller` and `.user`. */
  principalId: string;
}

export class CredentialsFileError extends Error {}

export interface CredentialStore {
  get(accessKeyId: string): IamCredential | undefined;
  readonly size: number;
}

export const DEFAULT_ACCESS_KEY_ID = 'test';
export const DEFAULT_SECRET_ACCESS_KEY = 'test';

class MapStore implements CredentialStore {
  constructor(private readonly byKey: Map<string, IamCredential>) {}
  get(accessKeyId: string): IamCredential | undefined {
    return this.byKey.get(accessKeyId);
  }
  get size(): number {
    return this.byKey.size;
  }
}

/** The credentials for a configured file ('' = the default `test`/`test`). */
export function loadCredentials(file: string, defaultAccount: string): CredentialStore {
  if (file === '') return new MapStore(new Map([[DEFAULT_ACCESS_KEY_ID, defaultCredential(defaultAccount)]]));
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CredentialsFileError(`cannot read IAM credentials file ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
  try {
    return parseCredentials(text, defaultAccount);
  } catch (e) {
    if (e instanceof CredentialsFileError) throw new CredentialsFileError(`IAM credentials file ${JSON.stringify(file)}: ${e.message}`);
    throw e;
  }
}

export function defaultCredential(account: string): IamCredential {
  return complete({ accessKeyId: DEFAULT_ACCESS_KEY_ID, secretAccessKey: DEFAULT_SECRET_ACCESS_KEY }, account, 'the default credential');
}

interface RawCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: string;
  accountId?: string;
  userArn?: string;
  userId?: string;
}

/** Parses the file's text: JSON when it is an object or a list, else the INI credentials format. */
export function parseCredentials(text: string, defaultAccount: string): CredentialStore {
  const trimmed = text.trim();
  // `[default]` opens an INI section; `[{…}]` or `[]` is a JSON list.
  const json = trimmed.startsWith('{') || /^\[\s*(\{|\]|$)/.test(trimmed);
  const raws = json ? fromJson(trimmed) : fromIni(text);
  if (raws.length === 0) throw new CredentialsFileError('no credentials in it');
  const byKey = new Map<string, IamCredential>();
  raws.forEach(({ raw, where }) => {
    if (byKey.has(raw.accessKeyId)) throw new CredentialsFileError(`${where}: access key id ${raw.accessKeyId} is given twice`);
    byKey.set(raw.accessKeyId, complete(raw, defaultAccount, where));
  });
  return new MapStore(byKey);
}

type Located = { raw: RawCredential; where: string };

function fromJson(text: string): Located[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CredentialsFileError(`not valid JSON: ${(e as Error).message}`);
  }
  if (Array.isArray(doc)) return doc.map((entry, i) => ({ raw: entryOf(entry, undefined, `entry ${i}`), where: `entry ${i}` }));
  if (!isObject(doc)) throw new CredentialsFileError('expected a JSON object or array');
  if (isObject(doc.Credentials)) {
    // `aws sts assume-role` / `get-session-token` output.
    const raw = entryOf(doc.Credentials, undefined, 'Credentials');
    const arn = isObject(doc.AssumedRoleUser) ? doc.AssumedRoleUser.Arn : undefined;
    if (typeof arn === 'string') raw.userArn = arn;
    return [{ raw, where: 'Credentials' }];
  }
  return Object.entries(doc).map(([key, v]) => {
    const where = `access key id ${key}`;
    if (typeof v === 'string') return { raw: { accessKeyId: key, secretAccessKey: v }, where };
    return { raw: entryOf(v, key, where), where };
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(o: Record<string, unknown>, where: string, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = o[n];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new CredentialsFileError(`${where}: ${n} must be a string`);
    return v;
  }
  return undefined;
}

function entryOf(v: unknown, key: string | undefined, where: string): RawCredential {
  if (!isObject(v)) throw new CredentialsFileError(`${where}: expected an object with a secretAccessKey`);
  const accessKeyId = key ?? field(v, where, 'accessKeyId', 'AccessKeyId');
  const secretAccessKey = field(v, where, 'secretAccessKey', 'SecretAccessKey');
  if (!accessKeyId) throw new CredentialsFileError(`${where}: accessKeyId is missing`);
  if (!secretAccessKey) throw new CredentialsFileError(`${where}: secretAccessKey is missing`);
  return {
    accessKeyId,
    secretAccessKey,
    sessionToken: field(v, where, 'sessionToken', 'SessionToken'),
    expiration: field(v, where, 'expiration', 'Expiration'),
    accountId: field(v, where, 'accountId', 'AccountId'),
    userArn: field(v, where, 'userArn', 'Arn'),
    userId: field(v, where, 'userId', 'UserId'),
  };
}

function fromIni(text: string): Located[] {
  const sections: { name: string; line: number; values: Map<string, string> }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) return;
    const section = /^\[\s*([^\]]+?)\s*\]$/.exec(t);
    if (section) {
      sections.push({ name: section[1], line: i + 1, values: new Map() });
      return;
    }
    const eq = t.indexOf('=');
    if (eq === -1 || sections.length === 0) throw new CredentialsFileError(`line ${i + 1}: expected [profile] or key = value`);
    sections[sections.length - 1].values.set(t.slice(0, eq).trim().toLowerCase(), t.slice(eq + 1).trim());
  });
  const out: Located[] = [];
  for (const s of sections) {
    const where = `profile [${s.name}] (line ${s.line})`;
    const accessKeyId = s.values.get('aws_access_key_id');
    const secretAccessKey = s.values.get('aws_secret_access_key');
    if (!accessKeyId && !secretAccessKey) continue; // a profile without keys (role_arn, sso…) is not a credential
    if (!accessKeyId) throw new CredentialsFileError(`${where}: aws_access_key_id is missing`);
    if (!secretAccessKey) throw new CredentialsFileError(`${where}: aws_secret_access_key is missing`);
    out.push({
      raw: {
        accessKeyId,
        secretAccessKey,
        sessionToken: s.values.get('aws_session_token') || undefined,
        expiration: s.values.get('expiration') || undefined,
        accountId: s.values.get('aws_account_id') || undefined,
        userArn: s.values.get('user_arn') || undefined,
        userId: s.values.get('user_id') || undefined,
      },
      where,
    });
  }
  return out;
}

const IAM_ARN = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}):(.+)$/;

function complete(raw: RawCredential, defaultAccount: string, where: string): IamCredential {
  if (raw.accountId !== undefined && !/^\d{12}$/.test(raw.accountId))
    throw new CredentialsFileError(`${where}: accountId ${JSON.stringify(raw.accountId)} is not a 12-digit account id`);
  let arnAccount: string | undefined;
  if (raw.userArn !== undefined) {
    const m = IAM_ARN.exec(raw.userArn);
    if (!m) throw new CredentialsFileError(`${where}: userArn ${JSON.stringify(raw.userArn)} is not an IAM or STS ARN (arn:aws:iam::123456789012:user/name)`);
    arnAccount = m[2];
    if (raw.accountId !== undefined && raw.accountId !== arnAccount)
      throw new CredentialsFileError(`${where}: accountId ${raw.accountId} differs from the account in userArn ${raw.userArn}`);
  }
  const accountId = raw.accountId ?? arnAccount ?? (/^\d{12}$/.test(raw.accessKeyId) ? raw.accessKeyId : defaultAccount);
  const userArn = raw.userArn ?? `arn:aws:iam::${accountId}:root`;
  let expiresAt: number | undefined;
  if (raw.expiration !== undefined) {
    expiresAt = Date.parse(raw.expiration);
    if (Number.isNaN(expiresAt)) throw new CredentialsFileError(`${where}: expiration ${JSON.stringify(raw.expiration)} is not a date`);
  }
  const cred: IamCredential = {
    accessKeyId: raw.accessKeyId,
    secretAccessKey: raw.secretAccessKey,
    accountId,
    userArn,
    principalId: raw.userId ?? principalIdOf(userArn, accountId),
  };
  if (raw.sessionToken !== undefined) cred.sessionToken = raw.sessionToken;
  if (expiresAt !== undefined) cred.expiresAt = expiresAt;
  return cred;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A stable IAM-looking unique id (`AIDA` + 17 characters) for an ARN. */
function uniqueId(prefix: string, arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += BASE32[digest[i] & 31];
  return id;
}

/** What IAM shows as the caller: the account for the root, AIDA… for users, AROA…:session for assumed roles. */
export function principalIdOf(userArn: string, accountId: string): string {
  const m = IAM_ARN.exec(userArn);
  const resource = m ? m[3] : '';
  if (m && m[1] === 'iam' && resource === 'root') return accountId;
  if (m && m[1] === 'sts' && resource.startsWith('assumed-role/')) {
    const parts = resource.split('/');
    const session = parts[parts.length - 1];
    const role = parts.slice(1, -1).join('/');
    return `${uniqueId('AROA', `arn:aws:iam::${accountId}:role/${role}`)}:${session}`;
  }
  return uniqueId('AIDA', userArn);
}

/** Who an IAM-signed request came from, as `$context.identity` shows it (no secret in it). */
export interface IamCaller {
  accessKey: string;
  accountId: string;
  userArn: string;
  /** `$context.identity.caller` and `.user`. */
  principalId: string;
}

export function callerOf(c: IamCredential): IamCaller {
  return { accessKey: c.accessKeyId, accountId: c.accountId, userArn: c.userArn, principalId: c.principalId };
}

const defaults = new Map<string, CredentialStore>();

/** The default store (`test`/`test`, root of `account`), shared. */
export function defaultCredentialsFor(account: string): CredentialStore {
  let store = defaults.get(account);
  if (!store) {
    store = loadCredentials('', account);
    defaults.set(account, store);
  }
  return store;
}
