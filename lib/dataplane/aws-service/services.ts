/**
 * @module dataplane/aws-service/services
 * What apigw-local knows about the AWS services an `AWS` integration can call,
 * by the service name API Gateway's integration URI uses (the endpoint prefix:
 * `sqs`, `dynamodb`, `states`, `events` …):
 * - `envId`: the suffix of the SDKs' `AWS_ENDPOINT_URL_<SERVICE>` variable —
 *   the SDK serviceId uppercased with spaces as `_` (AWS SDKs and Tools
 *   Reference Guide, "Identifiers for service-specific endpoints"): `states` is
 *   `SFN`, `events` is `EVENTBRIDGE`, `logs` is `CLOUDWATCH_LOGS`;
 * - `signingName`: the SigV4 service name, when it is not the URI's;
 * - `protocol`: how the service reads `action/{Action}` requests — `query`
 *   (Action and parameters form-encoded: SQS, SNS, STS …) or `json` (a JSON body
 *   routed by `X-Amz-Target: {targetPrefix}.{Action}`, Content-Type
 *   `application/x-amz-json-{jsonVersion}`); `rest` services (S3) have no actions;
 * - `takesAction`: on AWS the service accepts the action API Gateway names in
 *   the URI without an `X-Amz-Target` header (recorded: DynamoDB PutItem/Query/
 *   Scan, Kinesis PutRecord, Step Functions StartExecution work from the URI
 *   alone; EventBridge PutEvents needs the header mapped by the user, as AWS
 *   support put it: "some services do require you to explicitly map the
 *   X-Amz-Target header"). apigw-local then sets the header itself, because
 *   local emulators (moto, LocalStack) route JSON services by it.
 * A service missing here still works (path-style, or with the headers the API
 * maps): its endpoint variable is its name uppercased, `-` as `_`.
 */

export interface ServiceInfo {
  envId: string;
  signingName?: string;
  protocol?: 'query' | 'json' | 'rest';
  targetPrefix?: string;
  jsonVersion?: '1.0' | '1.1';
  takesAction?: boolean;
  /** Global services answer on `{service}.amazonaws.com`, whatever the region. */
  global?: boolean;
}

const SERVICES: Record<string, ServiceInfo> = {
  s3: { envId: 'S3', protocol: 'rest' },
  sqs: { envId: 'SQS', protocol: 'query' },
  sns: { envId: 'SNS', protocol: 'query' },
  sts: { envId: 'STS', protocol: 'query' },
  iam: { envId: 'IAM', protocol: 'query', global: true },
  email: { envId: 'SES', signingName: 'ses', protocol: 'query' },
  monitoring: { envId: 'CLOUDWATCH', protocol: 'query' },
  cloudformation: { envId: 'CLOUDFORMATION', protocol: 'query' },
  dynamodb: { envId: 'DYNAMODB', protocol: 'json', targetPrefix: 'DynamoDB_20120810', jsonVersion: '1.0', takesAction: true },
  kinesis: { envId: 'KINESIS', protocol: 'json', targetPrefix: 'Kinesis_20131202', jsonVersion: '1.1', takesAction: true },
  states: { envId: 'SFN', protocol: 'json', targetPrefix: 'AWSStepFunctions', jsonVersion: '1.0', takesAction: true },
  ssm: { envId: 'SSM', protocol: 'json', targetPrefix: 'AmazonSSM', jsonVersion: '1.1', takesAction: true },
  firehose: { envId: 'FIREHOSE', protocol: 'json', targetPrefix: 'Firehose_20150804', jsonVersion: '1.1', takesAction: true },
  events: { envId: 'EVENTBRIDGE', protocol: 'json', targetPrefix: 'AWSEvents', jsonVersion: '1.1' },
  logs: { envId: 'CLOUDWATCH_LOGS', protocol: 'json', targetPrefix: 'Logs_20140328', jsonVersion: '1.1' },
  secretsmanager: { envId: 'SECRETS_MANAGER', protocol: 'json', targetPrefix: 'secretsmanager', jsonVersion: '1.1' },
  kms: { envId: 'KMS', protocol: 'json', targetPrefix: 'TrentService', jsonVersion: '1.1' },
  'cognito-idp': {
    envId: 'COGNITO_IDENTITY_PROVIDER',
    protocol: 'json',
    targetPrefix: 'AWSCognitoIdentityProviderService',
    jsonVersion: '1.1',
  },
  lambda: { envId: 'LAMBDA', protocol: 'rest' },
};

/** The service by its integration-URI name; an unknown one gets its name as endpoint variable suffix. */
export function serviceInfo(service: string): ServiceInfo {
  return SERVICES[service] ?? { envId: service.toUpperCase().replace(/[^A-Z0-9]/g, '_') };
}

/** `application/x-amz-json-1.0` for a JSON-protocol service, else undefined. */
export function jsonContentType(info: ServiceInfo): string | undefined {
  return info.protocol === 'json' && info.jsonVersion ? `application/x-amz-json-${info.jsonVersion}` : undefined;
}
