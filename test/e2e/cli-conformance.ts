/**
 * The upstream 2.14 injector conformance cases as command-line runs: each run becomes one
 * ResourceList (the case's Namespace and Mesh objects, the harness ContainerPatches, the input Pod,
 * and a KumaInject functionConfig holding the run's settings), so the goldens can be checked
 * through the executable under any Node, not only through the core in-process.
 */
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import type { KubeObject } from '../../src/core/types.ts';
import { harnessContainerPatches, loadCases } from '../core/workloads/conformance-cases.ts';
import { CASE_NAMESPACE } from '../core/workloads/harness-context.ts';
import { normalise } from '../core/inject/upstream-harness.ts';
import { resourceListOf, type Obj } from '../cli/kube-objects.ts';

export interface CliConformanceBatch {
  /** The case runs it holds, for messages. */
  names: string[];
  resourceList: string;
  /** Checks the executable's exit code and stdout: each Pod against its golden (or expected skip / error). */
  check: (status: number | null, stdout: string) => void;
}

interface Entry {
  name: string;
  pod: KubeObject;
  check: (got: Obj | undefined, status: number | null, results: Obj[]) => void;
}

/**
 * Every run of the profile's cases, batched: runs with the same settings and namespace share one
 * ResourceList (their Pods renamed apart, the name restored before comparing), because a process
 * per run costs minutes on a loaded machine. A case that expects an error gets a list of its own,
 * since an error leaves the whole list unchanged.
 */
export function cliConformanceBatches(version: '2.14' | '2.13'): CliConformanceBatch[] {
  const patches = harnessContainerPatches();
  const groups = new Map<string, { functionConfig: object; namespace: object; entries: Entry[] }>();
  let index = 0;
  for (const c of loadCases(version)) {
    for (const run of c.runs) {
      index++;
      const s = run.settings;
      // The harness starts from an all-zero injector config; the settings schema refuses the one
      // zero value a user could not mean (an empty SPIRE mount path), which only matters when a
      // case's config enables SPIRE and then sets it. The goldens decide whether this is faithful.
      const injector = structuredClone(s.injector) as unknown as { spire?: { mountPath?: string } };
      if (injector.spire?.mountPath === '') delete injector.spire.mountPath;
      const functionConfig = {
        apiVersion: 'fn.kuma-inject.dev/v1alpha1',
        kind: 'KumaInject',
        metadata: { name: 'conformance' },
        product: s.product,
        version: s.release.name,
        systemNamespace: s.systemNamespace,
        controlPlane: s.controlPlane,
        sidecarContainers: s.sidecarContainers,
        deltaXds: s.deltaXds,
        bootstrap: s.bootstrap,
        injector,
        meshes: s.meshes,
        zone: s.zone,
        previews: 'off',
      };
      const namespace = {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: CASE_NAMESPACE, labels: c.namespace.labels, annotations: c.namespace.annotations },
      };
      const originalName = c.input.metadata.name;
      const name = `${originalName ?? 'pod'}-run${index}`;
      const pod: KubeObject = { ...structuredClone(c.input), metadata: { ...c.input.metadata, name, namespace: CASE_NAMESPACE } };
      const entry: Entry = {
        name: `${c.id} ${run.variant}`,
        pod,
        check: (got, status, results) => {
          assert.ok(got, `${c.id} ${run.variant}: the Pod is in the output`);
          if (c.expect === 'error') {
            assert.equal(status, 1);
            const messages = results.filter((r) => r['severity'] === 'error').map((r) => String(r['message']));
            assert.ok(
              messages.some((m) => m.includes(c.expectedErrorMessage ?? '?')),
              `${c.id} ${run.variant}: ${messages.join('\n')}`,
            );
            return;
          }
          const normalised = normalise(got) as Obj;
          delete normalised['metadata']['namespace'];
          if (originalName === undefined) delete normalised['metadata']['name'];
          else normalised['metadata']['name'] = originalName;
          assert.deepEqual(normalised, c.expect === 'inject' ? run.golden : c.input, `${c.id} ${run.variant}`);
        },
      };
      const key = c.expect === 'error' ? `error ${index}` : JSON.stringify([functionConfig, namespace]);
      const group = groups.get(key) ?? { functionConfig, namespace, entries: [] };
      group.entries.push(entry);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map((group): CliConformanceBatch => ({
    names: group.entries.map((e) => e.name),
    resourceList: stringify({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [group.namespace, ...patches, ...group.entries.map((e) => e.pod)],
      functionConfig: group.functionConfig,
    }),
    check: (status, stdout) => {
      const out = resourceListOf(stdout);
      const items = out['items'] as Obj[];
      const results = (out['results'] ?? []) as Obj[];
      for (const entry of group.entries) {
        entry.check(
          items.find((item) => item['kind'] === 'Pod' && item['metadata']['name'] === entry.pod.metadata.name),
          status,
          results,
        );
      }
      if (group.entries.length > 0 && status !== 1)
        assert.equal(status, 0, JSON.stringify(results.filter((r) => r['severity'] === 'error')));
    },
  }));
}
