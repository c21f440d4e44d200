import type { OpProblem } from './op-shape.ts';

/** One way a patched container breaks the Kubernetes Container schema. */
export interface SchemaIssue {
  /** Where, as JSON-pointer tokens inside the container. */
  tokens: string[];
  problem: OpProblem;
}

/**
 * The schema issues of `container` (empty when it is a valid Kubernetes Container).
 * First version: no checks yet; the generated validator replaces this.
 */
export function validateContainerSpec(container: Record<string, unknown>): SchemaIssue[] {
  void container;
  return [];
}
