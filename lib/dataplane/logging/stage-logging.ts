/**
 * @module dataplane/logging/stage-logging
 * What a stage logs, read once when the stage is compiled (stage-cache.ts):
 * - access logs: `accessLogSettings.format` compiled (access-log.ts) and the
 *   log group named by `destinationArn`
 *   (`arn:aws:logs:{region}:{account}:log-group:{name}`, a trailing `:*`
 *   allowed). A Firehose delivery stream
 *   (`arn:aws:firehose:…:deliverystream/amazon-apigateway-…`) is written like
 *   a log group named after the stream, and said so once; a format without a
 *   destination, or a destination that is neither, logs nothing and is said
 *   so once;
 * - execution logs: `methodSettings` `loggingLevel` (INFO, ERROR; OFF or
 *   absent: none) and `dataTraceEnabled`, per method — the method's own
 *   entry (`{resourcePath}/{httpMethod}`, the path written with or without
 *   its leading `/` and `~1` escapes), else the path's `*` method, else the
 *   stage's `*` `/` `*` entry — into `API-Gateway-Execution-Logs_{restApiId}/{stageName}`;
 * - `metricsEnabled`: CloudWatch metrics are not emulated; a stage that
 *   enables them is said so once, never silently accepted.
 */
import type { MethodSetting, Stage } from '../../model';
import { normalizePath, splitMethodKey } from '../traffic/limits';
import { compileAccessLogFormat, type CompiledAccessLogFormat } from './access-log';

export interface MethodLogging {
  level: 'INFO' | 'ERROR';
  dataTrace: boolean;
}

export interface ExecutionLogging {
  group: string;
  /** The settings of a method (`*` `/` `*`'s when the request matched no method); undefined when it logs nothing. */
  forMethod(resourcePath: string | undefined, httpMethod: string | undefined): MethodLogging | undefined;
}

export interface StageLogging {
  access?: { group: string; format: CompiledAccessLogFormat };
  execution?: ExecutionLogging;
}

/** The log group a destination ARN names, or why there is none. */
export function logGroupOf(arn: string): { group: string; note?: string } | { group?: undefined; note: string } {
  const logs = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\*)?$/.exec(arn);
  if (logs) return { group: logs[1] };
  const firehose = /^arn:aws[a-z-]*:firehose:[^:]*:[^:]*:deliverystream\/(.+)$/.exec(arn);
  if (firehose) {
    return { group: firehose[1], note: `Firehose delivery stream ${firehose[1]} is not emulated; its access logs are written like a log group of that name` };
  }
  return { note: `destinationArn ${JSON.stringify(arn)} is not a CloudWatch Logs log group ARN; no access logs are written` };
}

export function executionLogGroup(restApiId: string, stageName: string): string {
  return `API-Gateway-Execution-Logs_${restApiId}/${stageName}`;
}

function methodLogging(s: MethodSetting): MethodLogging | null {
  if (s.loggingLevel !== 'INFO' && s.loggingLevel !== 'ERROR') return null;
  return { level: s.loggingLevel, dataTrace: s.dataTraceEnabled === true };
}

/** The stage's logging, or undefined when it logs nothing; `say` gets one line per setting not emulated as configured. */
export function compileStageLogging(restApiId: string, stage: Stage, say: (message: string) => void): StageLogging | undefined {
  const out: StageLogging = {};
  const where = `stage ${stage.stageName}`;

  const { format, destinationArn } = stage.accessLogSettings ?? {};
  if (format) {
    const dest = destinationArn ? logGroupOf(destinationArn) : { note: 'accessLogSettings has a format but no destinationArn; no access logs are written' };
    if (dest.note) say(`${where}: ${dest.note}`);
    if (dest.group !== undefined) out.access = { group: dest.group, format: compileAccessLogFormat(format) };
  }

  // null: the entry is there and logs nothing (it hides a broader entry); absent: look further.
  const byMethod = new Map<string, MethodLogging | null>();
  let stageDefault: MethodLogging | null = null;
  const metrics: string[] = [];
  for (const [key, s] of Object.entries(stage.methodSettings ?? {})) {
    if (s.metricsEnabled) metrics.push(key);
    const m = methodLogging(s);
    if (key === '*/*') {
      stageDefault = m;
      continue;
    }
    const k = splitMethodKey(key);
    if (k) byMethod.set(k.path + ' ' + k.method, m);
  }
  if (metrics.length) say(`${where}: method settings ${metrics.join(', ')}: metricsEnabled — CloudWatch metrics are not emulated; no metrics are published`);

  if (stageDefault || [...byMethod.values()].some((m) => m !== null)) {
    const fallback = stageDefault;
    out.execution = {
      group: executionLogGroup(restApiId, stage.stageName),
      forMethod(resourcePath, httpMethod) {
        if (resourcePath === undefined || httpMethod === undefined) return fallback ?? undefined;
        const path = normalizePath(resourcePath);
        const own = byMethod.get(path + ' ' + httpMethod.toUpperCase());
        if (own !== undefined) return own ?? undefined;
        const any = byMethod.get(path + ' *');
        if (any !== undefined) return any ?? undefined;
        return fallback ?? undefined;
      },
    };
  }
  return out.access || out.execution ? out : undefined;
}
