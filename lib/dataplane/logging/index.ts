/**
 * @module dataplane/logging
 * Stage logs (Developer Guide, "Set up CloudWatch logging for REST APIs"):
 * each request to a stage that logs is recorded after its answer was
 * written, and rendered later, in a batch, off the request path
 * (`setImmediate`): its access log line (access-log.ts) and its execution
 * log events (stage-execution.ts), written to their log groups through one
 * sink (sinks.ts: `--logs-dir` files, else the server log).
 *
 * The pipeline needs no hook: what the steps note about a request
 * (configuration errors…) is collected by the invocation's logger, which
 * `loggerFor` gives only to stages with execution logs.
 * Requests that reach no stage (403 Forbidden for an unknown stage) and
 * clients that went away before their answer are not logged.
 */
import type { Logger } from '../../log';
import type { InvocationContext } from '../context';
import type { GatewayError } from '../gateway-responses';
import type { CompiledStage } from '../types';
import { capturingLogger, type Note } from './execution-log';
import { stageExecutionEvents, type LogEvent } from './stage-execution';
import { DirectorySink, ServerLogSink, type LogSink } from './sinks';

export type { StageLogging } from './stage-logging';
export { compileStageLogging } from './stage-logging';

/** An answer as written: status, headers and body. */
export interface SentAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | number>;
  body: Buffer;
}

interface Pending {
  inv: InvocationContext;
  notes: Note[] | undefined;
  failure: GatewayError | undefined;
  answer: SentAnswer;
  sentAt: number;
}

/** Headers the data plane adds to every answer, which the execution log's "Method response headers" do not list. */
const ADDED = new Set(['content-length', 'x-amzn-requestid', 'x-amz-apigw-id']);

export class StageLogs {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly sink: LogSink,
    private readonly log: Logger,
  ) {}

  /** The invocation's logger: one that keeps this request's notes when its stage writes execution logs. */
  loggerFor(stage: CompiledStage, describe: () => string): { logger: Logger; notes?: Note[] } {
    if (!stage.logging?.execution) return { logger: this.log };
    const notes: Note[] = [];
    return { logger: capturingLogger(this.log, notes, describe), notes };
  }

  /** Records a request whose answer was just written (its stage logs). */
  record(inv: InvocationContext, notes: Note[] | undefined, failure: GatewayError | undefined, answer: SentAnswer): void {
    this.pending.push({ inv, notes, failure, answer, sentAt: Date.now() });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Renders and writes what was recorded. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const byGroup = new Map<string, LogEvent[]>();
    const add = (group: string, events: LogEvent[]): void => {
      if (events.length === 0) return;
      const list = byGroup.get(group);
      if (list) list.push(...events);
      else byGroup.set(group, events);
    };
    for (const p of batch) {
      try {
        this.render(p, add);
      } catch (e) {
        this.log.error(`${p.inv.describe()}: writing its stage logs failed: ${(e as Error)?.stack ?? e}`);
      }
    }
    for (const [group, events] of byGroup) this.sink.write(group, events);
  }

  close(): void {
    this.flush();
    this.sink.close();
  }

  private render(p: Pending, add: (group: string, events: LogEvent[]) => void): void {
    const logging = p.inv.stage.logging;
    if (!logging) return;
    const { inv, failure, answer } = p;
    if (logging.access) {
      const message = logging.access.format.render({ inv, failure, status: answer.statusCode, responseLength: answer.body.length, sentAt: p.sentAt });
      add(logging.access.group, [{ timestamp: p.sentAt, message }]);
    }
    const route = inv.route;
    // Method settings name the method as defined (an ANY method's are under ANY).
    const settings = logging.execution?.forMethod(route?.resource.path, route?.method.httpMethod);
    if (settings) {
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(answer.headers)) if (!ADDED.has(k.toLowerCase())) headers[k] = typeof v === 'number' ? String(v) : v;
      const events = stageExecutionEvents(inv, settings, {
        notes: p.notes ?? [],
        failure,
        answer: { statusCode: answer.statusCode, headers, body: answer.body.toString('utf8') },
        endedAt: p.sentAt,
      });
      add(logging.execution!.group, events);
    }
  }
}

/** The stage logs service; `env` (the process's) is read for AWS_ENDPOINT_URL_LOGS, which is said to be unsupported. */
export function createStageLogs(opts: { logsDir?: string; log: Logger; env?: NodeJS.ProcessEnv }): StageLogs {
  const env = opts.env ?? process.env;
  if (env.AWS_ENDPOINT_URL_LOGS) {
    opts.log.warn(
      `AWS_ENDPOINT_URL_LOGS is set, but shipping stage logs to CloudWatch Logs (PutLogEvents) is not supported; ` +
        `they are written to ${opts.logsDir ? opts.logsDir : 'the server log (see --logs-dir)'}`,
    );
  }
  const sink: LogSink = opts.logsDir ? new DirectorySink(opts.logsDir, opts.log) : new ServerLogSink(opts.log);
  return new StageLogs(sink, opts.log);
}
