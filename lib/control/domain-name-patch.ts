/**
 * @module control/domain-name-patch
 * UpdateDomainName's patch paths: the certificates (add/replace/remove),
 * `/securityPolicy`, `/endpointAccessMode`, `/routingMode`,
 * `/ownershipVerificationCertificateArn`, the mutual TLS truststore, the
 * endpoint type migration between EDGE and REGIONAL (`add`/`remove`
 * `/endpointConfiguration/types` with the type as value, or `replace`
 * `/endpointConfiguration/types/{old}` with the new type, as the Developer
 * Guide's "Migrate a custom domain name" shows), `/endpointConfiguration/ipAddressType`,
 * and `/policy` and `/managementPolicy` of a private custom domain name.
 * Anything else is AWS's `Invalid patch path …`. The checks that span fields
 * (security policy vs access mode, mutual TLS) run on the result.
 *
 * Not emulated: a migration's UPDATING status (the new endpoint answers
 * AVAILABLE at once).
 */
import { BadRequestException } from '../aws/errors';
import { PatchEngine, scalarRule, type PatchRule } from '../aws/patch';
import {
  DOMAIN_ENDPOINT_TYPES,
  ENDPOINT_ACCESS_MODES,
  IP_ADDRESS_TYPES,
  ROUTING_MODES,
  SECURITY_POLICIES,
  checkEnum,
  checkMutualTls,
  checkSecurityPolicy,
  provisionEndpoint,
  unprovisionEndpoint,
} from './domain-name-rules';
import type { DomainName } from '../model';

const AT = 'updateDomainNameInput';
const TYPES_MESSAGE = `Invalid EndpointTypes specified. Valid options are ${['REGIONAL', 'EDGE', 'PRIVATE'].join(',')}`;

function checkPublicType(value: string | undefined): string {
  if (value === undefined || !(DOMAIN_ENDPOINT_TYPES as readonly string[]).includes(value)) throw new BadRequestException(TYPES_MESSAGE);
  // The Developer Guide: a public custom domain name cannot become private (nor back).
  if (value === 'PRIVATE') throw new BadRequestException('Cannot migrate a custom domain name to or from a PRIVATE endpoint type.');
  return value;
}

function types(d: DomainName): string[] {
  return d.endpointConfiguration.types ?? [];
}

/** Removes an endpoint type (the value of `remove /endpointConfiguration/types`); one must remain. */
function removeType(d: DomainName, value: string | undefined): void {
  const t = checkPublicType(value);
  if (!types(d).includes(t)) throw new BadRequestException(TYPES_MESSAGE);
  if (types(d).length === 1) throw new BadRequestException('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
  d.endpointConfiguration.types = types(d).filter((x) => x !== t);
  unprovisionEndpoint(d, t);
}

/** The rules, with the region the document lives in (for the Regional host name and hosted zone). */
function rules(region: string): PatchRule<DomainName>[] {
  const addType = (d: DomainName, value: string | undefined) => {
    const t = checkPublicType(value);
    if (types(d).includes('PRIVATE')) throw new BadRequestException('Cannot migrate a custom domain name to or from a PRIVATE endpoint type.');
    if (!types(d).includes(t)) d.endpointConfiguration.types = [...types(d), t];
    provisionEndpoint(d, t, region);
  };
  const privateOnly = (field: 'policy' | 'managementPolicy'): PatchRule<DomainName> => ({
    path: `/${field}`,
    ops: ['replace'],
    get: (d) => d[field],
    set: (d, _p, value, _op, path) => {
      if (!d.domainNameId) throw new BadRequestException(`Invalid patch path ${path}`);
      if (value === undefined || value === '') delete d[field];
      else {
        try {
          JSON.parse(value);
        } catch {
          throw new BadRequestException('Invalid policy document. Please check the policy syntax and try again.');
        }
        d[field] = value;
      }
    },
  });
  const certificateRule = (path: string, field: 'certificateName' | 'certificateArn' | 'regionalCertificateName' | 'regionalCertificateArn') =>
    scalarRule<DomainName>(path, field, { ops: ['add', 'replace', 'remove'] });
  const truststoreRule = (path: string, field: 'truststoreUri' | 'truststoreVersion'): PatchRule<DomainName> => ({
    path,
    ops: field === 'truststoreVersion' ? ['replace', 'remove'] : ['replace'],
    get: (d) => d.mutualTlsAuthentication?.[field],
    set: (d, _p, value) => {
      const m = { ...(d.mutualTlsAuthentication ?? {}) };
      if (value === undefined || value === '') delete m[field];
      else m[field] = value;
      d.mutualTlsAuthentication = m;
      if (field === 'truststoreUri' && m.truststoreUri === undefined) delete d.mutualTlsAuthentication;
    },
    remove: (d) => {
      if (d.mutualTlsAuthentication) delete d.mutualTlsAuthentication[field];
    },
  });
  return [
    certificateRule('/certificateName', 'certificateName'),
    certificateRule('/certificateArn', 'certificateArn'),
    certificateRule('/regionalCertificateName', 'regionalCertificateName'),
    certificateRule('/regionalCertificateArn', 'regionalCertificateArn'),
    scalarRule('/ownershipVerificationCertificateArn', 'ownershipVerificationCertificateArn', { ops: ['replace', 'remove'] }),
    scalarRule('/securityPolicy', 'securityPolicy', { parse: (v) => checkEnum(v, `${AT}.securityPolicy`, SECURITY_POLICIES) }),
    scalarRule('/endpointAccessMode', 'endpointAccessMode', {
      ops: ['replace', 'remove'],
      parse: (v) => (v === undefined || v === '' ? undefined : checkEnum(v, `${AT}.endpointAccessMode`, ENDPOINT_ACCESS_MODES)),
    }),
    scalarRule('/routingMode', 'routingMode', { parse: (v) => checkEnum(v, `${AT}.routingMode`, ROUTING_MODES) }),
    truststoreRule('/mutualTlsAuthentication/truststoreUri', 'truststoreUri'),
    truststoreRule('/mutualTlsAuthentication/truststoreVersion', 'truststoreVersion'),
    {
      path: '/endpointConfiguration/types',
      ops: ['add', 'remove'],
      set: (d, _p, value) => addType(d, value),
      // `remove` carries the type in `value`, which the engine does not pass to `remove`: see applyDomainNamePatch.
    },
    {
      path: '/endpointConfiguration/types/{type}',
      ops: ['replace'],
      get: (d, p) => (types(d).includes(p.type) ? p.type : undefined),
      set: (d, p, value) => {
        if (!types(d).includes(p.type)) throw new BadRequestException(TYPES_MESSAGE);
        const next = checkPublicType(value);
        if (next === p.type) return;
        addType(d, next);
        removeType(d, p.type);
      },
    },
    {
      path: '/endpointConfiguration/ipAddressType',
      ops: ['replace'],
      get: (d) => d.endpointConfiguration.ipAddressType,
      set: (d, _p, value) => {
        if (!(IP_ADDRESS_TYPES as readonly (string | undefined)[]).includes(value)) {
          throw new BadRequestException('ipAddressType must be either ipv4 or dualstack.');
        }
        if (types(d).includes('PRIVATE') && value !== 'dualstack') {
          throw new BadRequestException('Only dualstack ipAddressType is supported for Private APIs.');
        }
        d.endpointConfiguration = { ...d.endpointConfiguration, ipAddressType: value };
      },
    },
    privateOnly('policy'),
    privateOnly('managementPolicy'),
  ];
}

/**
 * Applies UpdateDomainName's operations to a copy of the domain name and
 * checks the result. `remove /endpointConfiguration/types` takes the type to
 * remove from `value` (the generic engine's `remove` has no value), so those
 * operations are applied here, in order with the others.
 */
export function applyDomainNamePatch(d: DomainName, operations: unknown, region: string): DomainName {
  const engine = new PatchEngine<DomainName>(rules(region));
  let out = structuredClone(d);
  const ops = Array.isArray(operations) ? (operations as { op?: string; path?: string; value?: string }[]) : operations;
  if (!Array.isArray(ops)) return engine.apply(out, ops as undefined);
  for (const op of ops) {
    if (op && op.op === 'remove' && op.path === '/endpointConfiguration/types') {
      removeType(out, op.value);
    } else {
      out = engine.apply(out, [op]);
    }
  }
  checkSecurityPolicy(out);
  checkMutualTls(out);
  return out;
}
