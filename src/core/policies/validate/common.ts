import type { PolicyRole, TargetRefKind } from '../kinds.ts';
import { type Violation, type Violations, field, index } from './violations.ts';
import { validateMatch, validateTargetRef, type TargetRefOptions } from './target-ref.ts';
import { decimalOf, duration, isSet, list, obj, str, type Spec } from './values.ts';

/** What a policy validator needs besides the spec: the role admission computed (spec §7.1). */
export interface ValidationContext {
  role: PolicyRole;
}

/** A policy kind's `validate()`: all violations, with paths starting at `spec`. */
export type PolicyValidator = (spec: Spec, context: ValidationContext) => Violation[];

/** `spec.targetRef` checked with `options` when it is written (an omitted one is `Mesh`, valid). */
export function validateTop(v: Violations, spec: Spec, options: TargetRefOptions): void {
  const ref = obj(spec['targetRef']);
  if (ref === undefined) return;
  v.addAt('spec.targetRef', validateTargetRef(ref, options));
}

/** Top-level kinds by role: system policies may name more kinds than the others. */
export function byRole(
  context: ValidationContext,
  system: readonly TargetRefKind[],
  other: readonly TargetRefKind[],
): readonly TargetRefKind[] {
  return context.role === 'system' ? system : other;
}

/** Each `<name>[i].targetRef` with `kinds`, then `each(item, path)`. */
export function forEachItem(
  v: Violations,
  spec: Spec,
  name: string,
  options: TargetRefOptions | undefined,
  each?: (item: Spec, path: string) => void,
): void {
  list(spec[name]).forEach((raw, i) => {
    const item = obj(raw) ?? {};
    const path = index(`spec.${name}`, i);
    if (options !== undefined) v.addAt(field(path, 'targetRef'), validateTargetRef(obj(item['targetRef']), options));
    each?.(item, path);
  });
}

/** `rules[].matches[]` of MeshTimeout/MeshRateLimit/MeshAccessLog style: spiffeID or sni, typed. */
export function validateSourceMatches(v: Violations, matchesPath: string, matches: readonly unknown[]): boolean {
  let hasSpiffeId = false;
  matches.forEach((raw, i) => {
    const match = obj(raw) ?? {};
    const path = index(matchesPath, i);
    v.addAt(path, validateMatch(match));
    const spiffe = obj(match['spiffeID']);
    if (spiffe === undefined && obj(match['sni']) === undefined) {
      v.add(path, "must specify at least one of 'spiffeID' or 'sni'");
      return;
    }
    if (spiffe !== undefined) {
      hasSpiffeId = true;
      const type = str(spiffe['type']);
      if (type === '') v.add(`${path}.spiffeID.type`, 'must be set');
      else if (type !== 'Exact' && type !== 'Prefix')
        v.add(`${path}.spiffeID.type`, `unrecognized type ${JSON.stringify(type)}, supported values are: Exact, Prefix`);
    }
  });
  return hasSpiffeId;
}

export const FROM_RULES_EXCLUSIVE = "fields 'to' and 'from' must be empty when 'rules' is defined";
export const AT_LEAST_ONE_OF_THREE = "at least one of 'from', 'to' or 'rules' has to be defined";

/** `ValidateIntegerGreaterThanZeroOrNil` (uint32 fields). */
export function uintAboveZero(v: Violations, path: string, value: unknown): void {
  if (typeof value === 'number' && value <= 0) v.add(path, 'must be greater than 0');
}

/** `ValidateUInt32PercentageOrNil`. */
export function uintPercentage(v: Violations, path: string, value: unknown): void {
  if (typeof value === 'number' && value > 100) v.add(path, 'must be in inclusive range [0, 100]');
}

/** `ValidatePercentageOrNil` (int or decimal string). */
export function percentageOrNil(v: Violations, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const n = decimalOf(value);
  if (n === undefined) v.add(path, 'string must be a valid number');
  else if (n < 0 || n > 100) v.add(path, 'must be in inclusive range [0.0, 100.0]');
}

/** `ValidateDurationGreaterThanZeroOrNil`. */
export function durationAboveZero(v: Violations, path: string, value: unknown): void {
  const d = duration(value);
  if (d !== undefined && d <= 0) v.add(path, 'must be greater than zero when defined');
}

/** `validators.ValidateBackendRef`: a MeshMultiZoneService backendRef needs a port. */
export function validateBackendRefPort(v: Violations, path: string, ref: Spec): void {
  if (str(ref['kind']) === 'MeshMultiZoneService' && !isSet(ref['port']))
    v.add(field(path, 'port'), 'must be defined with kind MeshMultiZoneService');
}

export const BACKEND_REF_KINDS = ['MeshService', 'MeshServiceSubset', 'MeshExternalService', 'MeshMultiZoneService'] as const;

/** `MakeFieldMustBeOneOfErr`: `"name" must be one of ["a", "b"]`. */
export function mustBeOneOf(name: string, allowed: readonly string[]): string {
  return `${JSON.stringify(name)} must be one of [${allowed.map((a) => JSON.stringify(a)).join(', ')}]`;
}

/** `ValidateOtelBackendRefOrEndpoint`: exactly one of `endpoint` / `backendRef` (a labelled MeshOpenTelemetryBackend). */
export function validateOtelTarget(v: Violations, path: string, otel: Spec, extraEndpoint?: (endpoint: string) => void): void {
  const endpoint = str(otel['endpoint']);
  const ref = obj(otel['backendRef']);
  if (endpoint !== '' && ref !== undefined) v.add(path, 'openTelemetry must have only one type defined: endpoint, backendRef');
  else if (endpoint === '' && ref === undefined) v.add(path, 'openTelemetry must have exactly one defined: endpoint, backendRef');
  else if (ref !== undefined) {
    const refPath = field(path, 'backendRef');
    if (str(ref['kind']) !== 'MeshOpenTelemetryBackend') v.add(field(refPath, 'kind'), mustBeOneOf('kind', ['MeshOpenTelemetryBackend']));
    const labels = obj(ref['labels']);
    if (labels === undefined || Object.keys(labels).length === 0) v.add(refPath, 'backendRef must have exactly one defined: labels');
  } else if (/[/?#]/.test(endpoint)) v.add(field(path, 'endpoint'), 'must be in host:port format, not a URL');
  else extraEndpoint?.(endpoint);
}
