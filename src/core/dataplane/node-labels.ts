import type { KubeObject } from '../types.ts';
import { stringMap } from './kube-values.ts';
import { PLACEHOLDER } from './runtime-placeholders.ts';

/**
 * The labels kuma-cp reads from the Node a Pod template pins with `spec.nodeName` (for
 * runtime.kubernetes.injector.nodeLabelsToCopy). kuma-cp reads that Node from the cluster; a Node
 * in the bundle is that cluster's Node, so its labels are used. Without it the values are unknown
 * until the Pod runs: every copied key gets the `<node-label>` placeholder (listed in
 * `kuma-inject.dev/runtime-fields`) instead of failing the run the way kuma-cp fails when the Node
 * cannot be read. The converter keeps only the nodeLabelsToCopy keys.
 */
export function nodeLabelsOf(node: KubeObject | undefined, nodeLabelsToCopy: readonly string[]): Record<string, string> {
  if (node !== undefined) return stringMap(node.metadata?.labels);
  return Object.fromEntries(nodeLabelsToCopy.map((key) => [key, PLACEHOLDER.nodeLabel]));
}
