import type { JsonObject } from '../types.ts';
import { sigsUnmarshal, type GoType } from '../go-yaml/sigs-unmarshal.ts';
import type { YamlReader } from '../go-yaml/yaml-node.ts';
import { ConversionError } from './conversion-error.ts';

const KEY = 'kuma.io/reachable-backends';

/** kuma-cp's ReachableBackendRefs: `{refs: [*{kind, name *string, namespace *string, port *uint32, labels}]}`. */
const STRING: GoType = { kind: 'string' };
const REF: GoType = {
  kind: 'struct',
  fields: {
    kind: STRING,
    name: { kind: 'ptr', elem: STRING },
    namespace: { kind: 'ptr', elem: STRING },
    port: { kind: 'ptr', elem: { kind: 'uint32' } },
    labels: { kind: 'map', elem: STRING },
  },
};
const REFS: GoType = { kind: 'struct', fields: { refs: { kind: 'slice', elem: { kind: 'ptr', elem: REF } } } };

type Ref = { kind: string; name: string | null; namespace: string | null; port: number | null; labels: Record<string, string> | null };

function invalid(why: string): never {
  // kuma-cp's own text, then what it hides: the reason sigs.k8s.io/yaml gave.
  throw new ConversionError(`cannot parse, ${KEY} has invalid format (${why})`);
}

/**
 * `transparentProxying.reachableBackends` from the annotation, decoded as kuma-cp decodes it
 * (sigs.k8s.io/yaml into its ReachableBackendRefs): YAML 1.1 scalars, case-insensitive keys,
 * numbers and booleans read into text fields as their text, unknown keys ignored. Empty strings are
 * left out as protobuf leaves them out; a port is kept whenever given, 0 included.
 */
export function reachableBackendsFor(text: string, readYaml: YamlReader | undefined): JsonObject {
  if (readYaml === undefined) return invalid('this build has no YAML reader for the converter');
  const read = readYaml(text);
  if (!read.ok) return invalid(read.error);
  const decoded = sigsUnmarshal(read.node, REFS);
  if (!decoded.ok) return invalid(decoded.error);
  const refs = ((decoded.value as { refs: (Ref | null)[] | null }).refs ?? []).map((ref, index): JsonObject => {
    if (ref === null) {
      throw new ConversionError(
        `${KEY}: refs[${index}] is null; kuma-cp dereferences it (nil pointer panic) and never writes the Dataplane. Remove the empty entry`,
      );
    }
    const out: JsonObject = {};
    if (ref.kind !== '') out['kind'] = ref.kind;
    if (ref.name !== null && ref.name !== '') out['name'] = ref.name;
    if (ref.namespace !== null && ref.namespace !== '') out['namespace'] = ref.namespace;
    if (ref.port !== null) out['port'] = ref.port;
    if (ref.labels !== null && Object.keys(ref.labels).length > 0) out['labels'] = ref.labels;
    return out;
  });
  return refs.length > 0 ? { refs } : {};
}

const ALLOWED_KINDS = ['MeshExternalService', 'MeshMultiZoneService', 'MeshService'];
const IDENTIFIER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * What kuma-cp's Dataplane validation says about the refs it converted (validateTransparentProxying
 * at v2.14.3), as `refs[i].field: message`: an empty list when the Dataplane is accepted. A
 * rejected Dataplane is never stored, so the sidecar never becomes ready.
 */
export function reachableBackendsViolations(reachableBackends: unknown): string[] {
  const refs = (reachableBackends as { refs?: Record<string, unknown>[] } | undefined)?.refs ?? [];
  const out: string[] = [];
  refs.forEach((ref, i) => {
    const text = (key: string): string => (typeof ref[key] === 'string' ? (ref[key] as string) : '');
    const [kind, name, namespace] = [text('kind'), text('name'), text('namespace')];
    const labels = Object.keys((ref['labels'] ?? {}) as object).length;
    const at = (field: string, message: string): void => {
      out.push(`refs[${i}].${field}: ${message}`);
    };
    if (!ALLOWED_KINDS.includes(kind)) at('kind', `invalid value. Available values are: ${ALLOWED_KINDS.join(',')}`);
    if (name.length > 253) at('name', 'value length must less or equal 253');
    else if (name !== '' && !IDENTIFIER.test(name)) {
      at(
        'name',
        "invalid characters. A lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      );
    }
    if (name === '' && namespace === '' && labels === 0) at('name', 'name or labels are required');
    if (name === '' && namespace !== '') at('name', 'name is required, when namespace is defined');
    if ((name !== '' || namespace !== '') && labels > 0) at('labels', 'labels cannot be defined when name is specified');
  });
  return out;
}
