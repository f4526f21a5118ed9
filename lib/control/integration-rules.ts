/**
 * @module control/integration-rules
 * What an integration must satisfy, as AWS checks it on PutIntegration and
 * after UpdateIntegration: the model-level enums (`type`, `connectionType`,
 * `contentHandling`: ValidationException, before any lookup), the HTTP method
 * and URI every type but MOCK needs (an http(s) URL for HTTP/HTTP_PROXY, with
 * stage variables allowed; an ARN with `path/` or `action/` for AWS/AWS_PROXY,
 * AWS_PROXY only for Lambda and Firehose), the 50–29000 ms timeout, the
 * passthrough behaviours and the request parameter keys. Messages are AWS's
 * where recorded; the passthrough/connection/content-handling wording of
 * UpdateIntegration's BadRequestException is ours (AWS's is not recorded).
 */
import { BadRequestException } from '../aws/errors';
import type { Input } from './context';
import { checkHttpMethod, checkMappingKey, enumConstraint, notNullConstraint } from './method-validation';
import type { Integration } from '../model';

/** In the order AWS lists them in its ValidationException (recorded). */
export const INTEGRATION_TYPES = ['HTTP', 'MOCK', 'AWS_PROXY', 'HTTP_PROXY', 'AWS'];
export const CONNECTION_TYPES = ['INTERNET', 'VPC_LINK'];
export const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'];
export const PASSTHROUGH = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];
const INTEGRATION_PARAMETER = /^integration\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[^\s]+$/;
export const RESPONSE_PARAMETER = /^method\.response\.header\.[^\s]+$/;
const MIN_TIMEOUT = 50;
export const MAX_TIMEOUT = 29000;

export function inputConstraints(input: Input, inputName: string): string[] {
  const out: string[] = [];
  if (inputName === 'putIntegrationInput') {
    if (input.type === undefined) out.push(notNullConstraint(`${inputName}.type`));
    else if (!INTEGRATION_TYPES.includes(input.type)) out.push(enumConstraint(input.type, `${inputName}.type`, INTEGRATION_TYPES));
    if (input.connectionType !== undefined && !CONNECTION_TYPES.includes(input.connectionType)) {
      out.push(enumConstraint(input.connectionType, `${inputName}.connectionType`, CONNECTION_TYPES));
    }
  }
  if (input.contentHandling !== undefined && !CONTENT_HANDLING.includes(input.contentHandling)) {
    out.push(enumConstraint(input.contentHandling, `${inputName}.contentHandling`, CONTENT_HANDLING));
  }
  return out;
}

function checkHttpUri(uri: string | undefined): void {
  let ok = false;
  if (uri) {
    try {
      const u = new URL(uri.replace(/\$\{stageVariables\.[^}]*\}/g, 'stagevar'));
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new BadRequestException('Invalid HTTP endpoint specified for URI');
}

function checkAwsUri(type: string, uri: string | undefined): void {
  const parts = (uri ?? '').split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts.slice(0, 5).some((p, i) => p === '' && i !== 3)) {
    throw new BadRequestException('Invalid ARN specified in the request');
  }
  const service = parts[4];
  const target = parts.slice(5).join(':');
  if (!target.startsWith('path/') && !target.startsWith('action/')) {
    throw new BadRequestException('AWS ARN for integration must contain path or action');
  }
  if (type === 'AWS_PROXY' && service !== 'lambda' && service !== 'firehose') {
    throw new BadRequestException("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
  }
}

/** Everything an integration must satisfy, checked after Put and after every Update. */
export function validateIntegration(i: Integration): Integration {
  if (i.type !== 'MOCK') {
    if (i.httpMethod === undefined || i.httpMethod === '') throw new BadRequestException('Enumeration value for HttpMethod must be non-empty');
    checkHttpMethod(i.httpMethod);
    if (i.type === 'HTTP' || i.type === 'HTTP_PROXY') checkHttpUri(i.uri);
    else checkAwsUri(i.type, i.uri);
  } else if (i.httpMethod !== undefined) {
    checkHttpMethod(i.httpMethod);
  }
  if (!Number.isInteger(i.timeoutInMillis) || i.timeoutInMillis < MIN_TIMEOUT || i.timeoutInMillis > MAX_TIMEOUT) {
    throw new BadRequestException(`Timeout should be between ${MIN_TIMEOUT} ms and ${MAX_TIMEOUT} ms`);
  }
  if (i.passthroughBehavior !== undefined && !PASSTHROUGH.includes(i.passthroughBehavior)) {
    throw new BadRequestException(`Invalid passthrough behavior specified: ${i.passthroughBehavior}. Valid options are ${PASSTHROUGH.join(',')}`);
  }
  if (i.connectionType !== undefined && !CONNECTION_TYPES.includes(i.connectionType)) {
    throw new BadRequestException(`Invalid connection type specified: ${i.connectionType}. Valid options are ${CONNECTION_TYPES.join(',')}`);
  }
  if (i.contentHandling !== undefined && !CONTENT_HANDLING.includes(i.contentHandling)) {
    throw new BadRequestException(`Invalid content handling specified: ${i.contentHandling}. Valid options are ${CONTENT_HANDLING.join(',')}`);
  }
  for (const key of Object.keys(i.requestParameters ?? {})) checkMappingKey(key, INTEGRATION_PARAMETER);
  return i;
}
