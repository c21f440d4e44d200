import type { KubeObject } from './types.ts';

/**
 * What the core decided for each item, in output order. Items of the input that are absent from
 * the list are removed from the output (only ever our own stale previews, as the host places previews).
 */
export type OutputItem =
  /** Unchanged: the writer copies the item's source text byte for byte. */
  | { kind: 'kept'; index: number }
  /** Changed: the writer splices the difference between the input item and `object` into its text. */
  | { kind: 'changed'; index: number; object: KubeObject }
  /** New (a preview): the writer renders it as block YAML. */
  | { kind: 'added'; object: KubeObject };
