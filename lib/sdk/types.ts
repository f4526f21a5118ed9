/**
 * @module sdk/types
 * What the SDK generators read and write: the API as an SDK sees it (one
 * operation per resource and method of the stage's deployed snapshot) and the
 * files of a generated SDK.
 */

/** A configuration property of an SDK type (GetSdkType's `configurationProperties`). */
export interface ConfigurationProperty {
  name: string;
  friendlyName: string;
  description: string;
  required: boolean;
  defaultValue?: string;
}

/** A declared query string or header parameter (`method.request.querystring.x` / `.header.x`). */
export interface SdkParam {
  name: string;
  required: boolean;
}

export interface SdkOperation {
  /** The method name AWS's generated SDKs use: path segments camel-cased, then the verb (`petsPetIdGet`). */
  name: string;
  /** GET, POST, … or ANY. */
  httpMethod: string;
  /** The resource path template, e.g. `/pets/{petId}` or `/{proxy+}`. */
  path: string;
  /** Path parameter names in order (a greedy `{proxy+}` as `proxy`). */
  pathParams: string[];
  /** The greedy path parameter's name, if the path ends with one. */
  greedyParam?: string;
  queryParams: SdkParam[];
  headerParams: SdkParam[];
  authorizationType: string;
  apiKeyRequired: boolean;
  /** The method's `operationName`, when it has one. */
  operationName?: string;
  /** Request models by content type (`requestModels`). */
  requestModels: Record<string, string>;
}

/** The API as a generated client calls it. */
export interface SdkSpec {
  apiId: string;
  apiName: string;
  description?: string;
  stageName: string;
  region: string;
  /** The URL the client calls by default: the stage's invoke URL on this apigw-local server. */
  invokeUrl: string;
  /** The same stage's invoke URL on AWS (`https://{id}.execute-api.{region}.amazonaws.com/{stage}`), for the README. */
  awsInvokeUrl: string;
  /** The API's models (name → JSON Schema text), for typed request bodies. */
  models: Record<string, string>;
  operations: SdkOperation[];
}

export interface GeneratedFile {
  path: string;
  content: string;
}
