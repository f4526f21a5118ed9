/**
 * @module dataplane/logging/sinks
 * Where log events go, by log group:
 * - `DirectorySink` (`--logs-dir DIR`): one file per log group, `DIR/{group}.jsonl`
 *   with the group name made a file name (characters other than letters,
 *   digits, `.`, `-` and `_` become `_`: `API-Gateway-Execution-Logs_abc123/dev`
 *   → `API-Gateway-Execution-Logs_abc123_dev.jsonl`), one JSON object per line
 *   in CloudWatch Logs' event shape, `{"timestamp": ms, "message": "…"}`.
 *   The folder is created when first written to; files are appended to, never
 *   truncated. Writes are synchronous, batched by the caller, so nothing is
 *   lost when the process exits.
 * - `ServerLogSink` (no folder): the server's own log at info level, each
 *   message after its log group name.
 * Shipping to CloudWatch Logs (PutLogEvents to `AWS_ENDPOINT_URL_LOGS`) is not
 * supported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../log';
import type { LogEvent } from './stage-execution';

export interface LogSink {
  write(group: string, events: readonly LogEvent[]): void;
  close(): void;
}

/** A log group name as a file name (without its extension). */
export function logFileName(group: string): string {
  const name = group.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return name === '' ? '_' : name;
}

export class DirectorySink implements LogSink {
  private readonly files = new Map<string, number>();
  private failed = false;

  constructor(
    readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** The file a log group is written to. */
  fileFor(group: string): string {
    return path.join(this.dir, `${logFileName(group)}.jsonl`);
  }

  write(group: string, events: readonly LogEvent[]): void {
    if (events.length === 0 || this.failed) return;
    let text = '';
    for (const e of events) text += JSON.stringify({ timestamp: e.timestamp, message: e.message }) + '\n';
    try {
      let fd = this.files.get(group);
      if (fd === undefined) {
        fs.mkdirSync(this.dir, { recursive: true });
        fd = fs.openSync(this.fileFor(group), 'a');
        this.files.set(group, fd);
      }
      fs.writeSync(fd, text);
    } catch (e) {
      // Said once: a folder that cannot be written stays so until restarted.
      this.failed = true;
      this.log.error(`logs: cannot write log group ${group} to ${this.fileFor(group)}: ${(e as Error).message}; stage logs are no longer written`);
    }
  }

  close(): void {
    for (const fd of this.files.values()) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.files.clear();
  }
}

export class ServerLogSink implements LogSink {
  constructor(private readonly log: Logger) {}

  write(group: string, events: readonly LogEvent[]): void {
    for (const e of events) this.log.info(`${group} ${e.message}`);
  }

  close(): void {}
}
