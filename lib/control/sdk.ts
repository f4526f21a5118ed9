/**
 * @module control/sdk
 * GetSdkTypes (GET /sdktypes), GetSdkType (GET /sdktypes/{id}) and GetSdk
 * (GET /restapis/{id}/stages/{stage}/sdks/{sdkType}).
 *
 * GetSdkTypes/GetSdkType list AWS's SDK types plus apigw-local's own
 * `typescript` (sdk/catalogue.ts says where each fact comes from). GetSdk
 * builds the SDK from the stage's deployed snapshot (not the API as it is
 * now, as on AWS) and answers the ZIP as `application/octet-stream` with
 * `Content-Disposition: attachment; filename="{sdkType}_{date}Z.zip"`.
 * The generated client calls the stage on this server: the invoke URL is
 * built from the Host the GetSdk request came to (`/restapis/{id}/{stage}/_user_request_`).
 *
 * Generated: `javascript` (AWS's layout, apigw-local's runtime) and
 * `typescript`. The other AWS types (java, android, objectivec, swift, ruby)
 * are refused with a BadRequestException naming the type. Not verified
 * against a recorded AWS answer: the NotFound message for an unknown SDK
 * type and the exact file name pattern.
 */
import { BadRequestException, NotFoundException } from '../aws/errors';
import { pageOf } from '../aws/pagination';
import { GENERATED_SDK_TYPES, SDK_TYPES, sdkTypeById, type SdkTypeInfo } from '../sdk/catalogue';
import { generateSdk } from '../sdk';
import type { HandlerTable, Input, OperationContext } from './context';
import { RawResult } from './context';
import { requireStage } from './lookups';

function requireSdkType(id: unknown): SdkTypeInfo {
  const t = typeof id === 'string' ? sdkTypeById(id) : undefined;
  if (!t) throw new NotFoundException('Invalid SdkType identifier specified');
  return t;
}

/** `http://{host}` the request came to (else the configured address), for the generated client's default URL. */
export function serverOrigin(ctx: OperationContext): string {
  if (ctx.host) return `http://${ctx.host}`;
  const host = ctx.config.host === '0.0.0.0' || ctx.config.host === '::' ? 'localhost' : ctx.config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${ctx.config.port}`;
}

export const sdkHandlers: HandlerTable = {
  GetSdkTypes(input: Input) {
    return pageOf([...SDK_TYPES], (t) => t.id, { position: input.position, limit: input.limit });
  },

  GetSdkType(input: Input) {
    return requireSdkType(input.id);
  },

  GetSdk(input: Input, ctx) {
    const stage = requireStage(ctx, input.restApiId, input.stageName);
    const type = requireSdkType(input.sdkType);
    if (!GENERATED_SDK_TYPES.includes(type.id)) {
      throw new BadRequestException(
        `apigw-local does not support generating the ${type.id} SDK (${type.friendlyName}); it generates: ${GENERATED_SDK_TYPES.join(', ')}`,
      );
    }
    const snapshot = stage.deploymentId ? ctx.store.deployments.snapshot(ctx.scope, input.restApiId, stage.deploymentId) : undefined;
    if (!snapshot) throw new NotFoundException('Invalid Stage identifier specified');
    const sdk = generateSdk({
      sdkType: type.id,
      snapshot,
      stageName: stage.stageName,
      region: ctx.scope.region,
      invokeUrl: `${serverOrigin(ctx)}/restapis/${snapshot.restApi.id}/${stage.stageName}/_user_request_`,
      parameters: (input.parameters ?? {}) as Record<string, string>,
    });
    return new RawResult(sdk.zip, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${sdk.fileName}"`,
    });
  },
};
