import type { TargetRefKind } from '../kinds.ts';
import { isMap } from '../policy-object.ts';
import { MUST_BE_DEFINED, MUST_BE_SET, MUST_NOT_BE_SET, type Violation, Violations, key } from './violations.ts';
import { list, obj, str, type Spec } from './values.ts';
import { dns1123SubdomainErrors, spiffeIdError } from './go-text.ts';

/** `ValidateTargetRefOpts`. */
export interface TargetRefOptions {
  kinds: readonly TargetRefKind[];
  /** Replaces `value '<K>' is not supported`. */
  kindsError?: string;
  /** MeshGateway may carry listener `tags`. */
  gatewayTags?: boolean;
  /** The policy affects inbounds (non-empty `rules` or `from`): Dataplane `sectionName` allowed. */
  inbound?: boolean;
  /** Names exempt from the character check (`kuma.io/unresolved-backend` in MeshHTTPRoute backendRefs). */
  allowedInvalidNames?: readonly string[];
}

const NAME_CHARS = /^[0-9a-z.\-_]*$/;
const TAG_NAME_CHARS = /^[a-zA-Z0-9.\-_:/]*$/;
const TAG_VALUE_CHARS = /^[a-zA-Z0-9.\-_:]*$/;
const SELECTOR_VALUE_CHARS = /^([a-zA-Z0-9.\-_:/]*|\*)$/;

/** A string map field as the Go type decodes it (`*map[string]string`). */
function stringMap(value: unknown): Record<string, string> {
  if (!isMap(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * `mesh.ValidateTargetRef` (`pkg/core/resources/apis/mesh/validators.go`): the kind must be given and
 * admitted at this position, then the fields each kind forbids or requires. Fields are relative to
 * the targetRef.
 */
export function validateTargetRef(ref: Spec | undefined, options: TargetRefOptions): Violation[] {
  const v = new Violations();
  const r = ref ?? {};
  const kind = str(r['kind']);
  if (kind === '') {
    v.add('kind', MUST_BE_DEFINED);
    return v.list;
  }
  if (!(options.kinds as readonly string[]).includes(kind)) {
    v.add('kind', options.kindsError ?? `value '${kind}' is not supported`);
    return v.list;
  }
  const name = str(r['name']);
  const namespace = str(r['namespace']);
  const mesh = str(r['mesh']);
  const sectionName = str(r['sectionName']);
  const tags = stringMap(r['tags']);
  const labels = stringMap(r['labels']);
  const proxyTypes = r['proxyTypes'];
  const hasProxyTypes = Array.isArray(proxyTypes) && proxyTypes.length > 0;
  const disallow = (fieldName: string, set: boolean): void => {
    if (set) v.add(fieldName, `${MUST_NOT_BE_SET} with kind ${kind}`);
  };
  const validateProxyTypes = (): void => {
    if (Array.isArray(proxyTypes) && proxyTypes.length === 0) v.add('proxyTypes', 'must be undefined or have at least one element');
  };
  const validateName = (): void => {
    if (!(options.allowedInvalidNames ?? []).includes(name) && !NAME_CHARS.test(name))
      v.add('name', "invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'.");
  };
  const hasTags = Object.keys(tags).length > 0;
  const hasLabels = Object.keys(labels).length > 0;
  switch (kind) {
    case 'Mesh':
      if (name !== '') v.add('name', `using name with kind ${kind} is not yet supported`);
      disallow('mesh', mesh !== '');
      disallow('tags', hasTags);
      disallow('labels', hasLabels);
      disallow('namespace', namespace !== '');
      disallow('sectionName', sectionName !== '');
      validateProxyTypes();
      break;
    case 'Dataplane':
      disallow('tags', hasTags);
      disallow('mesh', mesh !== '');
      disallow('proxyTypes', hasProxyTypes);
      if (hasLabels && (name !== '' || namespace !== '')) v.add('labels', 'either labels or name and namespace must be specified');
      if (options.inbound !== true && sectionName !== '') v.add('sectionName', 'can only be used with inbound policies');
      break;
    case 'MeshSubset':
      disallow('name', name !== '');
      disallow('mesh', mesh !== '');
      v.list.push(
        ...tagViolations('tags', tags, TAG_VALUE_CHARS, 'tag value must consist of alphanumeric characters, dots, dashes and underscores'),
      );
      disallow('labels', hasLabels);
      disallow('namespace', namespace !== '');
      disallow('sectionName', sectionName !== '');
      validateProxyTypes();
      break;
    case 'MeshService':
    case 'MeshHTTPRoute':
      validateName();
      disallow('mesh', mesh !== '');
      disallow('tags', hasTags);
      disallow('proxyTypes', hasProxyTypes);
      if (kind === 'MeshHTTPRoute') disallow('sectionName', sectionName !== '');
      if (!hasLabels && name === '') v.add('', `name or labels must be set when kind is ${kind}`);
      if (hasLabels && (name !== '' || namespace !== '')) v.add('labels', 'either labels or name and namespace must be specified');
      break;
    case 'MeshServiceSubset':
    case 'MeshGateway':
      if (name === '') v.add('name', `${MUST_BE_SET} when kind is ${kind}`);
      validateName();
      disallow('mesh', mesh !== '');
      disallow('proxyTypes', hasProxyTypes);
      v.list.push(
        ...tagViolations(
          'tags',
          tags,
          SELECTOR_VALUE_CHARS,
          'tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"',
        ),
      );
      if (kind === 'MeshGateway' && hasTags && options.gatewayTags !== true) disallow('tags', true);
      disallow('labels', hasLabels);
      disallow('namespace', namespace !== '');
      disallow('sectionName', sectionName !== '');
      break;
    case 'MeshExternalService':
      validateName();
      disallow('mesh', mesh !== '');
      disallow('tags', hasTags);
      disallow('proxyTypes', hasProxyTypes);
      if (!hasLabels && name === '') v.add('', `name or labels must be set when kind is ${kind}`);
      if (hasLabels && (name !== '' || namespace !== '')) v.add('labels', 'either labels or name must be specified');
      disallow('sectionName', sectionName !== '');
      break;
    default:
      // MeshMultiZoneService: no per-field checks upstream.
      break;
  }
  return v.list;
}

/** `validateTagKeyValues` with one extra value rule (keys sorted, as Go's `Keys` does). */
function tagViolations(path: string, tags: Record<string, string>, valueChars: RegExp, valueMessage: string): Violation[] {
  const v = new Violations();
  for (const k of Object.keys(tags).sort()) {
    if (k === '') v.add(path, 'tag name must be non-empty');
    if (!TAG_NAME_CHARS.test(k))
      v.add(key(path, k), 'tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores');
    const value = tags[k] as string;
    if (value === '') v.add(key(path, k), 'tag value must be non-empty');
    if (!valueChars.test(value)) v.add(key(path, k), valueMessage);
  }
  return v.list;
}

/** `mesh.ValidateMatch`: a SPIFFE ID that parses, an SNI match of type Exact with a DNS-1123 value. */
export function validateMatch(match: Spec | undefined): Violation[] {
  const v = new Violations();
  const spiffe = obj(match?.['spiffeID']);
  if (spiffe !== undefined) {
    const error = spiffeIdError(str(spiffe['value']));
    if (error !== undefined) v.add('spiffeID', `must be a valid Spiffe ID: ${error}`);
  }
  const sni = obj(match?.['sni']);
  if (sni !== undefined) {
    const type = str(sni['type']);
    if (type === '') v.add('sni.type', MUST_BE_SET);
    else if (type !== 'Exact') v.add('sni.type', `unrecognized type ${JSON.stringify(type)}, supported values are: Exact`);
    const value = str(sni['value']);
    if (value === '') v.add('sni.value', MUST_BE_SET);
    else for (const message of dns1123SubdomainErrors(value)) v.add('sni.value', message);
  }
  return v.list;
}

/** `inbound.AffectsInbounds`: the spec has non-empty `rules` or `from`. */
export function affectsInbounds(spec: Spec): boolean {
  return list(spec['rules']).length > 0 || list(spec['from']).length > 0;
}

/** `common_api.IncludesGateways`: the top-level scope can select gateways. */
export function includesGateways(spec: Spec): boolean {
  const ref = obj(spec['targetRef']) ?? { kind: 'Mesh' };
  const kind = str(ref['kind']);
  if (kind === 'MeshGateway' || kind === 'MeshHTTPRoute') return true;
  if (kind === 'Mesh' || kind === 'MeshSubset') {
    const types = list(ref['proxyTypes']);
    return types.length === 0 || types.includes('Gateway');
  }
  return false;
}
