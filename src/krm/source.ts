import type { KubeObject } from '../core/types.ts';

/** How the input arrived, and therefore how the output is written. */
export type InputFormat = 'resource-list' | 'stream' | 'list';

/**
 * How an item's `text` is laid out:
 * - `entry`: a block sequence entry (`- apiVersion: …`) whose dash sits at `dashColumn`
 *   (an item of a ResourceList or List);
 * - `document`: the body of one document of a `---` stream;
 * - `rendered`: there is no YAML source to keep (JSON input); the writer renders `object`.
 */
type ItemForm = 'entry' | 'document' | 'rendered';

/** One item of the input: the plain-object view the core reads plus the exact source text. */
export interface SourceItem {
  /** Plain JSON view (js-yaml, core schema). Never mutated by the reader after construction. */
  object: KubeObject;
  /** The item's exact source slice, newline included; '' when `form` is `rendered`. */
  text: string;
  form: ItemForm;
  /** Column of the item's `- ` when `form` is `entry`, else 0. */
  dashColumn: number;
  /** Stream only: the separator lines (`---`, `...`, empty documents, directives) before `text`. */
  before: string;
  /** Offset of `text` in the whole input (for line numbers in messages). */
  offset: number;
  /** True when the source had no `metadata` and the reader added `metadata: {}` to `object`. */
  addedMetadata: boolean;
}

/**
 * What the writer needs to reproduce a ResourceList or List around its items.
 * `text`: the envelope's own source, split around the items (comments and order survive);
 * `object`: no usable source layout (JSON, `items: []`, odd layouts), the envelope is rendered.
 */
export type Envelope =
  | { kind: 'text'; head: string; tail: string; dashColumn: number }
  | { kind: 'object'; fields: Record<string, unknown> }
  | { kind: 'stream'; tail: string };

/** The whole input, read. */
export interface ParsedInput {
  format: InputFormat;
  items: SourceItem[];
  /** ResourceList `functionConfig`, when present. */
  functionConfig: KubeObject | undefined;
  /** `apiVersion` and `kind` of the envelope (ResourceList or List), '' for a stream. */
  apiVersion: string;
  kind: string;
  envelope: Envelope;
  /** Line break used by the input: inserted lines use it too. */
  newline: '\n' | '\r\n';
  /**
   * The input started with a UTF-8 byte order mark, and whether it ended with a line break: both
   * are given back as they came (the reader sees neither).
   */
  bom?: boolean;
  finalNewline?: boolean;
}
