import { list, obj, str } from './values.ts';
import { ownValue } from '../../json-record.ts';

/**
 * `Deprecations()` of MeshService, MeshExternalService and MeshMultiZoneService: a display name that
 * is not a DNS-1035 label, and each SNI (`sni.ValidateKRI`) whose parts are not DNS-1123 labels.
 */
export interface DestinationIdentity {
  mesh: string;
  zone: string;
  namespace: string;
  name: string;
}

const SHORT: Record<string, string> = { MeshService: 'msvc', MeshExternalService: 'extsvc', MeshMultiZoneService: 'mzsvc' };

function dns1035Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    errors.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errors;
}

/** Kubernetes' `IsDNS1123Label`. */
function dns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    if (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value)) errors.push('must not contain dots');
    else
      errors.push(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      );
  }
  return errors;
}

function sniErrors(kind: string, id: DestinationIdentity, section: string): string[] {
  if (id.mesh === '' || id.name === '' || section === '') return ['mesh, name and sectionName must be non-empty'];
  const errors: string[] = [];
  const fields: [string, string][] = [
    ['mesh', id.mesh],
    ['name', id.name],
  ];
  if (id.zone !== '') {
    fields.push(['zone', id.zone]);
    if (id.namespace !== '') fields.push(['namespace', id.namespace]);
  }
  for (const [name, value] of fields) {
    const messages = dns1123Label(value);
    if (messages.length > 0) errors.push(`${name} ${JSON.stringify(value)} does not conform to RFC 1123: ${messages.join('; ')}`);
  }
  const sectionMessages = dns1123Label(section);
  if (sectionMessages.length > 0) errors.push(sectionMessages.join('; '));
  const segments = [
    'sni',
    SHORT[kind] as string,
    id.mesh,
    ...(id.zone !== '' ? [id.zone, ...(id.namespace !== '' ? [id.namespace] : [])] : []),
    id.name,
    section,
  ];
  const sni = segments.join('.');
  if (sni.length > 253) errors.push(`computed SNI is ${sni.length} characters which exceeds the DNS hostname limit (253)`);
  return errors;
}

/** The warnings, in upstream order; [] for other kinds. */
export function destinationDeprecations(kind: string, spec: Readonly<Record<string, unknown>>, id: DestinationIdentity): string[] {
  if (ownValue(SHORT, kind) === undefined) return [];
  const out: string[] = [];
  const nameErrors = dns1035Label(id.name);
  if (nameErrors.length > 0)
    out.push(
      `Invalid ${kind} resource name: '${id.name}'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: ${nameErrors.join('; ')}`,
    );
  const portName = (port: Readonly<Record<string, unknown>>): string =>
    str(port['name']) !== '' ? str(port['name']) : String(port['port'] ?? '');
  const sections =
    kind === 'MeshExternalService' ? [portName(obj(spec['match']) ?? {})] : list(spec['ports']).map((p) => portName(obj(p) ?? {}));
  for (const section of sections)
    for (const error of sniErrors(kind, id, section))
      out.push(`Invalid ${kind} SNI (port ${JSON.stringify(section)}): ${error}. This is deprecated.`);
  return out;
}
