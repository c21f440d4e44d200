import type { JsonObject, KubeObject, Result } from '../../types.ts';
import type { NamespaceInfo } from '../../settings.ts';
import { resultFor } from '../../results.ts';
import { readPolicyObject, policyTitle, type PolicyObject } from '../policy-object.ts';
import { adapterLabels, defaultObject } from '../defaulter.ts';
import type { AdmissionChecker } from '../admission-checker.ts';
import { policyView } from '../match/policy-view.ts';
import type { ResourceMeta } from '../match/resource-meta.ts';
import type { AnalysedPolicy } from './analyze.ts';

/** What reading the bundle's Kuma objects needs from the settings. */
export interface BundlePolicyContext {
  readonly systemNamespace: string;
  /** kuma-cp multizone.zone.name. */
  readonly zone: string;
  readonly defaultNamespace: string;
  readonly product: string;
  namespace(name: string): NamespaceInfo | undefined;
  /** A Mesh of this name is in the bundle, the cluster state or settings `meshes`. */
  meshKnown(name: string): boolean;
  /** The objects Kuma's admission refuses (the policy validation's verdict): left out of matching. */
  readonly rejected: ReadonlySet<KubeObject>;
}

/** The bundle's Kuma objects, split the way the analysis uses them. */
export interface BundlePolicies {
  /** The 16 targetRef policy kinds (shadow ones left out), with the meta kuma-cp would store. */
  readonly policies: AnalysedPolicy[];
  /** MeshServices, MeshExternalServices and MeshMultiZoneServices written by hand, with their stored meta. */
  readonly destinations: { object: KubeObject; meta: ResourceMeta; preview: boolean }[];
  readonly results: Result[];
}

const DESTINATION_KINDS = new Set(['MeshService', 'MeshExternalService', 'MeshMultiZoneService']);

/**
 * How kuma-cp would store an object applied in `namespace`: through the defaulting webhook (which
 * computes origin, zone, namespace and role labels) when the namespace is selected by Kuma's
 * webhooks, as written otherwise. Undefined when admission refuses it (the validation reports why).
 */
function storedMeta(policy: PolicyObject, namespace: string, admitted: boolean, ctx: BundlePolicyContext): ResourceMeta | undefined {
  const object = policy.source;
  let metadata: Record<string, unknown> = { ...object.metadata, namespace };
  if (admitted) {
    const checker: AdmissionChecker = {
      allowedUsers: [],
      mode: 'zone',
      federatedZone: false,
      disableOriginLabelValidation: false,
      systemNamespace: ctx.systemNamespace,
      zoneName: ctx.zone,
      product: ctx.product,
    };
    const outcome = defaultObject({ ...object, metadata } as unknown as JsonObject, { namespace, username: 'kubectl' }, checker);
    if (!outcome.allowed) return undefined;
    metadata = (outcome.object['metadata'] ?? {}) as Record<string, unknown>;
  }
  return { type: policy.kind, name: `${policy.name}.${namespace}`, mesh: policy.mesh, labels: adapterLabels(metadata) };
}

/**
 * Reads the bundle's `kuma.io` objects: policies to match (with the labels admission computes),
 * destinations, and a result for each object that is listed but not analysed (legacy, Kong
 * Mesh-only or unknown kinds, shadow policies), for policies in namespaces Kuma's webhooks skip, and
 * for meshes that exist nowhere. Never changes an object.
 */
export function readBundlePolicies(items: readonly KubeObject[], ctx: BundlePolicyContext): BundlePolicies {
  const policies: AnalysedPolicy[] = [];
  const destinations: BundlePolicies['destinations'] = [];
  const results: Result[] = [];
  // The first policy of each namespace the bundle does not define, named in the result about it.
  const unknownNamespaces = new Map<string, KubeObject>();
  for (const object of items) {
    const policy = readPolicyObject(object);
    if (policy === undefined || policy.name === '') continue;
    const namespace = policy.namespace ?? ctx.defaultNamespace ?? '';
    const title = policyTitle(namespace === '' ? { kind: policy.kind, name: policy.name } : { ...policy, namespace });
    if (policy.class === 'legacy-policy') {
      results.push(
        resultFor(
          'KI0863',
          'info',
          object,
          `${title}: a legacy source/destination policy; listed, not analyzed (only targetRef policies are).`,
        ),
      );
      continue;
    }
    if (policy.class === 'enterprise-policy' || policy.class === 'unknown') {
      results.push(
        resultFor(
          'KI0864',
          'info',
          object,
          `${title}: ${policy.class === 'enterprise-policy' ? 'a Kong Mesh policy Kuma does not define' : `kind ${policy.kind} is not a Kuma kind this tool knows`}; not analyzed, passed through untouched.`,
        ),
      );
      continue;
    }
    if (policy.class === 'resource' && !DESTINATION_KINDS.has(policy.kind)) continue;
    // The chart labels the system namespace; kube-system is never selected by Kuma's webhooks.
    const info =
      namespace === ctx.systemNamespace ? { labels: { 'kuma.io/sidecar-injection': 'false' }, annotations: {} } : ctx.namespace(namespace);
    const admitted = info === undefined ? true : info.labels['kuma.io/sidecar-injection'] !== undefined && namespace !== 'kube-system';
    if (info === undefined && policy.class === 'policy' && !unknownNamespaces.has(namespace)) unknownNamespaces.set(namespace, object);
    if (policy.class === 'policy' && info !== undefined && !admitted) {
      results.push(
        resultFor(
          'KI0861',
          'warning',
          object,
          `${title}: Namespace ${namespace} has no kuma.io/sidecar-injection label (got labels ${JSON.stringify(info.labels)}), so Kuma's webhooks neither default nor validate the policy: it is stored without kuma.io/policy-role and k8s.kuma.io/namespace and acts as a mesh-wide system policy, with names without namespace resolving to nothing. Label the namespace kuma.io/sidecar-injection, or move the policy to its workloads' namespace or to ${ctx.systemNamespace}.`,
        ),
      );
    }
    if (policy.mesh !== 'default' && !ctx.meshKnown(policy.mesh)) {
      {
        results.push(
          resultFor(
            'KI0860',
            'warning',
            object,
            `${title}, metadata.labels[kuma.io/mesh]: Mesh "${policy.mesh}" is neither in the bundle nor in settings.meshes (got "${policy.mesh}"); Kuma's admission refuses the policy until the Mesh exists. Add the Mesh, list it in settings.meshes, or fix the label.`,
            'metadata.labels[kuma.io/mesh]',
          ),
        );
      }
    }
    const meta = storedMeta(policy, namespace, admitted, ctx);
    if (meta === undefined) continue; // admission refuses it: the validation reports why
    if (policy.class === 'resource') {
      destinations.push({ object: { ...object, metadata: { ...object.metadata, namespace } }, meta, preview: false });
      continue;
    }
    if (policy.shadow) {
      results.push(
        resultFor(
          'KI0865',
          'info',
          object,
          `${title}: labelled kuma.io/effect: shadow, so kuma-cp applies it to nothing (inspect views only); not matched.`,
        ),
      );
      continue;
    }
    if (ctx.rejected.has(object) || policy.specShape === 'invalid') {
      // Admission refuses it, so kuma-cp never matches it; the validation findings (KI08xx errors) say why.
      results.push(
        resultFor(
          'KI0867',
          'info',
          object,
          `${title}: left out of the policy analysis: Kuma's admission rejects it (the validation errors above say why). Fix what they report.`,
        ),
      );
      continue;
    }
    policies.push({ object, view: policyView(meta, policy.spec), title: `${namespace === '' ? '' : `${namespace}/`}${policy.name}` });
  }
  for (const [namespace, first] of unknownNamespaces) {
    results.push(
      resultFor(
        'KI0862',
        'info',
        first,
        `Namespace ${namespace} of the policies there is not in the bundle: the analysis assumes Kuma's webhooks admit them (namespace labelled kuma.io/sidecar-injection). Add the Namespace to the bundle or as cluster state (--cluster-state) to make it certain.`,
      ),
    );
  }
  return { policies, destinations, results };
}
