/**
 * @module model
 * The apigateway resources in their wire shapes (field names as the API
 * Reference and `@aws-sdk/client-api-gateway` have them). Stored documents
 * are these shapes, so a read needs no mapping. Timestamps are epoch seconds,
 * as restJson1 sends them.
 */

export interface EndpointConfiguration {
  types?: string[];
  ipAddressType?: string;
  vpcEndpointIds?: string[];
}

export interface RestApi {
  id: string;
  name: string;
  description?: string;
  createdDate: number;
  version?: string;
  warnings?: string[];
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource: string;
  endpointConfiguration: EndpointConfiguration;
  policy?: string;
  tags?: Record<string, string>;
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
}

export interface MethodResponse {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface IntegrationResponse {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string | null>;
  contentHandling?: string;
}

export interface Integration {
  type: string;
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string | null>;
  passthroughBehavior?: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace?: string;
  cacheKeyParameters?: string[];
  integrationResponses?: Record<string, IntegrationResponse>;
  tlsConfig?: { insecureSkipVerification?: boolean; serverNameToVerify?: string };
  responseTransferMode?: string;
}

export interface Method {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  methodResponses?: Record<string, MethodResponse>;
  methodIntegration?: Integration;
  authorizationScopes?: string[];
}

export interface Resource {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  resourceMethods?: Record<string, Method>;
}

export interface MethodSetting {
  metricsEnabled?: boolean;
  loggingLevel?: string;
  dataTraceEnabled?: boolean;
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
  cachingEnabled?: boolean;
  cacheTtlInSeconds?: number;
  cacheDataEncrypted?: boolean;
  requireAuthorizationForCacheControl?: boolean;
  unauthorizedCacheControlHeaderStrategy?: string;
}

export interface CanarySettings {
  percentTraffic?: number;
  deploymentId?: string;
  stageVariableOverrides?: Record<string, string>;
  useStageCache?: boolean;
}

export interface Stage {
  deploymentId?: string;
  clientCertificateId?: string;
  stageName: string;
  description?: string;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  cacheClusterStatus?: string;
  methodSettings: Record<string, MethodSetting>;
  variables?: Record<string, string>;
  documentationVersion?: string;
  accessLogSettings?: { format?: string; destinationArn?: string };
  canarySettings?: CanarySettings;
  tracingEnabled: boolean;
  webAclArn?: string;
  tags?: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

export interface Deployment {
  id: string;
  description?: string;
  createdDate: number;
  apiSummary?: Record<string, Record<string, { authorizationType?: string; apiKeyRequired?: boolean }>>;
}

/**
 * A gateway response as the API answers for it: `defaultResponse` is true for
 * a type the user never put (API Gateway's generated default).
 */
export interface GatewayResponse {
  responseType: string;
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  defaultResponse: boolean;
}

/** An authorizer (Lambda TOKEN/REQUEST or Cognito user pools) as GetAuthorizer answers it. */
export interface Authorizer {
  id: string;
  name: string;
  type: string;
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds?: number;
}

export interface RequestValidator {
  id: string;
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

/** A model: `schema` is the JSON Schema (draft 4) document as the string the user gave. */
export interface Model {
  id: string;
  name: string;
  description?: string;
  schema?: string;
  contentType: string;
}

/** Where a documentation part applies; fields a type does not take are absent, defaults (`/`, `*`) filled in. */
export interface DocumentationPartLocation {
  type: string;
  path?: string;
  method?: string;
  statusCode?: string;
  name?: string;
}

/** A documentation part: `properties` is the JSON string as stored (the user's text, or ours for imported parts). */
export interface DocumentationPart {
  id: string;
  location: DocumentationPartLocation;
  properties?: string;
}

/** A documentation snapshot (its parts are stored beside it, not on the wire). */
export interface DocumentationVersion {
  version: string;
  createdDate: number;
  description?: string;
}

/**
 * What a deployment freezes: the API and everything the data plane needs to
 * serve it, as it was when the deployment was created. Later issues add
 * authorizers, models, validators, gateway responses to it.
 */
export interface ApiSnapshot {
  restApi: RestApi;
  resources: Resource[];
  /** The gateway responses the user put (not the defaults). */
  gatewayResponses?: GatewayResponse[];
  authorizers?: Authorizer[];
  requestValidators?: RequestValidator[];
  models?: Model[];
  [more: string]: unknown;
}

/** A custom domain name as GetDomainName answers it (`tags` added on the way out). */
export interface DomainName {
  domainName: string;
  /** Private custom domain names only. */
  domainNameId?: string;
  domainNameArn?: string;
  certificateName?: string;
  certificateArn?: string;
  certificateUploadDate?: number;
  regionalDomainName?: string;
  regionalHostedZoneId?: string;
  regionalCertificateName?: string;
  regionalCertificateArn?: string;
  distributionDomainName?: string;
  distributionHostedZoneId?: string;
  endpointConfiguration: EndpointConfiguration;
  domainNameStatus: string;
  domainNameStatusMessage?: string;
  securityPolicy?: string;
  endpointAccessMode?: string;
  tags?: Record<string, string>;
  mutualTlsAuthentication?: { truststoreUri?: string; truststoreVersion?: string; truststoreWarnings?: string[] };
  ownershipVerificationCertificateArn?: string;
  managementPolicy?: string;
  policy?: string;
  routingMode?: string;
}

/** A base path mapping; `basePath` is `(none)` for the empty base path, as AWS answers it. */
export interface BasePathMapping {
  basePath: string;
  restApiId: string;
  stage?: string;
}

export interface DomainNameAccessAssociation {
  domainNameAccessAssociationArn: string;
  domainNameArn: string;
  accessAssociationSourceType: string;
  accessAssociationSource: string;
  tags?: Record<string, string>;
}

export interface VpcLink {
  id: string;
  name: string;
  description?: string;
  targetArns: string[];
  status: string;
  statusMessage?: string;
  tags?: Record<string, string>;
}

export interface ClientCertificate {
  clientCertificateId: string;
  description?: string;
  pemEncodedCertificate: string;
  createdDate: number;
  expirationDate: number;
  tags?: Record<string, string>;
}

/** An API key (GetApiKey's shape; `value` is shown only on create or with includeValue). */
export interface ApiKey {
  id: string;
  value: string;
  name?: string;
  customerId?: string;
  description?: string;
  enabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  /** Deprecated stage keys as `restApiId/stageName`. */
  stageKeys: string[];
  tags?: Record<string, string>;
}

export interface ThrottleSettings {
  burstLimit?: number;
  rateLimit?: number;
}

export interface QuotaSettings {
  limit?: number;
  offset?: number;
  period?: string;
}

export interface ApiStage {
  apiId: string;
  stage: string;
  /** Per-method throttling, keyed `{resourcePath}/{httpMethod}` (e.g. `/pets/GET`). */
  throttle?: Record<string, ThrottleSettings>;
}

export interface UsagePlan {
  id: string;
  name: string;
  description?: string;
  apiStages: ApiStage[];
  throttle?: ThrottleSettings;
  quota?: QuotaSettings;
  productCode?: string;
  tags?: Record<string, string>;
}

/** A usage plan key as the wire shows it (built from the API key when read). */
export interface UsagePlanKey {
  id: string;
  type: string;
  value?: string;
  name?: string;
}
