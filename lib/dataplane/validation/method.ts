/**
 * @module dataplane/validation/method
 * What a method's request validator checks, compiled once per deployment
 * ("Request validation for REST APIs"):
 * - the method's `requestValidatorId` picks one of the API's validators;
 *   without one, nothing is validated;
 * - `validateRequestParameters`: every `requestParameters` entry set to true
 *   (`method.request.{path|querystring|header|multivaluequerystring|multivalueheader}.name`)
 *   must be present and not blank, listed when missing in the order of the
 *   keys (recorded AWS answer, test_apigateway_common:
 *   `Missing required request parameters: [x-header-param, issuer, qs1]`);
 * - `validateRequestBody`: the body is validated against the `requestModels`
 *   entry for its Content-Type (application/json when absent), else the
 *   `$default` entry; with neither, the body is not validated.
 * A validator id or model the deployment does not have, or a model that
 * cannot be compiled, is logged as a warning when the deployment is compiled;
 * an uncompilable model answers its requests with a 500, never lets them
 * through unvalidated.
 */
import type { ApiSnapshot, Method } from '../../model';
import { SchemaCompiler, SchemaError, type CompiledSchema } from './schema';

export type ParameterLocation = 'path' | 'querystring' | 'header' | 'multivaluequerystring' | 'multivalueheader';

export interface RequiredParameter {
  location: ParameterLocation;
  /** As declared (headers are matched case-insensitively). */
  name: string;
}

export interface BodyModel {
  /** The requestModels key that selected it (`application/json`, `$default`). */
  contentType: string;
  modelName: string;
  schema?: CompiledSchema;
  /** Why the model cannot be used (its requests answer 500). */
  broken?: string;
}

export interface MethodValidation {
  validatorId: string;
  /** validateRequestParameters: the required parameters, in AWS's order. */
  requiredParameters?: RequiredParameter[];
  /** validateRequestBody: models by lowercased content type, `$default` included. */
  bodyModels?: Map<string, BodyModel>;
}

const PARAM = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/;
export const DEFAULT_MODEL_KEY = '$default';

/** One deployment's request validators and models, compiled on demand and once. */
export class RequestValidation {
  private readonly compiler: SchemaCompiler;
  private readonly models = new Map<string, CompiledSchema | SchemaError>();
  private readonly validators: Map<string, { validateRequestBody: boolean; validateRequestParameters: boolean }>;

  constructor(snapshot: ApiSnapshot) {
    const schemas = new Map((snapshot.models ?? []).map((m) => [m.name, m.schema ?? '']));
    this.compiler = new SchemaCompiler(snapshot.restApi.id, (name) => schemas.get(name));
    this.validators = new Map((snapshot.requestValidators ?? []).map((v) => [v.id, v]));
  }

  /** The method's validation, or undefined when its requests are not validated. */
  forMethod(m: Method, warnings: string[], where: string): MethodValidation | undefined {
    if (!m.requestValidatorId) return undefined;
    const validator = this.validators.get(m.requestValidatorId);
    if (!validator) {
      warnings.push(`${where}: request validator ${m.requestValidatorId} does not exist in this deployment; requests are not validated`);
      return undefined;
    }
    const out: MethodValidation = { validatorId: m.requestValidatorId };
    if (validator.validateRequestParameters) {
      const required = Object.entries(m.requestParameters ?? {})
        .filter(([, isRequired]) => isRequired === true)
        .map(([key]) => key)
        .sort()
        .flatMap((key): RequiredParameter[] => {
          const p = PARAM.exec(key);
          return p ? [{ location: p[1] as ParameterLocation, name: p[2] }] : [];
        });
      if (required.length) out.requiredParameters = required;
    }
    if (validator.validateRequestBody) {
      const models = new Map<string, BodyModel>();
      for (const [contentType, modelName] of Object.entries(m.requestModels ?? {})) {
        const model = this.model(modelName);
        const entry: BodyModel = { contentType, modelName };
        if (model instanceof SchemaError) {
          entry.broken = model.message;
          warnings.push(`${where}: model ${modelName} (${contentType}) cannot validate request bodies: ${model.message}; such requests answer 500`);
        } else entry.schema = model;
        models.set(contentType.toLowerCase(), entry);
      }
      if (models.size) out.bodyModels = models;
    }
    return out.requiredParameters || out.bodyModels ? out : undefined;
  }

  private model(name: string): CompiledSchema | SchemaError {
    let m = this.models.get(name);
    if (!m) {
      try {
        m = this.compiler.model(name);
      } catch (e) {
        m = e instanceof SchemaError ? e : new SchemaError(String(e));
      }
      this.models.set(name, m);
    }
    return m;
  }
}
