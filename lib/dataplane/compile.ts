/**
 * @module dataplane/compile
 * A deployment's frozen snapshot → `CompiledDeployment`, once: the route trie,
 * every mapping template compiled, every parameter mapping and integration URI
 * parsed, every selection pattern turned into a full-match regex, the gateway
 * responses compiled. The request path only reads the result.
 *
 * Configuration the data plane does not enforce yet is never skipped in
 * silence: each such feature (AWS/AWS_PROXY and VPC-link integrations) is recorded in
 * `warnings`, which the stage cache logs once when it loads the deployment.
 * API keys are enforced (steps/api-key); a configuration that can only
 * refuse (a key required from an authorizer the method does not have) is
 * warned about too.
 */
import type { ApiSnapshot, Integration, IntegrationResponse, Resource } from '../model';
import { compileGatewayResponses } from './gateway-responses';
import { compilePolicy } from './auth/resource-policy';
import { compileAuthorizers } from './auth/authorizer-config';
import { integrationKindFor } from './integrations';
import { compileRequestParameters, compileResponseParameters } from './mappings';
import { Router } from './router';
import { endpointOf } from './http-client';
import { compileTemplateSet } from './templates';
import { RequestValidation } from './validation/method';
import type {
  CompiledDeployment,
  CompiledIntegration,
  CompiledIntegrationResponse,
  CompiledMethod,
  CompiledResource,
  ContentHandling,
  UriPart,
} from './types';

type ConfiguredGatewayResponses = Parameters<typeof compileGatewayResponses>[0];

export function compileDeployment(deploymentId: string, snapshot: ApiSnapshot): CompiledDeployment {
  const warnings: string[] = [];
  const api = snapshot.restApi;
  const validation = new RequestValidation(snapshot);
  const resources = (snapshot.resources ?? []).map((r) => compileResource(r, warnings, api.apiKeySource, validation));
  return {
    deploymentId,
    restApi: api,
    router: new Router(resources),
    gatewayResponses: compileGatewayResponses(snapshot.gatewayResponses as ConfiguredGatewayResponses),
    binaryMediaTypes: (api.binaryMediaTypes ?? []).map((t) => t.toLowerCase()),
    resourcePolicy: api.policy ? compilePolicy(api.policy, api.id, warnings) : undefined,
    authorizers: compileAuthorizers(snapshot.authorizers, warnings),
    warnings,
  };
}

function compileResource(r: Resource, warnings: string[], apiKeySource: string | undefined, validation: RequestValidation): CompiledResource {
  const methods = new Map<string, CompiledMethod>();
  for (const [verb, m] of Object.entries(r.resourceMethods ?? {})) {
    const where = `${verb} ${r.path}`;
    if (m.authorizationType && !['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'].includes(m.authorizationType))
      warnings.push(`${where}: authorizationType ${m.authorizationType} is not known (requests are served without authorization)`);
    if (m.apiKeyRequired && apiKeySource === 'AUTHORIZER' && m.authorizationType !== 'CUSTOM')
      warnings.push(`${where}: apiKeyRequired with apiKeySource AUTHORIZER but no Lambda authorizer: no request carries a key, all are refused (403)`);
    methods.set(verb, {
      httpMethod: verb,
      resourceId: r.id,
      resourcePath: r.path,
      method: m,
      integration: m.methodIntegration ? compileIntegration(m.methodIntegration, warnings, where) : undefined,
      validation: validation.forMethod(m, warnings, where),
    });
  }
  return { id: r.id, path: r.path, methods };
}

function compileIntegration(i: Integration, warnings: string[], where: string): CompiledIntegration {
  const { kind, unsupported } = integrationKindFor(i);
  if (unsupported) warnings.push(`${where}: ${unsupported}`);
  const uri = parseUri(i.uri ?? '');
  const requestParameters = compileRequestParameters(i.requestParameters, warnings, where);
  let staticOrigin: CompiledIntegration['staticOrigin'];
  if ((i.type === 'HTTP' || i.type === 'HTTP_PROXY') && !unsupported) {
    staticOrigin = splitOrigin(uri);
    if (!staticOrigin && uri.every((p) => p.kind === 'text'))
      warnings.push(`${where}: integration uri ${JSON.stringify(i.uri)} is not a valid http(s) URL (requests answer 500)`);
    for (const p of uri) {
      if (p.kind === 'path' && !requestParameters.some((m) => m.location === 'path' && m.name === p.name))
        warnings.push(
          `${where}: the integration uri has {${p.name}} but no requestParameters entry maps integration.request.path.${p.name}; ` +
            'API Gateway then sends it literally',
        );
    }
  }
  const responses: CompiledIntegrationResponse[] = [];
  let defaultResponse: CompiledIntegrationResponse | undefined;
  for (const ir of Object.values(i.integrationResponses ?? {})) {
    const c = compileIntegrationResponse(ir, warnings, `${where} integration response ${ir.statusCode}`);
    if (c.pattern) responses.push(c);
    else defaultResponse ??= c;
  }
  const passthrough = i.passthroughBehavior ?? 'WHEN_NO_MATCH';
  return {
    type: i.type,
    invoke: kind.invoke,
    proxy: kind.proxy,
    httpMethod: !i.httpMethod || i.httpMethod === 'ANY' ? '' : i.httpMethod,
    uri,
    staticOrigin,
    requestParameters,
    templates: compileTemplateSet(i.requestTemplates, warnings, `${where} request template`),
    passthroughBehavior: passthrough === 'NEVER' || passthrough === 'WHEN_NO_TEMPLATES' ? passthrough : 'WHEN_NO_MATCH',
    contentHandling: contentHandlingOf(i.contentHandling),
    timeoutMs: i.timeoutInMillis ?? 29000,
    responses,
    defaultResponse,
    unsupported,
  };
}

function compileIntegrationResponse(ir: IntegrationResponse, warnings: string[], where: string): CompiledIntegrationResponse {
  let pattern: RegExp | undefined;
  if (ir.selectionPattern) {
    try {
      // API Gateway matches the whole value (Java's Matcher.matches()).
      pattern = new RegExp(`^(?:${ir.selectionPattern})$`);
    } catch {
      warnings.push(`${where}: selectionPattern ${JSON.stringify(ir.selectionPattern)} is not a valid regular expression; it never matches`);
      pattern = /(?!)/;
    }
  }
  return {
    statusCode: ir.statusCode,
    status: Number(ir.statusCode),
    pattern,
    responseParameters: compileResponseParameters(ir.responseParameters, warnings, where),
    templates: compileTemplateSet(ir.responseTemplates, warnings, `${where} response template`),
    contentHandling: contentHandlingOf(ir.contentHandling),
  };
}

function contentHandlingOf(v: string | undefined): ContentHandling {
  return v === 'CONVERT_TO_TEXT' || v === 'CONVERT_TO_BINARY' ? v : undefined;
}

/** `http://host:port` + path parts, when the origin is plain text (no stage variable or parameter in it). */
function splitOrigin(uri: UriPart[]): CompiledIntegration['staticOrigin'] {
  const first = uri[0];
  if (!first || first.kind !== 'text') return undefined;
  const scheme = first.text.indexOf('://');
  if (scheme === -1) return undefined;
  let slash = first.text.indexOf('/', scheme + 3);
  let rest: UriPart[];
  if (slash === -1) {
    if (uri.length > 1) return undefined; // a placeholder inside the authority
    slash = first.text.length;
    rest = [];
  } else {
    rest = [{ kind: 'text', text: first.text.slice(slash) }, ...uri.slice(1)];
  }
  let url: URL;
  try {
    url = new URL(first.text.slice(0, slash));
  } catch {
    return undefined;
  }
  const endpoint = endpointOf(url);
  return endpoint ? { endpoint, pathParts: rest } : undefined;
}

const STAGE_VAR = '${stageVariables.';

/** `http://h/${stageVariables.v}/items/{id}` → text / stage variable / path parameter parts. */
export function parseUri(uri: string): UriPart[] {
  const parts: UriPart[] = [];
  let text = '';
  let i = 0;
  while (i < uri.length) {
    if (uri.startsWith(STAGE_VAR, i)) {
      const end = uri.indexOf('}', i);
      if (end !== -1) {
        if (text) parts.push({ kind: 'text', text });
        text = '';
        parts.push({ kind: 'stageVariable', name: uri.slice(i + STAGE_VAR.length, end) });
        i = end + 1;
        continue;
      }
    }
    if (uri[i] === '{') {
      const end = uri.indexOf('}', i);
      if (end !== -1 && end > i + 1) {
        if (text) parts.push({ kind: 'text', text });
        text = '';
        let name = uri.slice(i + 1, end);
        const greedy = name.endsWith('+');
        if (greedy) name = name.slice(0, -1);
        parts.push({ kind: 'path', name, greedy });
        i = end + 1;
        continue;
      }
    }
    text += uri[i];
    i++;
  }
  if (text) parts.push({ kind: 'text', text });
  return parts;
}
