import type { KubeObject } from '../types.ts';
import { asArray, asRecord, asText } from './kube-values.ts';
import type { OwnerName } from './owner-name.ts';
import { PLACEHOLDER } from './runtime-placeholders.ts';

/** What Kubernetes will make of a workload's pod template: the Pod name, the labels its controller adds, the owner kuma-cp names. */
export interface WorkloadIdentity {
  podName: string;
  /** Labels the controller adds to every Pod (copied into Dataplane labels and tags); placeholders where runtime. */
  controllerLabels: Record<string, string>;
  /** The owner the control plane finds walking the Pod's owner chain (service-less `kuma.io/service`, `provided` gateways). */
  owner: OwnerName;
}

interface KindRule {
  podName: (name: string) => string;
  labels: (name: string) => Record<string, string>;
  /** The owner kuma-cp finds; undefined means the walk ends at the Pod itself. */
  owner: (object: KubeObject) => OwnerName | undefined;
}

const { random } = PLACEHOLDER;

function firstOwner(object: KubeObject): { kind: string; name: string } | undefined {
  const owners = asArray(object.metadata?.['ownerReferences']).map((o) => asRecord(o) ?? {});
  return owners.length === 0 ? undefined : owners.map((o) => ({ kind: asText(o['kind']), name: asText(o['name']) }))[0];
}

function ownersOf(object: KubeObject): { kind: string; name: string }[] {
  return asArray(object.metadata?.['ownerReferences']).map((o) => {
    const r = asRecord(o) ?? {};
    return { kind: asText(r['kind']), name: asText(r['name']) };
  });
}

/** An intermediate controller (ReplicaSet, Job): itself when unowned, its `parentKind` owner, else the Pod. */
function intermediate(parentKind: string) {
  return (object: KubeObject): OwnerName | undefined => {
    const owners = ownersOf(object);
    if (owners.length === 0) return { name: asText(object.metadata?.name), kind: object.kind };
    const parent = owners.find((o) => o.kind === parentKind);
    return parent === undefined ? undefined : { name: parent.name, kind: parent.kind };
  };
}

const self = (object: KubeObject): OwnerName => ({ name: asText(object.metadata?.name), kind: object.kind });

const jobLabels = (jobName: string): Record<string, string> => ({
  'batch.kubernetes.io/controller-uid': PLACEHOLDER.controllerUID,
  'batch.kubernetes.io/job-name': jobName,
  'controller-uid': PLACEHOLDER.controllerUID,
  'job-name': jobName,
});

/** Built-in controllers: Pod naming and labels per Kubernetes, owner walk per kuma-cp. */
const KIND_RULES: Readonly<Record<string, KindRule>> = {
  Deployment: {
    podName: (n) => `${n}-${PLACEHOLDER.podTemplateHash}-${random}`,
    labels: () => ({ 'pod-template-hash': PLACEHOLDER.podTemplateHash }),
    owner: self,
  },
  ReplicaSet: { podName: (n) => `${n}-${random}`, labels: () => ({}), owner: intermediate('Deployment') },
  StatefulSet: {
    podName: (n) => `${n}-${PLACEHOLDER.ordinal}`,
    labels: (n) => ({
      'apps.kubernetes.io/pod-index': PLACEHOLDER.ordinal,
      'controller-revision-hash': PLACEHOLDER.controllerRevisionHash,
      'statefulset.kubernetes.io/pod-name': `${n}-${PLACEHOLDER.ordinal}`,
    }),
    owner: self,
  },
  DaemonSet: {
    podName: (n) => `${n}-${random}`,
    labels: () => ({
      'controller-revision-hash': PLACEHOLDER.controllerRevisionHash,
      'pod-template-generation': PLACEHOLDER.templateGeneration,
    }),
    owner: self,
  },
  Job: { podName: (n) => `${n}-${random}`, labels: (n) => jobLabels(n), owner: intermediate('CronJob') },
  CronJob: {
    podName: (n) => `${n}-${PLACEHOLDER.scheduledTime}-${random}`,
    labels: (n) => jobLabels(`${n}-${PLACEHOLDER.scheduledTime}`),
    owner: self,
  },
  // Argo Rollouts: Pods belong to a ReplicaSet owned by the Rollout, which kuma-cp does not follow.
  Rollout: {
    podName: (n) => `${n}-${PLACEHOLDER.podTemplateHash}-${random}`,
    labels: () => ({ 'rollouts-pod-template-hash': PLACEHOLDER.podTemplateHash }),
    owner: () => undefined,
  },
};

/**
 * How the Pod of a workload's template will look to kuma-cp. Bare Pods keep their name (or
 * `generateName` + random suffix); other kinds not in the table are taken to own their Pods
 * directly, as kuma-cp's owner walk assumes for any kind but ReplicaSet and Job.
 */
export function workloadIdentity(owner: KubeObject): WorkloadIdentity {
  const name = asText(owner.metadata?.name);
  if (owner.kind === 'Pod') {
    const podName = name !== '' ? name : `${asText(owner.metadata?.generateName)}${random}`;
    const first = firstOwner(owner);
    // A Pod manifest with owner references is rare; kuma-cp would read the owner from the cluster.
    const ownerName = first === undefined ? { name: podName, kind: 'Pod' } : { name: first.name, kind: first.kind };
    return { podName, controllerLabels: {}, owner: ownerName };
  }
  const rule = KIND_RULES[owner.kind];
  if (rule === undefined) return { podName: `${name}-${random}`, controllerLabels: {}, owner: self(owner) };
  const podName = rule.podName(name);
  const controllerLabels = rule.labels(name);
  // Indexed Jobs also label each Pod with its completion index.
  if (owner.kind === 'Job' && asText(asRecord(owner['spec'])?.['completionMode']) === 'Indexed') {
    controllerLabels['batch.kubernetes.io/job-completion-index'] = PLACEHOLDER.completionIndex;
  }
  return { podName, controllerLabels, owner: rule.owner(owner) ?? { name: podName, kind: 'Pod' } };
}
