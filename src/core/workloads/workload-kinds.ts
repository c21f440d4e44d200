import type { KubeObject } from '../types.ts';
import type { WorkloadKindRule } from '../settings.ts';

/**
 * The built-in workload kinds: where each keeps the pod template the webhook will eventually see
 * as a Pod. Matched on API group + kind, so every version of a kind (apps/v1, extensions/v1beta1,
 * apps/v1beta2, batch/v1beta1, ...) is covered; the same kind name in another group (e.g. Volcano's
 * batch.volcano.sh Job) is a different resource with a different shape and is not matched.
 */
export const BUILT_IN_WORKLOAD_KINDS: readonly WorkloadKindRule[] = [
  // A bare Pod is its own template: the webhook sees exactly this object.
  { group: '', kind: 'Pod', templatePath: [] },
  // Legacy core controller; same template field as a ReplicaSet.
  { group: '', kind: 'ReplicationController', templatePath: ['spec', 'template'] },
  // apps/v1 (and the retired apps/v1beta1, apps/v1beta2).
  { group: 'apps', kind: 'Deployment', templatePath: ['spec', 'template'] },
  { group: 'apps', kind: 'StatefulSet', templatePath: ['spec', 'template'] },
  { group: 'apps', kind: 'DaemonSet', templatePath: ['spec', 'template'] },
  { group: 'apps', kind: 'ReplicaSet', templatePath: ['spec', 'template'] },
  // extensions/v1beta1 served these three until Kubernetes 1.16; old charts still carry them.
  { group: 'extensions', kind: 'Deployment', templatePath: ['spec', 'template'] },
  { group: 'extensions', kind: 'DaemonSet', templatePath: ['spec', 'template'] },
  { group: 'extensions', kind: 'ReplicaSet', templatePath: ['spec', 'template'] },
  // batch/v1 Job: its pods are injected like any other (spec §2: "Job pods" are injected).
  { group: 'batch', kind: 'Job', templatePath: ['spec', 'template'] },
  // batch/v1 (and v1beta1, v2alpha1) CronJob: the template sits one Job spec deeper.
  { group: 'batch', kind: 'CronJob', templatePath: ['spec', 'jobTemplate', 'spec', 'template'] },
];

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → '' (core). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Returns the rule that says where `object` keeps its pod template, or undefined for a kind that
 * is not a workload. Extra rules (Settings.workloadKinds) are consulted first, so configuration can
 * also re-point a built-in kind; group `*` matches any group.
 */
export function workloadKindRule(
  object: Pick<KubeObject, 'apiVersion' | 'kind'>,
  extraKinds: readonly WorkloadKindRule[],
): WorkloadKindRule | undefined {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return undefined;
  const group = apiGroupOf(object.apiVersion);
  const matches = (rule: WorkloadKindRule): boolean => rule.kind === object.kind && (rule.group === '*' || rule.group === group);
  return extraKinds.find(matches) ?? BUILT_IN_WORKLOAD_KINDS.find(matches);
}
