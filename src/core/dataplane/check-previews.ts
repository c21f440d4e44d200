import type { KubeObject, Result } from '../types.ts';
import { describe, resultFor } from '../results.ts';
import { byteOrder } from './kube-values.ts';
import { LABEL } from './labels.ts';
import { PREVIEW_SERVICES } from './preview-identity.ts';

interface Member {
  owner: KubeObject;
  mesh: string;
  workload: string;
}

function meshOfPreview(dataplane: KubeObject): string {
  return typeof dataplane['mesh'] === 'string' ? dataplane['mesh'] : 'default';
}

function list(values: Iterable<string>): string {
  return [...new Set(values)].sort(byteOrder).join(', ');
}

function namespaceWarnings(byNamespace: Map<string, Member[]>): Result[] {
  const results: Result[] = [];
  for (const [namespace, members] of byNamespace) {
    const meshes = new Set(members.map((m) => m.mesh));
    if (meshes.size < 2) continue;
    const byWorkload = new Map<string, Set<string>>();
    for (const m of members) {
      if (m.workload === '') continue;
      byWorkload.set(m.workload, (byWorkload.get(m.workload) ?? new Set()).add(m.mesh));
    }
    const skipped = [...byWorkload]
      .filter(([, set]) => set.size > 1)
      .map(([wl]) => wl)
      .sort(byteOrder);
    const who = members.map((m) => `${describe(m.owner)} → ${m.mesh}`).join('; ');
    const effect =
      skipped.length > 0
        ? `kuma-cp skips Workload generation for ${skipped.map((w) => `"${w}"`).join(', ')} and emits MultipleMeshesDetected on the Namespace`
        : 'kuma-cp expects one mesh per namespace (Workload resources are mesh-scoped) and skips Workload generation when pods of one workload span meshes';
    const first = members[0] as Member;
    results.push(
      resultFor(
        'KI0510',
        'warning',
        first.owner,
        `Namespace ${namespace}: pods in several meshes (got ${list(meshes)}: ${who}); one mesh per namespace (Kuma 2.13+). ${effect}. Move these workloads to one mesh, or to separate namespaces.`,
      ),
    );
  }
  return results;
}

function serviceWarnings(previews: readonly { dataplane: KubeObject; owner: KubeObject }[]): Result[] {
  const byService = new Map<string, { namespace: string; name: string; members: Member[] }>();
  for (const { dataplane, owner } of previews) {
    const namespace = dataplane.metadata.namespace ?? '';
    for (const name of (dataplane.metadata.annotations?.[PREVIEW_SERVICES] ?? '').split(',')) {
      if (name === '') continue;
      const key = `${namespace}/${name}`;
      const entry = byService.get(key) ?? { namespace, name, members: [] };
      entry.members.push({ owner, mesh: meshOfPreview(dataplane), workload: '' });
      byService.set(key, entry);
    }
  }
  const results: Result[] = [];
  for (const { namespace, name, members } of byService.values()) {
    const meshes = new Set(members.map((m) => m.mesh));
    if (meshes.size < 2) continue;
    const who = members.map((m) => `${describe(m.owner)} → ${m.mesh}`).join('; ');
    const first = members[0] as Member;
    results.push(
      resultFor(
        'KI0511',
        'warning',
        first.owner,
        `Service ${namespace}/${name}: selects pods in several meshes (got ${list(meshes)}: ${who}); a Service's endpoints should all be in one mesh, since each mesh sees only its own inbounds of ${name}. Narrow the Service selector or move the workloads into one mesh.`,
      ),
    );
  }
  return results;
}

/**
 * Cross-workload checks over the fresh previews: a namespace whose pods span several meshes (kuma-cp
 * then skips Workload generation for the workloads that span meshes) and a Service selecting pods
 * of several meshes.
 */
export function checkPreviews(all: readonly { dataplane: KubeObject; owner: KubeObject }[]): Result[] {
  // Zone proxies belong to no mesh.
  const previews = all.filter((p) => p.dataplane.kind === 'Dataplane');
  const byNamespace = new Map<string, Member[]>();
  for (const { dataplane, owner } of previews) {
    const namespace = dataplane.metadata.namespace ?? '';
    const workload = dataplane.metadata.annotations?.[LABEL.workload] ?? dataplane.metadata.labels?.[LABEL.workload] ?? '';
    const members = byNamespace.get(namespace) ?? [];
    members.push({ owner, mesh: meshOfPreview(dataplane), workload });
    byNamespace.set(namespace, members);
  }
  return [...namespaceWarnings(byNamespace), ...serviceWarnings(previews)];
}
