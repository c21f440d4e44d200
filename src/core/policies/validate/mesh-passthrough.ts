import { Violations, field, index } from './violations.ts';
import { mustBeOneOf, validateTop, type PolicyValidator } from './common.ts';
import { isSet, list, obj, str } from './values.ts';
import { isIpAddress } from './go-text.ts';

const PROTOCOLS = ['tcp', 'tls', 'grpc', 'http', 'http2', 'mysql'];
const L7_SAME_PORT = ['grpc', 'http', 'http2'];
const DNS_NAME = /^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$/;

/** govalidator's `IsDNSName`: not an IP, at most 255 characters without dots, labels of 1–63. */
function isDnsName(value: string): boolean {
  return value !== '' && value.replace(/\./g, '').length <= 255 && !isIpAddress(value) && DNS_NAME.test(value);
}

function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash === -1) return false;
  const ip = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || !isIpAddress(ip)) return false;
  return Number(bits) <= (ip.includes(':') ? 128 : 32);
}

/** A scalar as the upstream decoder of these tables reads it into a string field. */
function text(value: unknown): string {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : str(value);
}

/** MeshPassthrough (`meshpassthrough/api/v1alpha1/validator.go`). */
export const validateMeshPassthrough: PolicyValidator = (spec) => {
  const v = new Violations();
  validateTop(v, spec, { kinds: ['Mesh', 'MeshSubset', 'Dataplane'] });
  const portProtocol = new Map<number, string>();
  const values = new Map<string, Set<string>>();
  list(obj(spec['default'])?.['appendMatch']).forEach((raw, i) => {
    const match = obj(raw) ?? {};
    const p = index('spec.default.appendMatch', i);
    const protocol = text(match['protocol']);
    const value = text(match['value']);
    const type = text(match['type']);
    const hasPort = isSet(match['port']);
    const port = typeof match['port'] === 'number' ? match['port'] : 0;
    if (protocol === 'mysql' && !hasPort) v.add(field(p, 'port'), 'port must be defined for Mysql protocol');
    if ((hasPort && port === 0) || port > 65535) v.add(field(p, 'port'), 'port must be a valid (1-65535)');
    if (hasPort) {
      const seen = portProtocol.get(port);
      if (seen !== undefined && seen !== protocol && L7_SAME_PORT.includes(protocol)) {
        v.add(
          field(p, 'port'),
          `using the same port in multiple matches requires the same protocol for the following protocols: [${L7_SAME_PORT.join(' ')}]`,
        );
      } else portProtocol.set(port, protocol);
      const key = `${port}/${protocol}`;
      const known = values.get(key);
      if (known === undefined) values.set(key, new Set([value]));
      else if (known.has(value)) v.add(field(p, 'value'), `value ${value} is already defiend for this port and protocol`);
      else known.add(value);
    }
    if (!PROTOCOLS.includes(protocol)) v.add(field(p, 'protocol'), mustBeOneOf('protocol', PROTOCOLS));
    switch (type) {
      case 'CIDR':
        if (!isCidr(value)) v.add(field(p, 'value'), 'provided CIDR has incorrect value');
        break;
      case 'IP':
        if (!isIpAddress(value)) v.add(field(p, 'value'), 'provided IP has incorrect value');
        break;
      case 'Domain': {
        if (protocol === 'tcp' || protocol === 'mysql') v.add(field(p, 'protocol'), `protocol ${protocol} is not supported for a domain`);
        if (/^\*[^.]+/.test(value))
          v.add(field(p, 'value'), 'provided DNS has incorrect value, partial wildcard is currently not supported');
        if (!hasPort && value.startsWith('*') && L7_SAME_PORT.includes(protocol))
          v.add(field(p, 'port'), "wildcard domains doesn't work for all ports and layer 7 protocol");
        const bare = value.startsWith('*.') ? value.slice(2) : value;
        if (!bare.startsWith('*') && !isDnsName(bare)) v.add(field(p, 'value'), 'provided DNS has incorrect value');
        break;
      }
      default:
        v.add(field(p, 'type'), `provided type ${type} is not supported, one of Domain, IP, or CIDR is supported`);
    }
  });
  return v.list;
};
