/**
 * @module control/import-export
 * ImportRestApi (POST /restapis?mode=import, 201), PutRestApi
 * (PUT /restapis/{id}, 200) and GetExport
 * (GET /restapis/{id}/stages/{stage}/exports/{oas30|swagger}, 200).
 *
 * Import and put read the body as an OpenAPI 2.0/3.0 document (JSON or YAML;
 * `lib/openapi/`), honour `failonwarnings` and the parameters `basepath`
 * (ignore|prepend|split), `endpointConfigurationTypes` and
 * `ignore=documentation`, and answer the RestApi with the import's
 * `warnings` (PutRestApi with `tags`, as its recorded answers have them).
 * PutRestApi's `mode` is merge (the default, per the API Reference) or overwrite.
 *
 * GetExport exports the stage's deployed snapshot, not the API as it is now,
 * with `extensions` (integrations, authorizers, apigateway) and the Accept
 * header choosing JSON or YAML. Not supported: the `postman` extension
 * (refused naming it); other import parameters are refused naming them.
 */
import { BadRequestException, NotFoundException } from '../aws/errors';
import { ValidationException, enumConstraint } from '../aws/validation';
import type { HandlerTable, Input, OperationContext } from './context';
import { RawResult } from './context';
import { requireRestApi, requireStage } from './lookups';
import { restApiArn } from './rest-apis';
import { parseDefinition } from '../openapi/parse';
import { readDefinition, type BasePathMode } from '../openapi/import';
import { writeDefinition, type WriteMode } from '../openapi/write';
import { ImportIssues } from '../openapi/warnings';
import { serializeExport, type ExportType } from '../openapi/export';
import type { RestApi } from '../model';
import { documentationExtension } from './documentation-versions';

const BASE_PATH_MODES: BasePathMode[] = ['ignore', 'prepend', 'split'];
const KNOWN_PARAMETERS = ['basepath', 'endpointConfigurationTypes', 'ignore'];
const EXPORT_TYPES: ExportType[] = ['oas30', 'swagger'];
const EXPORT_EXTENSIONS = ['integrations', 'authorizers', 'apigateway'];

interface ImportParameters {
  basePath: BasePathMode;
  endpointTypes?: string[];
  ignoreDocumentation: boolean;
}

function importParameters(raw: Record<string, string> | undefined): ImportParameters {
  const params = raw ?? {};
  for (const key of Object.keys(params)) {
    if (!KNOWN_PARAMETERS.includes(key)) throw new BadRequestException(`apigw-local does not support the import parameter '${key}'`);
  }
  const basePath = (params.basepath ?? 'ignore').toLowerCase() as BasePathMode;
  if (!BASE_PATH_MODES.includes(basePath)) {
    throw new BadRequestException(`Invalid basepath parameter value: ${params.basepath}. Valid options are ${BASE_PATH_MODES.join(',')}`);
  }
  const out: ImportParameters = { basePath, ignoreDocumentation: false };
  if (params.endpointConfigurationTypes !== undefined) {
    out.endpointTypes = params.endpointConfigurationTypes.split(',').map((t) => t.trim().toUpperCase()).filter((t) => t !== '');
  }
  if (params.ignore !== undefined) {
    if (params.ignore !== 'documentation') throw new BadRequestException(`Invalid ignore parameter value: ${params.ignore}. Valid options are documentation`);
    out.ignoreDocumentation = true;
  }
  return out;
}

function runImport(ctx: OperationContext, input: Input, mode: WriteMode, api?: RestApi): RestApi {
  const params = importParameters(input.parameters);
  const parsed = parseDefinition(input.body);
  const issues = new ImportIssues();
  const def = readDefinition(parsed, { basePath: params.basePath, ignoreDocumentation: params.ignoreDocumentation }, issues);
  const written = writeDefinition(ctx, def, { mode, api, endpointTypes: params.endpointTypes }, issues, input.failOnWarnings === true);
  const out: RestApi = { ...written };
  if (issues.warnings.length) out.warnings = issues.warnings;
  return out;
}

export const importExportHandlers: HandlerTable = {
  ImportRestApi(input: Input, ctx) {
    return runImport(ctx, input, 'create');
  },

  PutRestApi(input: Input, ctx) {
    const mode = input.mode ?? 'merge'; // the API Reference: "By default, the update mode is merge"
    if (mode !== 'overwrite' && mode !== 'merge') throw new ValidationException([enumConstraint(mode, 'mode', ['merge', 'overwrite'])]);
    const api = requireRestApi(ctx, input.restApiId);
    const out = runImport(ctx, input, mode, api);
    out.tags = ctx.store.tags.get(ctx.scope, restApiArn(ctx.scope.region, api.id));
    return out;
  },

  GetExport(input: Input, ctx) {
    const stage = requireStage(ctx, input.restApiId, input.stageName);
    const type = input.exportType as ExportType;
    if (!EXPORT_TYPES.includes(type)) {
      throw new BadRequestException(`Invalid export type specified: ${String(input.exportType)}. Valid options are ${EXPORT_TYPES.join(',')}`);
    }
    const extensions = new Set(
      String(input.parameters?.extensions ?? '')
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter((e) => e !== ''),
    );
    for (const e of extensions) {
      if (e === 'postman') throw new BadRequestException('apigw-local does not support the postman export extension yet');
      if (!EXPORT_EXTENSIONS.includes(e)) throw new BadRequestException(`Invalid extensions specified: ${e}. Valid options are ${EXPORT_EXTENSIONS.join(',')},postman`);
    }
    const deployment = stage.deploymentId ? ctx.store.deployments.get(ctx.scope, input.restApiId, stage.deploymentId) : undefined;
    const snapshot = stage.deploymentId ? ctx.store.deployments.snapshot(ctx.scope, input.restApiId, stage.deploymentId) : undefined;
    if (!deployment || !snapshot) throw new NotFoundException('Invalid Stage identifier specified');
    const out = serializeExport(
      {
        type,
        stageName: stage.stageName,
        region: ctx.scope.region,
        deployedAt: deployment.createdDate,
        snapshot,
        extensions,
        documentation: documentationExtension(ctx, input.restApiId, stage.stageName),
      },
      input.accepts,
    );
    return new RawResult(out.body, { 'content-type': out.contentType, 'content-disposition': out.contentDisposition });
  },
};
