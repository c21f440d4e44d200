import type { JsonObject, KubeObject, Result } from '../types.ts';
import type { NamespaceInfo } from '../settings.ts';
import { resultFor } from '../results.ts';
import type { ResultCode } from '../result-codes.ts';
import { readPolicyObject, roleOf, type PolicyObject } from './policy-object.ts';
import type { AdmissionChecker } from './admission-checker.ts';
import { defaultObject } from './defaulter.ts';
import type { CpMode } from './labels.ts';
import { validateAdmission } from './validating-webhook.ts';
import { validateCrdSchema } from './crd/crd-schema.ts';
import { validatePolicySpec } from './validate/index.ts';
import type { Violation } from './validate/violations.ts';

/**
 * What admission would say about every Kuma policy of the bundle (spec §8 step 1): the CRD schema
 * (API server), then, where Kuma's webhooks run, the defaulting webhook's checks and labels and the
 * validating webhook with the role it computed. Each refusal is an error naming the policy, the field
 * and the fix; each deprecation a warning. Never changes an object: the caller decides (failOn)
 * whether errors stop the run, and leaves refused policies out of the matching.
 */
export interface PolicyValidationContext {
  readonly systemNamespace: string;
  /** kuma-cp multizone.zone.name. */
  readonly zone: string;
  /** Namespace of objects without one ('' = unknown). */
  readonly defaultNamespace: string;
  /** `Kuma` or `Kong Mesh`, as admission messages name the product. */
  readonly product: string;
  /** The Namespace object's labels, when the bundle or cluster state has it. */
  namespace(name: string): NamespaceInfo | undefined;
  /** Control-plane mode; a zone unless said otherwise. */
  readonly mode?: CpMode;
  /** A zone connected to a global control plane (origin label rules apply). */
  readonly federatedZone?: boolean;
  /** The release runs Kuma 2.14's policy admission (release capability `policies.admission2_14`). */
  readonly admission2_14: boolean;
  /** The release's name, for the message when its admission is not reproduced. */
  readonly releaseName: string;
}

export interface PolicyValidation {
  results: Result[];
  /** The objects admission refuses: the matching leaves them out. */
  rejected: ReadonlySet<KubeObject>;
}

/** The kinds validated here: the 16 policies and the hand-written destinations they name. */
const DESTINATIONS = new Set(['MeshService', 'MeshExternalService', 'MeshMultiZoneService']);

export function validatePolicies(items: readonly KubeObject[], ctx: PolicyValidationContext): PolicyValidation {
  const results: Result[] = [];
  const rejected = new Set<KubeObject>();
  const checker: AdmissionChecker = {
    allowedUsers: [],
    mode: ctx.mode ?? 'zone',
    federatedZone: ctx.federatedZone ?? false,
    disableOriginLabelValidation: false,
    systemNamespace: ctx.systemNamespace,
    zoneName: ctx.zone,
    product: ctx.product,
  };
  let skipped: KubeObject | undefined;
  for (const item of items) {
    const policy = readPolicyObject(item);
    if (policy === undefined || policy.name === '') continue;
    if (policy.class !== 'policy' && !DESTINATIONS.has(policy.kind)) continue;
    if (!ctx.admission2_14) {
      skipped ??= item;
      continue;
    }
    const namespace = policy.namespace ?? ctx.defaultNamespace;
    const title = `${policy.kind} ${namespace === '' ? '' : `${namespace}/`}${policy.name}`;
    const schema = validateCrdSchema(policy.kind, item);
    if (schema.length > 0) {
      rejected.add(item);
      for (const v of schema)
        results.push(
          at(
            'KI0801',
            'error',
            item,
            `${title}: ${v.field}: ${v.message}. The API server refuses it (CRD schema of ${policy.kind}); correct ${v.field}.`,
            v.field,
          ),
        );
      continue;
    }
    // Without a namespace the apply context decides where it lands: admission cannot be judged.
    if (namespace === '') continue;
    if (!webhooksRun(namespace, ctx)) {
      for (const v of unvalidated(policy)) {
        results.push(
          at(
            'KI0804',
            'warning',
            item,
            `${title}: ${v.field}: ${v.message}. Kuma's webhooks do not select Namespace ${namespace} (no kuma.io/sidecar-injection label), so nothing refuses this invalid policy and kuma-cp reads it as written; fix ${v.field}.`,
            v.field,
          ),
        );
      }
      continue;
    }
    const defaulted = defaultObject(
      { ...(item as unknown as JsonObject), metadata: { ...(item.metadata as JsonObject), namespace } },
      { namespace, username: '' },
      checker,
    );
    if (!defaulted.allowed) {
      rejected.add(item);
      results.push(refusal(item, title, defaulted.denial.code, defaulted.denial.message, defaulted.denial.causes?.[0]?.field));
      continue;
    }
    const response = validateAdmission(defaulted.object, { operation: 'CREATE', namespace, username: '' }, checker);
    if (!response.allowed) {
      rejected.add(item);
      if (response.refusal === 'invalid') {
        for (const v of response.violations ?? []) {
          results.push(
            at(
              'KI0802',
              'error',
              item,
              `${title}: ${v.field}: ${v.message}. Kuma's admission webhook refuses the policy (HTTP 422); fix ${v.field} as the message says.`,
              v.field,
            ),
          );
        }
      } else results.push(refusal(item, title, response.code, response.message ?? '', response.causes?.[0]?.field));
      continue;
    }
    for (const warning of response.warnings)
      results.push(at('KI0805', 'warning', item, `${title}: ${warning} (admission accepts it; kubectl prints this as a Warning).`));
  }
  if (skipped !== undefined) {
    results.push(
      at(
        'KI0806',
        'info',
        skipped,
        `Kuma policies of this bundle are not validated: the admission checks reproduce Kuma 2.14, and version ${ctx.releaseName}'s webhooks differ from them. Run with version 2.14 to check them against 2.14's rules.`,
      ),
    );
  }
  return { results, rejected };
}

/** Kuma's webhooks select the namespace: the system namespace, a labelled one, or one the bundle does not describe. */
function webhooksRun(namespace: string, ctx: PolicyValidationContext): boolean {
  if (namespace === ctx.systemNamespace) return true;
  if (namespace === 'kube-system') return false;
  const info = ctx.namespace(namespace);
  return info === undefined || Object.hasOwn(info.labels, 'kuma.io/sidecar-injection');
}

/** The validator's violations for a policy no webhook validates (stored as written: role from its own labels). */
function unvalidated(policy: PolicyObject): Violation[] {
  return validatePolicySpec(policy.kind, policy.spec, { role: roleOf(policy.labels) }) ?? [];
}

function at(code: ResultCode, severity: 'error' | 'warning' | 'info', item: KubeObject, message: string, field?: string): Result {
  return resultFor(code, severity, item, message, field);
}

/** A 403/500 refusal, with the fix its cause calls for. */
function refusal(item: KubeObject, title: string, code: number, message: string, field: string | undefined): Result {
  let fix = 'Change the policy as the message says.';
  if (message.includes("mix 'to' and 'from'"))
    fix = 'Split it in two: one policy with `to` (outbound) and one with `rules` (inbound); an app-namespace policy cannot hold both.';
  else if (message.includes('mix producer and consumer'))
    fix =
      'Split it in two: the `to` items naming MeshServices/MeshHTTPRoutes of its own namespace by name (producer) in one policy, the others (consumer) in another.';
  else if (message.includes("'kuma.io/origin'"))
    fix =
      'Label it kuma.io/origin: zone (a federated zone only takes system-namespace policies created for it), or apply it on the global control plane.';
  else if (message.includes('system namespace')) fix = "Apply it in the control plane's system namespace.";
  else if (message.includes("'kuma.io/zone'")) fix = 'Remove the kuma.io/zone label or set it to this zone.';
  return at('KI0803', 'error', item, `${title}: Kuma's admission webhook refuses it (HTTP ${code}): ${message}. ${fix}`, field);
}
