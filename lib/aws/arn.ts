/**
 * @module aws/arn
 * API Gateway resource ARNs (`arn:aws:apigateway:{region}::/restapis/{id}` …),
 * as TagResource/UntagResource/GetTags take them.
 */
import { BadRequestException } from './errors';

export function apiGatewayArn(region: string, resourcePath: string): string {
  return `arn:aws:apigateway:${region}::${resourcePath}`;
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** The resource part: for apigateway the path such as `/restapis/abc/stages/dev`. */
  resource: string;
}

export function parseArn(arn: string): ParsedArn {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') throw new BadRequestException(`Invalid ARN specified in the request`);
  const [, partition, service, region, account, ...rest] = parts;
  return { partition, service, region, account, resource: rest.join(':') };
}
