/**
 * @module control/context
 * What an operation handler receives: the caller's scope (account + region),
 * the store and the services, and what it may return.
 */
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Store, Scope } from '../store';
import type { Caller } from '../aws/caller';
import type { LambdaInvoker } from '../lambda/invoker';

export interface OperationContext {
  scope: Scope;
  caller: Caller;
  requestId: string;
  store: Store;
  config: Config;
  log: Logger;
  /** Notified after a write that can change what a deployed stage serves (the data plane drops its compiled copy). */
  events: ControlEvents;
  /** How Lambda functions are invoked (TestInvokeAuthorizer); the data plane's invoker. */
  lambda?: LambdaInvoker;
  /** The Host header the request came with (set by dispatch), for answers that name this server's URL (GetSdk). */
  host?: string;
}

export interface ControlEvents {
  stageChanged(scope: Scope, restApiId: string, stageName?: string): void;
  /** After a write to API keys, usage plans, plan keys or granted quota (the data plane rebuilds its key index and re-reads quota counts). */
  usagePlansChanged?(scope: Scope): void;
  /** Before usage counters are read or replaced (the data plane writes the quota counts it holds). */
  flushUsage?(): void;
  /** FlushStageAuthorizersCache: the data plane forgets the stage's cached authorizer results. */
  authorizersFlushed?(scope: Scope, restApiId: string, stageName: string): void;
  /** FlushStageCache: the data plane empties the stage's API cache (response cache). */
  stageCacheFlushed?(scope: Scope, restApiId: string, stageName: string): void;
  /** After a write to domain names or base path mappings (the data plane rebuilds its custom domain index). */
  domainNamesChanged?(): void;
}

/** A non-JSON answer (exports, SDKs): body and headers as given. */
export class RawResult {
  constructor(
    readonly body: Buffer | string,
    readonly headers: Record<string, string>,
  ) {}
}

// Inputs are the SDK's `<Operation>Request` shapes; handlers narrow them themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Input = Record<string, any>;
export type Handler = (input: Input, ctx: OperationContext) => unknown | Promise<unknown>;
/** A group module's handlers, by operation name. */
export type HandlerTable = Record<string, Handler>;
