/**
 * Placeholders for values only known once Kubernetes has created the Pod. A preview shows them
 * instead of inventing values; the `kuma-inject.dev/runtime-fields` annotation lists where they are.
 */
export const PLACEHOLDER = {
  podIP: '<pod-ip>',
  podUID: '<pod-uid>',
  random: '<random>',
  podTemplateHash: '<pod-template-hash>',
  controllerRevisionHash: '<controller-revision-hash>',
  ordinal: '<ordinal>',
  templateGeneration: '<pod-template-generation>',
  controllerUID: '<controller-uid>',
  scheduledTime: '<scheduled-time>',
  completionIndex: '<completion-index>',
  podName: '<pod-name>',
  loadBalancerAddress: '<load-balancer-address>',
  nodeAddress: '<node-address>',
  /** A label of a Node the bundle does not hold (tag or label present only if the Node has it). */
  nodeLabel: '<node-label>',
} as const;

/** Whether a string carries a placeholder. */
export function hasPlaceholder(value: string): boolean {
  return /<[a-z-]+>/.test(value);
}
