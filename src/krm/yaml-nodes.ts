/**
 * What the locator finds in an item's text: mapping entries, sequence entries and scalars with
 * their offsets, so edits can be spliced in at those places.
 */

/** A layout this locator does not handle; the caller falls back to the `yaml` Document API. */
export class Unsupported extends Error {}

/** The item itself is a flow collection (`{"apiVersion": …}`): rendered anew when changed. */
export class FlowRoot extends Unsupported {}

/** A scalar, a one-line flow collection, or an alias (`*name`); `start` includes any anchor or tag. */
export interface Leaf {
  type: 'leaf';
  start: number;
  end: number;
  style: 'plain' | 'quoted' | 'flow' | 'block' | 'alias';
}
export interface MapEntry {
  key: string;
  /** Offset of the key's first character, and just after its `:`. */
  keyStart: number;
  keyEnd: number;
  /** Column of the key (the mapping's column). */
  column: number;
  /** True for the first key of a sequence entry (`- key: …`): its line belongs to the dash. */
  onDashLine: boolean;
  /** Start of the entry's line (== keyStart - column when not on a dash line). */
  lineStart: number;
  readonly value: YamlNode | null;
  /** End of the entry's last content line (after its newline). */
  contentEnd: number;
  /** End of the entry including the deeper-indented comment lines right after it. */
  end: number;
}
export interface MapNode {
  type: 'map';
  column: number;
  entries: MapEntry[];
}
/** A `- ` entry; `onDashLine` when it follows an outer dash on the same line (`- - a`). */
export interface SeqEntry {
  dash: number;
  lineStart: number;
  onDashLine: boolean;
  readonly value: YamlNode | null;
  contentEnd: number;
  end: number;
}
export interface SeqNode {
  type: 'seq';
  column: number;
  entries: SeqEntry[];
}
export type YamlNode = Leaf | MapNode | SeqNode;
