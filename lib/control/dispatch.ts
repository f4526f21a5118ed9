/**
 * @module control/dispatch
 * One control-plane request end to end: match the operation, bind its input,
 * run its handler, write the answer (or the AWS error). Every answer carries
 * `x-amzn-RequestId`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OperationRouter, bindInput } from './operation-table';
import { HANDLERS } from './operations';
import { RawResult, type OperationContext } from './context';
import { NotImplementedException, UnknownOperationException, toAwsError } from '../aws/errors';
import { parseJsonBody, readBody, sendAwsError, sendJson } from '../aws/wire';
import { callerFromRequest } from '../aws/caller';
import { modelConstraints, throwIfInvalid } from '../aws/validation';

const router = new OperationRouter();

export type ContextFactory = (req: IncomingMessage, requestId: string) => OperationContext;

export async function dispatchControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: OperationContext,
): Promise<void> {
  try {
    const method = req.method ?? 'GET';
    const match = router.match(method, url.pathname, url.searchParams);
    if (!match) {
      req.resume();
      throw new UnknownOperationException(`No apigateway operation matches ${method} ${url.pathname}`);
    }
    const handler = HANDLERS.get(match.spec.name);
    const body = await readBody(req);
    if (!handler) {
      throw new NotImplementedException(
        `apigw-local does not support the ${match.spec.name} operation yet (see the support matrix in the README)`,
      );
    }
    const input = bindInput(match.spec, { labels: match.labels, query: url.searchParams, headers: req.headers, body }, parseJsonBody);
    throwIfInvalid(modelConstraints(match.spec.name, input));
    ctx.host = req.headers.host;
    const result = await handler(input, ctx);
    if (result instanceof RawResult) {
      const buf = typeof result.body === 'string' ? Buffer.from(result.body) : result.body;
      res.writeHead(match.spec.successCode, { ...result.headers, 'content-length': buf.length, 'x-amzn-requestid': ctx.requestId });
      res.end(buf);
      return;
    }
    sendJson(res, match.spec.successCode, ctx.requestId, result ?? undefined);
  } catch (err) {
    const e = toAwsError(err);
    if (e.status >= 500 && e.type === 'InternalFailure') ctx.log.error(`control plane ${req.method} ${url.pathname}: ${(err as Error)?.stack ?? err}`);
    sendAwsError(res, ctx.requestId, e);
  }
}

export { callerFromRequest };
