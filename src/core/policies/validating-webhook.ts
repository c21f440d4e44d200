import { descriptorOf, type ResourceDescriptor } from './descriptors.ts';
import { checkOperation, type AdmissionChecker, type Denial } from './admission-checker.ts';
import { adapterLabels } from './defaulter.ts';
import { isMap, MESH_LABEL, NAMESPACE_LABEL, ORIGIN_LABEL, ZONE_LABEL, roleOf } from './policy-object.ts';
import { policyKind } from './kinds.ts';
import { validatePolicySpec } from './validate/index.ts';
import { policyDeprecations } from './validate/deprecations.ts';
import { validateTrafficRoute } from './validate/legacy.ts';
import { destinationDeprecations } from './validate/destination-deprecations.ts';
import { type Violation, violationsText, at } from './validate/violations.ts';

/**
 * The validating webhook `validator.kuma-admission` for one Kuma object
 * (`webhooks/validation.go`, `validatingHandler.Handle`, spec §7.1 step 3): admission checks,
 * then (not on DELETE) the mesh name, the origin label, the type's validator, and the deprecation
 * warnings of an allowed request. Validators are reproduced for the 16 policies and the legacy
 * TrafficRoute; other Kuma types get the checks before their validator only.
 */
export interface WebhookRequest {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  namespace: string;
  username: string;
}

export interface WebhookResponse {
  allowed: boolean;
  code: number;
  reason?: string;
  status?: string;
  message?: string;
  /** Field violations (HTTP 422) or the causes a denial carries. */
  causes?: { field: string; message: string; reason: string }[];
  warnings: string[];
  /** How the object was refused: admission rules (403/500) or invalid fields (422). */
  refusal?: 'forbidden' | 'invalid';
  /** The violations of a 422, for results naming each field. */
  violations?: Violation[];
}

const ALLOWED: WebhookResponse = { allowed: true, code: 200, warnings: [] };

export function validateAdmission(object: Record<string, unknown>, request: WebhookRequest, checker: AdmissionChecker): WebhookResponse {
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const descriptor = descriptorOf(kind);
  if (descriptor === undefined) return ALLOWED;
  const metadata = isMap(object['metadata']) ? object['metadata'] : {};
  const labels = adapterLabels(metadata);
  const spec = isMap(object['spec']) ? object['spec'] : {};
  const denial = checkOperation(checker, request.username, { kind, labels, spec }, request.namespace);
  if (denial !== undefined) return denied(denial);
  if (request.operation === 'DELETE') return ALLOWED;
  const meshViolations = validateMeshName(meshOf(object, descriptor, labels), descriptor);
  if (meshViolations.length > 0) return invalid(meshViolations);
  const origin = labels[ORIGIN_LABEL] ?? '';
  if (origin !== '' && origin !== 'zone' && origin !== 'global')
    return invalid([{ field: `labels[${JSON.stringify(ORIGIN_LABEL)}]`, message: `unknown resource origin ${JSON.stringify(origin)}` }]);
  const violations = specViolations(kind, spec, labels);
  if (violations.length > 0) return invalid(violations);
  return { ...ALLOWED, warnings: deprecations(kind, spec, labels, metadata) };
}

/** `GetMesh()` of the Kubernetes object: legacy types carry a top-level `mesh`, plugin types the label (or `default`). */
function meshOf(object: Record<string, unknown>, descriptor: ResourceDescriptor, labels: Readonly<Record<string, string>>): string {
  if (!descriptor.pluginOriginated) return typeof object['mesh'] === 'string' ? object['mesh'] : '';
  const label = labels[MESH_LABEL];
  return label === undefined || label === '' ? 'default' : label;
}

/** `ValidateMesh`: a mesh-scoped object's mesh name. */
function validateMeshName(mesh: string, descriptor: ResourceDescriptor): Violation[] {
  if (!descriptor.meshScoped) return [];
  if (mesh === '') return [{ field: 'mesh', message: 'cannot be empty' }];
  if (mesh.length > 253) return [{ field: 'mesh', message: 'value length must less or equal 253' }];
  if (!/^[0-9a-z-_.]*$/.test(mesh))
    return [
      { field: 'mesh', message: "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols." },
    ];
  return [];
}

/** The type's validator; plugin types report `spec.` paths themselves, legacy ones are prefixed. */
function specViolations(kind: string, spec: Record<string, unknown>, labels: Readonly<Record<string, string>>): Violation[] {
  if (policyKind(kind) !== undefined) return validatePolicySpec(kind, spec, { role: roleOf(labels) }) ?? [];
  if (kind === 'TrafficRoute') return validateTrafficRoute(spec).map((v) => ({ field: at('spec', v.field), message: v.message }));
  return [];
}

function deprecations(
  kind: string,
  spec: Record<string, unknown>,
  labels: Readonly<Record<string, string>>,
  metadata: Readonly<Record<string, unknown>>,
): string[] {
  if (policyKind(kind) !== undefined) return policyDeprecations(kind, spec);
  // MeshTrust: `spec.origin` is set by the control plane only (meshtrust/api/v1alpha1/deprecated.go).
  if (kind === 'MeshTrust')
    return spec['origin'] !== undefined && spec['origin'] !== null ? ['setting spec.origin field is deprecated'] : [];
  return destinationDeprecations(kind, spec, {
    mesh: labels[MESH_LABEL] === undefined || labels[MESH_LABEL] === '' ? 'default' : (labels[MESH_LABEL] as string),
    zone: labels[ZONE_LABEL] ?? '',
    namespace: labels[NAMESPACE_LABEL] ?? '',
    name: labels['kuma.io/display-name'] ?? (typeof metadata['name'] === 'string' ? metadata['name'] : ''),
  });
}

function denied(denial: Denial): WebhookResponse {
  const out: WebhookResponse = { allowed: false, code: denial.code, message: denial.message, warnings: [], refusal: 'forbidden' };
  if (denial.reason !== '') out.reason = denial.reason;
  if (denial.status !== undefined) out.status = denial.status;
  if (denial.causes !== undefined) out.causes = denial.causes;
  return out;
}

function invalid(violations: Violation[]): WebhookResponse {
  return {
    allowed: false,
    code: 422,
    reason: 'Invalid',
    status: 'Failure',
    message: violationsText(violations),
    causes: violations.map((v) => ({ field: v.field, message: v.message, reason: 'FieldValueInvalid' })),
    warnings: [],
    refusal: 'invalid',
    violations,
  };
}
