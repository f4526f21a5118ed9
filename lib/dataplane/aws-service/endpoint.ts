/**
 * @module dataplane/aws-service/endpoint
 * Where an AWS service integration's request goes, resolved as the AWS SDKs
 * resolve a configured endpoint: `AWS_ENDPOINT_URL_<SERVICE>` (the service's
 * SDK id, services.ts), else `AWS_ENDPOINT_URL`, else the service's public
 * endpoint `https://{subdomain.}{service}.{region}.amazonaws.com` (which API
 * Gateway itself calls). A configured endpoint may carry a base path
 * (`http://localhost:4566/prefix`). `{subdomain}.s3` on a configured endpoint
 * becomes path-style addressing (`/{bucket}/…`), since a local endpoint has
 * no per-bucket host names; other subdomains are dropped there.
 */
import { endpointOf, hostHeader, type Endpoint } from '../http-client';
import type { ServiceHead } from './uri';
import { serviceInfo } from './services';

export interface ServiceEndpoint {
  endpoint: Endpoint;
  /** Prefix for every request path ('' or `/prefix`, no trailing slash). */
  basePath: string;
  /** For log lines: `http://127.0.0.1:4566 (AWS_ENDPOINT_URL_SQS)`. */
  name: string;
  /** Whether it is the service's public AWS endpoint (no variable set). */
  isAws: boolean;
}

export type Env = Record<string, string | undefined>;

/** The `AWS_ENDPOINT_URL_<SERVICE>` variable a service reads. */
export function endpointVariable(service: string): string {
  return `AWS_ENDPOINT_URL_${serviceInfo(service).envId}`;
}

/** The service's endpoint, or why the configured one cannot be used. */
export function resolveServiceEndpoint(head: ServiceHead, env: Env): ServiceEndpoint | string {
  const variable = endpointVariable(head.service);
  const own = env[variable]?.trim();
  const shared = env.AWS_ENDPOINT_URL?.trim();
  const configured = own ? { from: variable, value: own } : shared ? { from: 'AWS_ENDPOINT_URL', value: shared } : undefined;
  if (configured) {
    let url: URL | undefined;
    try {
      url = new URL(configured.value);
    } catch {
      url = undefined;
    }
    const endpoint = url && !url.search && !url.hash ? endpointOf(url) : undefined;
    if (!url || !endpoint) return `${configured.from}=${JSON.stringify(configured.value)} is not an http:// or https:// endpoint URL`;
    let basePath = url.pathname.replace(/\/+$/, '');
    if (head.subdomain && head.service === 's3') basePath += '/' + head.subdomain;
    return { endpoint, basePath, name: `${url.protocol}//${hostHeader(endpoint)}${url.pathname.replace(/\/+$/, '')} (${configured.from})`, isAws: false };
  }
  const info = serviceInfo(head.service);
  const suffix = head.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  const host = `${head.subdomain ? head.subdomain + '.' : ''}${head.service}${info.global ? '' : '.' + head.region}.${suffix}`;
  return { endpoint: { protocol: 'https:', hostname: host, port: 443 }, basePath: '', name: `https://${host} (no ${variable} or AWS_ENDPOINT_URL set)`, isAws: true };
}
