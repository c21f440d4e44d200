import { descriptorOf, isReadOnly, type ResourceDescriptor } from './descriptors.ts';
import { computePolicyRole, policyNamespace, type CpMode } from './labels.ts';
import { ORIGIN_LABEL, ZONE_LABEL } from './policy-object.ts';

/**
 * The checks both Kuma admission webhooks (defaulting and validating) run before anything else
 * (`webhooks/resourceadmissionchecker.go`, `IsOperationAllowed`, spec §4.4): privileged users pass;
 * namespace rules per control-plane mode; types this control plane may not create; on Global and
 * federated zones, the origin/zone label rules and the role computation.
 */
export interface AdmissionChecker {
  allowedUsers: readonly string[];
  mode: CpMode;
  federatedZone: boolean;
  disableOriginLabelValidation: boolean;
  systemNamespace: string;
  zoneName: string;
  /** `Product` in messages: `Kuma` (Kong Mesh builds say `Kong Mesh`). */
  product: string;
}

/** An admission denial as the webhook returns it (`metav1.Status`). */
export interface Denial {
  code: number;
  reason: string;
  message: string;
  /** `Failure` for the responses the checker builds itself; unset for `admission.Denied`. */
  status?: string;
  causes?: { field: string; message: string; reason: string }[];
}

export interface CheckedObject {
  kind: string;
  labels: Readonly<Record<string, string>>;
  spec: Readonly<Record<string, unknown>>;
}

/** The denial, or undefined when the operation is allowed. `requestNamespace` is the request's namespace. */
export function checkOperation(
  checker: AdmissionChecker,
  username: string,
  object: CheckedObject,
  requestNamespace: string,
): Denial | undefined {
  if (checker.allowedUsers.includes(username)) return undefined;
  const descriptor = descriptorOf(object.kind);
  if (descriptor === undefined) return undefined;
  if (requestNamespace !== '') {
    const denied = namespaceDenial(checker, descriptor, requestNamespace);
    if (denied !== undefined) return denied;
  }
  if (isReadOnly(descriptor, checker.mode === 'global', checker.federatedZone)) {
    return forbidden(readOnlyMessage(checker, descriptor.name));
  }
  if ((checker.mode !== 'global' && !checker.federatedZone) || !descriptor.pluginOriginated) return undefined;
  return labelDenial(checker, descriptor, object, requestNamespace);
}

function namespaceDenial(checker: AdmissionChecker, descriptor: ResourceDescriptor, namespace: string): Denial | undefined {
  if (checker.mode === 'global' && namespace !== checker.systemNamespace) {
    return {
      code: 403,
      reason: 'Forbidden',
      message: `on Global CP the policy can be created only in the system namespace:${checker.systemNamespace}`,
    };
  }
  if (checker.mode === 'zone' && descriptor.systemNamespaceOnly && namespace !== checker.systemNamespace) {
    return {
      code: 403,
      reason: 'Forbidden',
      message: `resource type ${descriptor.name} can be created only in the system namespace:${checker.systemNamespace}`,
    };
  }
  return undefined;
}

function labelDenial(
  checker: AdmissionChecker,
  descriptor: ResourceDescriptor,
  object: CheckedObject,
  namespace: string,
): Denial | undefined {
  if (descriptor.isPolicy && checker.mode === 'zone') {
    const role = computePolicyRole(object.kind, object.spec, policyNamespace(namespace, checker.systemNamespace));
    if ('error' in role) return forbidden(role.error);
  }
  const origin = object.labels[ORIGIN_LABEL] ?? '';
  if (checker.mode === 'global') {
    if (!checker.disableOriginLabelValidation && origin === 'zone') return forbidden(labelsNotAllowed(ORIGIN_LABEL, 'global', origin));
    return undefined;
  }
  if (!checker.disableOriginLabelValidation && namespace === checker.systemNamespace && origin !== 'zone') {
    return {
      ...forbidden(
        "Operation not allowed. Applying policies on Zone CP on a system namespace requires 'kuma.io/origin' label to be set to 'zone'.",
      ),
      causes: [{ field: 'metadata.labels[kuma.io/origin]', message: 'cannot be empty', reason: 'FieldValueInvalid' }],
    };
  }
  if (origin === 'zone' && Object.hasOwn(object.labels, ZONE_LABEL) && object.labels[ZONE_LABEL] !== checker.zoneName) {
    return forbidden(labelsNotAllowed(ZONE_LABEL, checker.zoneName, object.labels[ZONE_LABEL] ?? ''));
  }
  return undefined;
}

function forbidden(message: string): Denial {
  return { code: 403, reason: 'Forbidden', status: 'Failure', message };
}

function labelsNotAllowed(label: string, correct: string, actual: string): string {
  return `Operation not allowed. '${label}' label should have '${correct}' value, got '${actual}'`;
}

function readOnlyMessage(checker: AdmissionChecker, type: string): string {
  const other = checker.mode === 'zone' ? 'GLOBAL' : 'ZONE';
  return `Operation not allowed. ${checker.product} resources like ${type} can be updated or deleted only from the ${other} control plane and not from a ${checker.mode.toUpperCase()} control plane.`;
}
