/**
 * @module lambda/pool
 * Execution environments of one function of the built-in runtime: worker
 * threads, each serving one invocation at a time and kept warm between
 * invocations (module state survives, as on Lambda), at most
 * `maxConcurrency` at once (further invocations wait for a free one).
 *
 * An environment is discarded — its thread terminated — when its invocation
 * times out (`Sandbox.Timedout`), when the handler's thread exits
 * (`Runtime.ExitError`) or dies of an uncaught exception or lack of memory
 * (`Runtime.OutOfMemory`), when its init failed, when the function's code or
 * configuration changed (the next invocation starts a fresh one), and when it
 * has been idle for `idleMs`. Idle threads do not keep the process alive.
 */
import type { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import type { FunctionSpec } from './functions';
import { serviceFunctionError, type FunctionErrorPayload } from './errors';
import { startWorker } from './worker-source';

export interface InvocationMessage {
  requestId: string;
  /** The event, as JSON text. */
  event: string;
  invokedFunctionArn: string;
  /** The client context, as JSON text. */
  clientContext?: string;
}

export type Outcome = { kind: 'done'; payload: string } | { kind: 'error'; error: FunctionErrorPayload };

export interface PoolHooks {
  /** A line the function wrote (console.* with a level and request id, or raw stdout/stderr without). */
  onLog(fn: string, requestId: string | undefined, level: string, text: string): void;
  /** The environment variables of a new environment. */
  environment(spec: FunctionSpec, logStreamName: string): Record<string, string>;
}

interface Running {
  requestId: string;
  resolve(o: Outcome): void;
  timer: NodeJS.Timeout;
}

class Slot {
  readonly worker: Worker;
  dead = false;
  running?: Running;
  idleTimer?: NodeJS.Timeout;

  constructor(
    readonly spec: FunctionSpec,
    private readonly hooks: PoolHooks,
    private readonly onDead: (slot: Slot) => void,
  ) {
    const now = new Date();
    const day = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${String(now.getUTCDate()).padStart(2, '0')}`;
    const logStreamName = `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
    this.worker = startWorker({
      workerData: {
        file: spec.file,
        exportName: spec.exportName,
        handler: spec.handler,
        functionName: spec.name,
        functionVersion: '$LATEST',
        memoryMb: spec.memoryMb,
        logGroupName: `/aws/lambda/${spec.name}`,
        logStreamName,
      },
      env: hooks.environment(spec, logStreamName),
      resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb },
      stdout: true,
      stderr: true,
    });
    this.worker.on('message', (m: { type: string; requestId: string; level?: string; text?: string; payload?: string; error?: FunctionErrorPayload }) => {
      if (m.type === 'log') {
        hooks.onLog(spec.name, m.requestId || undefined, m.level ?? 'INFO', m.text ?? '');
        return;
      }
      const r = this.running;
      if (!r || r.requestId !== m.requestId) return;
      if (m.type === 'done') this.finish({ kind: 'done', payload: m.payload ?? 'null' });
      else if (m.type === 'error') this.finish({ kind: 'error', error: m.error! });
      else if (m.type === 'fatal') this.kill({ kind: 'error', error: m.error! });
    });
    this.worker.on('error', (err: Error & { code?: string }) => {
      const r = this.running;
      // Between invocations (a timer the handler left behind threw): nobody to answer, say it in the log.
      if (!r) hooks.onLog(spec.name, undefined, 'ERROR', `the environment ended: ${err.name}: ${err.message}`);
      const error: FunctionErrorPayload =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? serviceFunctionError('Runtime.OutOfMemory', r?.requestId ?? '', 'Runtime exited with error: signal: killed')
          : { errorType: err.name || 'Error', errorMessage: err.message, trace: (err.stack ?? '').split('\n') };
      this.kill({ kind: 'error', error });
    });
    this.worker.on('exit', (code) => {
      const r = this.running;
      const detail = code === 0 ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${code}`;
      this.kill({ kind: 'error', error: serviceFunctionError('Runtime.ExitError', r?.requestId ?? '', detail) });
    });
    for (const stream of [this.worker.stdout, this.worker.stderr]) {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) !== -1) {
          hooks.onLog(spec.name, this.running?.requestId, stream === this.worker.stderr ? 'ERROR' : 'INFO', buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      });
    }
  }

  run(msg: InvocationMessage, timeoutMs: number): Promise<Outcome> {
    clearTimeout(this.idleTimer);
    this.worker.ref();
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        const secs = (timeoutMs / 1000).toFixed(2);
        this.kill({ kind: 'error', error: serviceFunctionError('Sandbox.Timedout', msg.requestId, `Task timed out after ${secs} seconds`) });
      }, timeoutMs);
      this.running = { requestId: msg.requestId, resolve, timer };
      this.worker.postMessage({ type: 'invoke', ...msg, deadline: Date.now() + timeoutMs });
    });
  }

  private finish(o: Outcome): void {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    clearTimeout(r.timer);
    r.resolve(o);
  }

  /** Ends the environment; a running invocation ends with `o`. */
  kill(o?: Outcome): void {
    if (o) this.finish(o);
    if (this.dead) return;
    this.dead = true;
    clearTimeout(this.idleTimer);
    void this.worker.terminate();
    this.onDead(this);
  }

  park(idleMs: number, onIdle: () => void): void {
    this.worker.unref();
    this.idleTimer = setTimeout(onIdle, idleMs);
    this.idleTimer.unref();
  }
}

export interface PoolOptions {
  maxConcurrency: number;
  idleMs: number;
}

export class FunctionPool {
  private idle: Slot[] = [];
  private readonly live = new Set<Slot>();
  private waiters: (() => void)[] = [];
  private signature = '';
  private closed = false;

  constructor(
    private readonly hooks: PoolHooks,
    private readonly opts: PoolOptions,
  ) {}

  /** Threads alive now (busy or idle). */
  get size(): number {
    return this.live.size;
  }

  async invoke(spec: FunctionSpec, msg: InvocationMessage): Promise<Outcome> {
    const slot = await this.acquire(spec);
    let outcome: Outcome;
    try {
      outcome = await slot.run(msg, spec.timeoutMs);
    } finally {
      this.release(slot);
    }
    return outcome;
  }

  private async acquire(spec: FunctionSpec): Promise<Slot> {
    if (spec.signature !== this.signature) {
      this.signature = spec.signature;
      for (const s of this.idle) s.kill();
      this.idle = [];
    }
    for (;;) {
      if (this.closed) throw new Error('the runtime is shutting down');
      const idle = this.idle.pop();
      if (idle) return idle;
      if (this.live.size < this.opts.maxConcurrency) {
        const slot = new Slot(spec, this.hooks, (s) => this.forget(s));
        this.live.add(slot);
        return slot;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private release(slot: Slot): void {
    if (!slot.dead && !this.closed && slot.spec.signature === this.signature) {
      this.idle.push(slot);
      slot.park(this.opts.idleMs, () => {
        this.idle = this.idle.filter((s) => s !== slot);
        slot.kill();
      });
    } else {
      slot.kill();
    }
    this.waiters.shift()?.();
  }

  private forget(slot: Slot): void {
    this.live.delete(slot);
    this.idle = this.idle.filter((s) => s !== slot);
    this.waiters.shift()?.();
  }

  close(): void {
    this.closed = true;
    for (const s of [...this.live]) s.kill({ kind: 'error', error: { errorType: 'Runtime.Shutdown', errorMessage: 'the runtime is shutting down' } });
    for (const w of this.waiters.splice(0)) w();
  }
}
