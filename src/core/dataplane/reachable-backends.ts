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
      throw new ConversionError(`${KEY}: refs[${index}] is null; kuma-cp dereferences it (nil pointer panic) and never writes the Dataplane. Remove the empty entry`);
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
