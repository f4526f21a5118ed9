/**
 * Lambda integration URIs and Invoke FunctionNames (API Reference: Invoke's
 * FunctionName forms — name, `name:qualifier`, partial ARN, full ARN;
 * Developer Guide: the Lambda integration URI).
 */
import { parseFunctionName, parseIntegrationUri } from '../../../lib/lambda/arn';

describe('parseIntegrationUri', () => {
  test('a Lambda function ARN, qualifier kept; the function ARN gives the region to call', () => {
    expect(
      parseIntegrationUri('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:my-fn:live/invocations'),
    ).toEqual({
      kind: 'lambda',
      region: 'us-east-1',
      functionId: 'arn:aws:lambda:eu-west-1:123456789012:function:my-fn:live',
      functionRegion: 'eu-west-1',
    });
  });

  test('a function name: the URI region', () => {
    expect(parseIntegrationUri('arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/my-fn/invocations')).toMatchObject({
      kind: 'lambda',
      functionId: 'my-fn',
      functionRegion: 'us-west-2',
    });
  });

  test('AWS service integrations are recognised as such', () => {
    expect(parseIntegrationUri('arn:aws:apigateway:us-east-1:s3:path/bucket/key')).toEqual({
      kind: 'service',
      region: 'us-east-1',
      service: 's3',
      actionType: 'path',
      target: 'bucket/key',
    });
    expect(parseIntegrationUri('arn:aws:apigateway:us-east-1:sqs:action/SendMessage')).toMatchObject({ kind: 'service', service: 'sqs', actionType: 'action' });
    // Lambda API calls other than Invoke.
    expect(parseIntegrationUri('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/my-fn')).toMatchObject({ kind: 'service', service: 'lambda' });
  });

  test('anything else is invalid', () => {
    expect(parseIntegrationUri('http://example.com').kind).toBe('invalid');
    expect(parseIntegrationUri('arn:aws:lambda:us-east-1:123456789012:function:f').kind).toBe('invalid');
    expect(parseIntegrationUri('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions//invocations').kind).toBe('invalid');
  });
});

describe('parseFunctionName', () => {
  test.each([
    ['my-function', { name: 'my-function' }],
    ['my-function:v1', { name: 'my-function', qualifier: 'v1' }],
    ['my-function:$LATEST', { name: 'my-function', qualifier: '$LATEST' }],
    ['123456789012:function:my-function', { account: '123456789012', name: 'my-function' }],
    ['123456789012:function:my-function:prod', { account: '123456789012', name: 'my-function', qualifier: 'prod' }],
    ['arn:aws:lambda:us-west-2:123456789012:function:my-function', { region: 'us-west-2', account: '123456789012', name: 'my-function' }],
    ['arn:aws:lambda:us-west-2:123456789012:function:my_function:7', { region: 'us-west-2', account: '123456789012', name: 'my_function', qualifier: '7' }],
  ])('%s', (id, parts) => {
    expect(parseFunctionName(id)).toEqual(parts);
  });

  test.each(['', '../etc/passwd', 'a/b', 'my.function', 'x'.repeat(65), 'arn:aws:lambda:us-west-2:123:function:f', 'f:a:b'])(
    'not a function name: %j',
    (id) => {
      expect(typeof parseFunctionName(id)).toBe('string');
    },
  );
});
