/**
 * @module dataplane/steps/validate
 * Step `validate`: the method's request validator, after authorization and
 * throttling, before the integration request (validation/method.ts says what
 * is checked; the compiled validators come with the deployment).
 * - Missing required parameters: 400 `{"message": "Missing required request
 *   parameters: [a, b]"}` (BAD_REQUEST_PARAMETERS); checked before the body.
 * - A body that does not match its model: 400 `{"message": "Invalid request
 *   body"}` (BAD_REQUEST_BODY), with the validator's messages in
 *   `$context.error.validationErrorString` (`[object has missing required
 *   properties ([\"price\",\"type\"])]`). An empty body is validated as `{}`
 *   (as AWS does: a GET with no body fails a model with required
 *   properties); a body that is not JSON is an invalid body.
 * - A model that cannot be compiled, or a schema that recurses without end:
 *   500 (API_CONFIGURATION_ERROR), logged.
 * What AWS puts in `validationErrorString` for missing parameters and for a
 * body that is not JSON is not recorded: we give the message itself and the
 * JSON parser's complaint.
 */
import type { InvocationContext } from '../context';
import { GatewayError } from '../gateway-responses';
import { mediaTypeOf } from '../media-types';
import { parseJson, JsonSyntaxError, type JValue } from '../validation/json';
import { validateInstance, ValidationLoopError } from '../validation/instance';
import { jsonEscaped, validationErrorString } from '../validation/messages';
import { DEFAULT_MODEL_KEY, type BodyModel, type MethodValidation, type RequiredParameter } from '../validation/method';

const DEFAULT_CONTENT_TYPE = 'application/json';

export function validate(ctx: InvocationContext): void {
  const v = ctx.route?.method.validation;
  if (!v) return;
  if (v.requiredParameters) checkParameters(ctx, v.requiredParameters);
  if (v.bodyModels) checkBody(ctx, v);
}

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

function isMissing(ctx: InvocationContext, p: RequiredParameter): boolean {
  const r = ctx.request;
  switch (p.location) {
    case 'path':
      return blank(ctx.route?.pathParams[p.name]);
    case 'querystring':
      return blank(Object.hasOwn(r.querystring, p.name) ? r.querystring[p.name] : undefined);
    case 'header':
      return blank(r.headerLc[p.name.toLowerCase()]);
    case 'multivaluequerystring':
      return !(Object.hasOwn(r.multiQuerystring, p.name) && r.multiQuerystring[p.name].some((x) => !blank(x)));
    case 'multivalueheader':
      return !(r.multiHeaderLc[p.name.toLowerCase()] ?? []).some((x) => !blank(x));
  }
}

function checkParameters(ctx: InvocationContext, required: RequiredParameter[]): void {
  const missing = required.filter((p) => isMissing(ctx, p)).map((p) => p.name);
  if (missing.length === 0) return;
  const message = `Missing required request parameters: [${missing.join(', ')}]`;
  ctx.log.debug(`${ctx.describe()}: Request validation failed: ${message}`);
  throw new GatewayError('BAD_REQUEST_PARAMETERS', message, { validationErrorString: jsonEscaped(message) });
}

function modelFor(ctx: InvocationContext, models: Map<string, BodyModel>): BodyModel | undefined {
  const type = mediaTypeOf(ctx.request.headerLc['content-type']) ?? DEFAULT_CONTENT_TYPE;
  return models.get(type) ?? models.get(DEFAULT_MODEL_KEY);
}

function checkBody(ctx: InvocationContext, v: MethodValidation): void {
  const model = modelFor(ctx, v.bodyModels!);
  if (!model) return;
  if (!model.schema) {
    ctx.configurationError(`model ${model.modelName} cannot validate the request body: ${model.broken}`);
    throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
  }
  const text = ctx.request.body.toString('utf8');
  let instance: JValue;
  let messages: string[];
  try {
    instance = text.trim() === '' ? new Map() : parseJson(text);
    messages = validateInstance(model.schema, instance);
  } catch (e) {
    if (e instanceof JsonSyntaxError) messages = [e.message];
    else if (e instanceof ValidationLoopError || e instanceof RangeError) {
      ctx.configurationError(`model ${model.modelName}: ${e.message}`);
      throw new GatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
    } else throw e;
  }
  if (messages.length === 0) return;
  ctx.log.debug(
    `${ctx.describe()}: Request body does not match model schema for content type ${model.contentType}: [${messages.join(', ')}]`,
  );
  throw new GatewayError('BAD_REQUEST_BODY', 'Invalid request body', { validationErrorString: validationErrorString(messages) });
}
