import type { Document, Node as YNode, YAMLMap, YAMLSeq } from 'yaml';
import { yamlModule } from './lazy-yaml.ts';
import { deepEqual, hasValue } from '../core/deep-equal.ts';
import { matchSequence } from './match-sequence.ts';
import type { BlockStyle } from './render-block.ts';
import { fitsLiteralBlock, needsQuotes } from './yaml-scalar.ts';

type JsonMap = Record<string, unknown>;

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `yaml` node for a new value: block collections, YAML-1.1-ambiguous strings double-quoted. */
function createNode(value: unknown): YNode {
  const { Scalar, YAMLMap: MapClass, YAMLSeq: SeqClass, Pair } = yamlModule();
  if (Array.isArray(value)) {
    const seq = new SeqClass();
    seq.items = value.map((item) => createNode(item));
    seq.flow = value.length === 0;
    return seq;
  }
  if (isMap(value)) {
    const map = new MapClass();
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) map.items.push(new Pair(createNode(key), createNode(item)));
    }
    map.flow = Object.keys(value).length === 0;
    return map;
  }
  const scalar = new Scalar(value);
  if (typeof value === 'string') {
    if (fitsLiteralBlock(value)) scalar.type = 'BLOCK_LITERAL';
    else if (needsQuotes(value)) scalar.type = 'QUOTE_DOUBLE';
    else scalar.type = 'PLAIN';
  }
  return scalar;
}

/**
 * `node` (holding `before`) edited into `after`, keeping comments of what did not change. With
 * `expandAliases`, an unchanged alias is written as its value (its anchor may be in what changed).
 */
function edit(node: unknown, before: unknown, after: unknown, expandAliases: boolean): YNode {
  const y = yamlModule();
  if (deepEqual(before, after) && y.isNode(node)) return expandAliases && y.isAlias(node) ? createNode(after) : node;
  if (y.isMap(node) && isMap(before) && isMap(after) && Object.keys(after).length > 0) {
    const map = node as YAMLMap<unknown, unknown>;
    for (const key of Object.keys(before)) if (!hasValue(after, key)) map.delete(key);
    for (const [key, value] of Object.entries(after)) {
      if (value === undefined) continue;
      if (Object.hasOwn(before, key)) {
        const child = map.get(key, true);
        const next = edit(child, before[key], value, expandAliases);
        if (next !== child) map.set(key, next);
      } else map.items.push(new y.Pair(createNode(key), createNode(value)));
    }
    return map;
  }
  if (y.isSeq(node) && Array.isArray(before) && Array.isArray(after) && after.length > 0 && node.items.length === before.length) {
    const seq = node as YAMLSeq<unknown>;
    const pairs = matchSequence(before, after);
    if (pairs !== undefined) {
      seq.items = after.map((value, j) => {
        const i = pairs[j] ?? -1;
        return i === -1 ? createNode(value) : edit(seq.items[i], before[i], value, expandAliases);
      });
      return seq;
    }
  }
  return createNode(after);
}

/**
 * A document body (column 0) edited from `before` into `after` through the `yaml` Document API:
 * slower than splicing, but it handles anchors, tags, flow collections and multi-line scalars
 * while keeping comments. Returns undefined when `yaml` cannot read the text.
 */
export function editWithDocument(body: string, before: JsonMap, after: JsonMap, style: BlockStyle): string | undefined {
  const y = yamlModule();
  const options = { indentSeq: style.sequence === 'wide', flowCollectionPadding: false, lineWidth: 0, indent: style.indent };
  const doc: Document = y.parseDocument(body);
  if (doc.errors.length > 0) return undefined;
  doc.contents = edit(doc.contents, before, after, false) as Document['contents'];
  try {
    return doc.toString(options);
  } catch {
    // An alias whose anchor was in a part the edit replaced (a probe the injector rewrote, a null
    // annotations map that got the marker): write every unchanged alias as its value instead.
    const expanded: Document = y.parseDocument(body);
    expanded.contents = edit(expanded.contents, before, after, true) as Document['contents'];
    return expanded.toString(options);
  }
}
