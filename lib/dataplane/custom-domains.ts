/**
 * @module dataplane/custom-domains
 * Routing by custom domain name, as API Gateway does it for REST APIs
 * (Developer Guide, "Use API mappings to connect API stages to a custom
 * domain name for REST APIs"):
 * - a request whose Host (port ignored, case-insensitive) is a domain name
 *   configured in any account and region goes through that domain's base path
 *   mappings; a wildcard domain name (`*.example.com`) takes the hosts no
 *   exact name takes;
 * - the longest matching base path wins, matched on whole path segments
 *   (`orders` takes `/orders` and `/orders/…`, never `/ordersandmore`);
 *   multi-level base paths (`orders/v2`) likewise; `(none)` takes what no
 *   other mapping takes;
 * - the base path is stripped; a mapping without a stage takes the stage
 *   from the next path segment (`/{basePath}/{stage}/…`, the CLI's "Specify
 *   '(none)' if you want callers to explicitly specify the stage name after
 *   any base path name");
 * - `$context.path`, `requestContext.path` and the proxy event's `path` are
 *   the path as the client sent it, base path (and stage segment) included —
 *   AWS's behaviour as recorded by users (LocalStack issue 12295,
 *   aws-serverless-express issue 216); routing and `resourcePath` use the
 *   stripped path;
 * - no mapping matches: 403 `{"message":"Forbidden"}` (what API Gateway
 *   answers when a custom domain has nowhere to send the request);
 * - `disableExecuteApiEndpoint` does not apply (stage-cache.ts).
 *
 * The index (lowercased name → domain with its mappings, longest base path
 * first) is built from the store on first use and dropped by `invalidate()`
 * (the control plane's `domainNamesChanged` event, and a state reset); a
 * request costs a Map lookup. When two accounts or regions configure the same
 * name, the first by (public before private, account, region) wins and a
 * warning is logged.
 *
 * apigw-local's own doors win over a custom domain Host: `/_apigw/…`,
 * requests SigV4-signed for another service than execute-api (control plane,
 * Lambda Invoke API), and the path forms `/restapis/…/_user_request_/…` and
 * `/_aws/execute-api/…` (matched before this module is asked).
 * Not emulated: routing rules (a domain whose routingMode is
 * ROUTING_RULE_ONLY answers 403 with a log line; ROUTING_RULE_THEN_BASE_PATH_MAPPING
 * uses its mappings, as no rule exists); TLS and mutual TLS; base paths are
 * compared as sent (a percent-encoded base path character does not match);
 * private custom domain names are routed like public ones (no VPC endpoint or
 * access association is needed).
 */
import type { Logger } from '../log';
import type { Scope, Store } from '../store';
import type { BasePathMapping, DomainName } from '../model';
import type { DataPlaneTarget } from './context';

const NONE = '(none)';

interface Mapping {
  /** `/orders/v2`; '' for `(none)`. */
  prefix: string;
  restApiId: string;
  stage?: string;
}

export interface IndexedDomain {
  name: string;
  scope: Scope;
  /** Longest base path first, `(none)` last. */
  mappings: Mapping[];
  /** routingMode ROUTING_RULE_ONLY: routing rules decide, and apigw-local has none. */
  rulesOnly: boolean;
}

export class CustomDomains {
  private index?: Map<string, IndexedDomain>;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  /** Forgets the index (a domain name or base path mapping changed); the next request rebuilds it. */
  invalidate(): void {
    this.index = undefined;
  }

  /**
   * The target for a request to a configured custom domain name, undefined for
   * any other Host. A target with `refusal` is answered 403 Forbidden.
   */
  match(host: string | undefined, rawUrl: string, rawHeaders: string[]): DataPlaneTarget | undefined {
    const index = this.index ?? this.build();
    if (index.size === 0 || !host) return undefined;
    const domain = lookupHost(index, host);
    if (!domain) return undefined;
    if (rawUrl.startsWith('/_apigw/') || signedForOtherService(rawHeaders)) return undefined;
    const q = rawUrl.indexOf('?');
    const pathname = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
    if (domain.rulesOnly) {
      return refused(pathname, rawQuery, `custom domain ${domain.name} has routingMode ROUTING_RULE_ONLY; routing rules are not emulated`);
    }
    return routeByBasePath(domain, pathname, rawQuery);
  }

  private build(): Map<string, IndexedDomain> {
    const candidates = new Map<string, { scope: Scope; domain: DomainName; mappings: BasePathMapping[] }[]>();
    for (const entry of this.store.domainNames.everywhere()) {
      const name = entry.domain.domainName.toLowerCase();
      const list = candidates.get(name);
      if (list) list.push(entry);
      else candidates.set(name, [entry]);
    }
    const index = new Map<string, IndexedDomain>();
    for (const [name, list] of candidates) {
      // Rows come ordered by account, region, key; a stable sort puts public domain names first.
      list.sort((a, b) => Number(a.domain.domainNameId !== undefined) - Number(b.domain.domainNameId !== undefined));
      const chosen = list[0];
      if (list.length > 1) {
        const where = (e: (typeof list)[number]): string =>
          `account ${e.scope.account} ${e.scope.region}${e.domain.domainNameId ? ` (private, ${e.domain.domainNameId})` : ''}`;
        this.log.warn(`data plane: custom domain ${name} is configured ${list.length} times (${list.map(where).join(', ')}); requests go to ${where(chosen)}`);
      }
      index.set(name, indexDomain(name, chosen.scope, chosen.domain, chosen.mappings));
    }
    this.index = index;
    return index;
  }
}

/** A domain's entry: its mappings as prefixes, longest first. */
export function indexDomain(name: string, scope: Scope, domain: Pick<DomainName, 'routingMode'>, mappings: BasePathMapping[]): IndexedDomain {
  const list: Mapping[] = mappings.map((m) => {
    const entry: Mapping = { prefix: m.basePath === NONE || m.basePath === '' ? '' : '/' + m.basePath, restApiId: m.restApiId };
    if (m.stage !== undefined && m.stage !== '' && m.stage !== NONE) entry.stage = m.stage;
    return entry;
  });
  // Two prefixes that both match a path end on segment boundaries, so the longer one has more segments.
  list.sort((a, b) => b.prefix.length - a.prefix.length);
  return { name, scope, mappings: list, rulesOnly: domain.routingMode === 'ROUTING_RULE_ONLY' };
}

/** The Host's domain (port and a trailing dot dropped, lowercased), exact name first, then `*.` + its parent. */
export function lookupHost(index: Map<string, IndexedDomain>, host: string): IndexedDomain | undefined {
  let name = host;
  const colon = name.lastIndexOf(':');
  if (colon > 0 && name.indexOf(']') === -1) name = name.slice(0, colon);
  if (name.endsWith('.')) name = name.slice(0, -1);
  name = name.toLowerCase();
  const exact = index.get(name);
  if (exact) return exact;
  const dot = name.indexOf('.');
  return dot > 0 ? index.get('*' + name.slice(dot)) : undefined;
}

/** The stage and path a request to the domain reaches through its base path mappings. */
export function routeByBasePath(domain: IndexedDomain, pathname: string, rawQuery: string): DataPlaneTarget {
  for (const m of domain.mappings) {
    const n = m.prefix.length;
    if (n > 0 && !(pathname.startsWith(m.prefix) && (pathname.length === n || pathname.charCodeAt(n) === 47 /* / */))) continue;
    let path = n === pathname.length ? '/' : pathname.slice(n);
    let stageName = m.stage;
    if (stageName === undefined) {
      // `/{basePath}/{stage}/…`
      const slash = path.indexOf('/', 1);
      stageName = decodeSegment(slash === -1 ? path.slice(1) : path.slice(1, slash));
      path = slash === -1 ? '/' : path.slice(slash);
    }
    return { apiId: m.restApiId, stageName, path, rawQuery, via: 'domain', region: domain.scope.region, clientPath: pathname };
  }
  return refused(pathname, rawQuery, `no base path mapping of custom domain ${domain.name} matches ${pathname}`);
}

function refused(pathname: string, rawQuery: string, refusal: string): DataPlaneTarget {
  return { apiId: '', stageName: '', path: pathname, rawQuery, via: 'domain', clientPath: pathname, refusal };
}

const CREDENTIAL_SERVICE = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\//;

/** True for a SigV4 Authorization header scoped to another service than execute-api (the control plane's, Lambda's). */
function signedForOtherService(raw: string[]): boolean {
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length !== 13 || raw[i].toLowerCase() !== 'authorization') continue;
    const m = CREDENTIAL_SERVICE.exec(raw[i + 1]);
    if (m && m[1] !== 'execute-api') return true;
  }
  return false;
}

function decodeSegment(s: string): string {
  if (s.indexOf('%') === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
