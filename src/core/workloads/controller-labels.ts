import type { KubeObject } from '../types.ts';
import { apiGroupOf } from './workload-kinds.ts';

/**
 * Labels a workload controller adds to every pod it creates, which the webhook sees but the
 * template does not carry. `value` is known only where Kubernetes derives it from the workload
 * itself; otherwise (hashes, uids, ordinals) only the key is known.
 */
interface ControllerLabel {
  key: string;
  value?: (workload: KubeObject) => string | undefined;
}

const jobName = (workload: KubeObject): string | undefined => workload.metadata.name;

const TABLE: readonly { group: string; kinds: readonly string[]; labels: readonly ControllerLabel[] }[] = [
  // The ReplicaSet a Deployment creates adds the template hash.
  { group: 'apps', kinds: ['Deployment'], labels: [{ key: 'pod-template-hash' }] },
  { group: 'extensions', kinds: ['Deployment'], labels: [{ key: 'pod-template-hash' }] },
  // StatefulSet pods: revision hash, their own name (<set>-<ordinal>) and, since 1.28, the ordinal.
  {
    group: 'apps',
    kinds: ['StatefulSet'],
    labels: [{ key: 'controller-revision-hash' }, { key: 'statefulset.kubernetes.io/pod-name' }, { key: 'apps.kubernetes.io/pod-index' }],
  },
  // DaemonSet pods: revision hash and template generation.
  { group: 'apps', kinds: ['DaemonSet'], labels: [{ key: 'controller-revision-hash' }, { key: 'pod-template-generation' }] },
  { group: 'extensions', kinds: ['DaemonSet'], labels: [{ key: 'controller-revision-hash' }, { key: 'pod-template-generation' }] },
  // Job pods: the Job's uid and name, under the legacy and the batch.kubernetes.io (1.27+) keys.
  {
    group: 'batch',
    kinds: ['Job'],
    labels: [
      { key: 'controller-uid' },
      { key: 'batch.kubernetes.io/controller-uid' },
      { key: 'job-name', value: jobName },
      { key: 'batch.kubernetes.io/job-name', value: jobName },
    ],
  },
  // CronJob → Job: the same keys; the Job's name carries the schedule time, so it is unknown here.
  {
    group: 'batch',
    kinds: ['CronJob'],
    labels: [
      { key: 'controller-uid' },
      { key: 'batch.kubernetes.io/controller-uid' },
      { key: 'job-name' },
      { key: 'batch.kubernetes.io/job-name' },
    ],
  },
];

/**
 * Returns the first injector exception (config `exceptions.labels`, spec §2 step 3) that the
 * pods of `workload` match only through a label their controller adds: the key is one of those
 * labels and the exception value is `*` or the label's known value. Undefined when none does.
 */
export function controllerLabelException(
  workload: KubeObject,
  exceptions: Readonly<Record<string, string>>,
): { key: string; value: string } | undefined {
  const group = apiGroupOf(workload.apiVersion);
  const row = TABLE.find((r) => r.group === group && r.kinds.includes(workload.kind));
  for (const label of row?.labels ?? []) {
    if (!Object.hasOwn(exceptions, label.key)) continue;
    const wanted = exceptions[label.key];
    const value = label.value?.(workload);
    if (wanted === '*' || (value !== undefined && wanted === value)) return { key: label.key, value: wanted ?? '' };
  }
  return undefined;
}
