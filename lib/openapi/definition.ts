/**
 * @module openapi/definition
 * What an imported OpenAPI document defines for API Gateway, before any id
 * exists: the API's settings, its resource paths with their methods (which
 * name their authorizer, request validator and models), and the API's
 * models, authorizers, request validators and gateway responses. The reader
 * (`import.ts`) builds it from a document; the writer (`write.ts`) turns it
 * into store documents in one transaction.
 */
import type { Authorizer, GatewayResponse, Method } from '../model';
import type { ImportedPart } from '../control/documentation-import';

/** An authorizer as an import reads it: the control plane's shape before it has an id. */
export type AuthorizerDef = Omit<Authorizer, 'id'>;

export interface ModelDef {
  name: string;
  contentType: string;
  description?: string;
  /** The schema with its local `$ref`s still pointing into the document (the writer makes them model URLs). */
  schema: Record<string, unknown>;
}

export interface ValidatorDef {
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

/** A method as imported: `authorizerId`/`requestValidatorId` are still names. */
export interface MethodDef {
  method: Method;
  authorizerName?: string;
  validatorName?: string;
}

/** The RestApi fields a document sets (absent: the document says nothing about it). */
export interface ApiSettings {
  binaryMediaTypes?: string[];
  apiKeySource?: string;
  policy?: string;
  minimumCompressionSize?: number;
  endpointTypes?: string[];
  vpcEndpointIds?: string[];
  disableExecuteApiEndpoint?: boolean;
}

export interface ApiDefinition {
  title?: string;
  description?: string;
  version?: string;
  settings: ApiSettings;
  /** Full resource path ("/", "/pets/{petId}") → methods by HTTP verb, in document order. */
  paths: Map<string, Record<string, MethodDef>>;
  models: ModelDef[];
  authorizers: AuthorizerDef[];
  validators: ValidatorDef[];
  gatewayResponses: GatewayResponse[];
  /** `x-amazon-apigateway-documentation` parts, checked (absent when the document has none or `ignore=documentation`). */
  documentationParts?: ImportedPart[];
}

export function emptyDefinition(): ApiDefinition {
  return { settings: {}, paths: new Map(), models: [], authorizers: [], validators: [], gatewayResponses: [] };
}
