/**
 * @module lambda/functions
 * The functions of the built-in runtime: the Node.js handlers in the
 * `--functions` directory, found again on every invocation so that a new or
 * changed handler is served without a restart.
 *
 * A function `NAME` is
 * - `DIR/NAME.js`, `DIR/NAME.mjs` or `DIR/NAME.cjs` (handler `NAME.handler`), or
 * - `DIR/NAME/index.js|mjs|cjs` (handler `index.handler`), or
 * - any module named by a configured handler (`"handler": "api.list"` is the
 *   export `list` of `DIR/api.js`, or of `DIR/NAME/api.js` for a folder).
 * Its configuration, all optional, as Lambda names it: `handler`, `timeout`
 * (seconds, 1–900, default 3), `memorySize` (MB, 128–10240, default 128),
 * `environment` (`{"VAR": "value"}` or `{"Variables": {…}}`), from the
 * `NAME` entry of `DIR/functions.json` and then `DIR/NAME.json`.
 *
 * Changes are noticed through the modification times of the handler module,
 * of the two configuration files and, for a folder function, of the files
 * directly in its folder (not in subfolders or node_modules).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LambdaApiError } from './errors';

export interface FunctionSpec {
  name: string;
  /** The handler as configured (`index.handler`). */
  handler: string;
  /** The module file that holds the handler (it may not exist: the invocation then fails to import it, as on Lambda). */
  file: string;
  exportName: string;
  /** LAMBDA_TASK_ROOT: the function's folder, or DIR for a one-file function. */
  root: string;
  timeoutMs: number;
  memoryMb: number;
  environment: Record<string, string>;
  /** Changes whenever the code or the configuration changes: warm workers of another signature are retired. */
  signature: string;
}

export const DEFAULT_TIMEOUT_S = 3;
export const DEFAULT_MEMORY_MB = 128;
const EXTENSIONS = ['.js', '.mjs', '.cjs'];

interface RawConfig {
  handler?: unknown;
  timeout?: unknown;
  memorySize?: unknown;
  environment?: unknown;
}

interface CachedJson {
  mtimeMs: number;
  size: number;
  value: Record<string, unknown>;
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, EACCES…
  }
}

export class FunctionCatalog {
  private readonly json = new Map<string, CachedJson>();

  constructor(readonly dir: string | undefined) {}

  /** The function called `name` (already checked to be a valid name), or undefined when DIR has no such function. */
  lookup(name: string): FunctionSpec | undefined {
    const dir = this.dir;
    if (!dir) return undefined;
    let sig = '';
    const shared = this.readJson(path.join(dir, 'functions.json'));
    const own = this.readJson(path.join(dir, `${name}.json`));
    const config: RawConfig = { ...(asObject(shared.value?.[name]) ?? {}), ...(own.value ?? {}) };
    sig += shared.sig + '|' + own.sig;
    const configured = shared.value?.[name] !== undefined || own.value !== undefined;

    const folder = path.join(dir, name);
    const folderStat = statOf(folder);
    const isFolder = folderStat?.isDirectory() === true;
    const root = isFolder ? folder : dir;
    const handler = config.handler === undefined ? `${isFolder ? 'index' : name}.handler` : config.handler;
    if (typeof handler !== 'string' || !/^[^.].*\.[A-Za-z_$][\w$]*$/.test(handler)) {
      throw configError(name, `handler must be "module.export" (such as "index.handler"), not ${JSON.stringify(handler)}`);
    }
    const dot = handler.lastIndexOf('.');
    const modulePart = handler.slice(0, dot);
    const exportName = handler.slice(dot + 1);
    const base = path.resolve(root, modulePart);
    if (base !== root && !base.startsWith(root + path.sep)) throw configError(name, `handler ${JSON.stringify(handler)} points outside ${root}`);

    let file: string | undefined;
    let fileStat: fs.Stats | undefined;
    for (const candidate of [base, ...EXTENSIONS.map((e) => base + e)]) {
      const st = statOf(candidate);
      if (st?.isFile()) {
        file = candidate;
        fileStat = st;
        break;
      }
    }
    if (!file && !configured && !isFolder) return undefined;
    sig += `|${file ?? base}:${fileStat?.mtimeMs ?? 0}:${fileStat?.size ?? 0}`;
    if (isFolder) sig += '|' + folderSignature(folder);

    return {
      name,
      handler,
      file: file ?? base + '.js',
      exportName,
      root,
      timeoutMs: integerSetting(name, 'timeout', config.timeout, 1, 900, DEFAULT_TIMEOUT_S) * 1000,
      memoryMb: integerSetting(name, 'memorySize', config.memorySize, 128, 10240, DEFAULT_MEMORY_MB),
      environment: environmentOf(name, config.environment),
      signature: sig,
    };
  }

  private readJson(file: string): { value?: Record<string, unknown>; sig: string } {
    const st = statOf(file);
    if (!st || !st.isFile()) {
      this.json.delete(file);
      return { sig: '-' };
    }
    const sig = `${st.mtimeMs}:${st.size}`;
    const cached = this.json.get(file);
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return { value: cached.value, sig };
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new LambdaApiError(500, 'ServiceException', `apigw-local: ${file} is not valid JSON: ${(e as Error).message}`);
    }
    const obj = asObject(value);
    if (!obj) throw new LambdaApiError(500, 'ServiceException', `apigw-local: ${file} must hold a JSON object`);
    this.json.set(file, { mtimeMs: st.mtimeMs, size: st.size, value: obj });
    return { value: obj, sig };
  }
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function configError(name: string, detail: string): LambdaApiError {
  return new LambdaApiError(500, 'ServiceException', `apigw-local: the configuration of function ${name} is invalid: ${detail}`);
}

function integerSetting(name: string, key: string, v: unknown, min: number, max: number, def: number): number {
  if (v === undefined || v === null) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw configError(name, `${key} must be an integer from ${min} to ${max}, not ${JSON.stringify(v)}`);
  }
  return v;
}

function environmentOf(name: string, v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  let vars = asObject(v);
  if (vars && Object.keys(vars).length === 1 && asObject(vars.Variables)) vars = asObject(vars.Variables);
  if (!vars) throw configError(name, 'environment must be an object of string values');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(vars)) {
    if (typeof val !== 'string') throw configError(name, `environment variable ${k} must be a string, not ${JSON.stringify(val)}`);
    out[k] = val;
  }
  return out;
}

/** Modification times of the code files directly in a function's folder. */
function folderSignature(folder: string): string {
  let sig = '';
  try {
    for (const e of fs.readdirSync(folder, { withFileTypes: true })) {
      if (!e.isFile() || !/\.(c|m)?js$|\.json$/.test(e.name)) continue;
      const st = statOf(path.join(folder, e.name));
      if (st) sig += `${e.name}:${st.mtimeMs}:${st.size};`;
    }
  } catch {
    // an unreadable folder: the import fails and says so
  }
  return sig;
}
