import type { KubeObject } from '../../src/core/types.ts';
import { ConversionError } from '../../src/core/dataplane/conversion-error.ts';
import { asArray, asRecord, asText } from '../../src/core/dataplane/kube-values.ts';
import type { OwnerName } from '../../src/core/dataplane/owner-name.ts';
import type { PodView } from '../../src/core/dataplane/pod-view.ts';

/*
 * The control plane resolves a Pod's workload through its owner chain in the cluster. Offline,
 * kuma-inject knows the workload of every pod template it renders, so it never walks a chain;
 * the dataplane conformance cases do (their Pods carry ownerReferences), and this walk stands in
 * for the cluster reads there.
 */

/** Reads a ReplicaSet or Job by namespace/name; undefined when it does not exist. */
export type OwnerLookup = (kind: 'ReplicaSet' | 'Job', namespace: string, name: string) => KubeObject | undefined;

function ownersOf(object: KubeObject): { kind: string; name: string }[] {
  return asArray(object.metadata?.['ownerReferences']).map((o) => {
    const owner = asRecord(o) ?? {};
    return { kind: asText(owner['kind']), name: asText(owner['name']) };
  });
}

/** The controller kind each intermediate owner may be created by. */
const PARENT_OF: Readonly<Record<'ReplicaSet' | 'Job', string>> = { ReplicaSet: 'Deployment', Job: 'CronJob' };

/**
 * Walks a Pod's owner references like the control plane: a ReplicaSet resolves to its Deployment
 * (or itself when it has no owner), a Job to its CronJob (or itself), any other owner to itself;
 * a ReplicaSet/Job owned by something else is skipped; no match gives the Pod. A missing
 * ReplicaSet/Job is an error, as a failed read is upstream.
 */
export function ownerNameFromChain(pod: PodView, lookup: OwnerLookup): OwnerName {
  for (const owner of pod.ownerReferences) {
    if (owner.kind !== 'ReplicaSet' && owner.kind !== 'Job') return { name: owner.name, kind: owner.kind };
    const object = lookup(owner.kind, pod.namespace, owner.name);
    if (object === undefined) {
      const resource = owner.kind === 'ReplicaSet' ? 'replicasets.apps' : 'jobs.batch';
      throw new ConversionError(`${resource} "${owner.name}" not found`);
    }
    const parents = ownersOf(object);
    if (parents.length === 0) return { name: asText(object.metadata?.name), kind: object.kind };
    const parent = parents.find((p) => p.kind === PARENT_OF[owner.kind as 'ReplicaSet' | 'Job']);
    if (parent !== undefined) return { name: parent.name, kind: parent.kind };
  }
  return { name: pod.name, kind: pod.kind };
}
