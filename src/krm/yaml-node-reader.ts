import type { Document, Node as LibNode } from 'yaml';
import { yamlModule } from './lazy-yaml.ts';
import type { YamlNode, YamlReader } from '../core/go-yaml/yaml-node.ts';

/**
 * The YAML reader the core is handed for annotation values kuma-cp decodes as YAML. It only
 * parses: every scalar is kept as its text with its style and explicit tag (the failsafe schema),
 * because the core types scalars with go-yaml v2's YAML 1.1 rules, not this library's.
 */

/** Expanded nodes one value may reach through aliases: far above any real annotation, far below an alias bomb. */
const MAX_YAML_NODES = 10_000;

/** Nesting deeper than this is refused before it can exhaust the stack. */
const MAX_YAML_DEPTH = 200;

class Refused extends Error {}

interface Walk {
  doc: Document;
  left: number;
  /** Anchored nodes being expanded: an alias back into one of them never ends. */
  open: Set<unknown>;
}

function toNode(node: unknown, walk: Walk, depth: number): YamlNode {
  const { isAlias, isMap, isScalar, isSeq, Scalar } = yamlModule();
  if (--walk.left < 0) throw new Refused(`expands to more than ${MAX_YAML_NODES} YAML nodes through aliases`);
  if (depth > MAX_YAML_DEPTH) throw new Refused(`nests deeper than ${MAX_YAML_DEPTH} levels`);
  if (node === null || node === undefined) return { kind: 'scalar', value: '', plain: true };
  if (isAlias(node)) {
    const target = node.resolve(walk.doc);
    if (target === undefined) throw new Refused(`unknown anchor '${node.source}' referenced`);
    // go-yaml refuses an alias inside the node its anchor names.
    if (walk.open.has(target)) throw new Refused(`anchor '${node.source}' value contains itself`);
    walk.open.add(target);
    const out = toNode(target, walk, depth + 1);
    walk.open.delete(target);
    return out;
  }
  if (isScalar(node)) {
    const plain = node.type === undefined || node.type === Scalar.PLAIN;
    return { kind: 'scalar', value: String(node.value ?? ''), plain, ...(node.tag === undefined ? {} : { tag: node.tag }) };
  }
  if (isSeq(node)) return { kind: 'seq', items: node.items.map((item) => toNode(item, walk, depth + 1)) };
  if (isMap(node)) {
    return {
      kind: 'map',
      entries: node.items.map((pair) => ({ key: toNode(pair.key, walk, depth + 1), value: toNode(pair.value, walk, depth + 1) })),
    };
  }
  throw new Error(`unexpected YAML node ${String((node as LibNode).constructor?.name)}`);
}

/** Reads the first document of `text` (go-yaml's Unmarshal reads only the first); duplicate keys are kept in order. */
export const readYamlNode: YamlReader = (text) => {
  // The `yaml` package is loaded the first time an annotation needs it, not at every start.
  const docs = yamlModule().parseAllDocuments(text, {
    schema: 'failsafe',
    version: '1.1',
    uniqueKeys: false,
    merge: false,
    prettyErrors: false,
  });
  if (!Array.isArray(docs)) return { ok: true, node: null };
  const [doc] = docs;
  if (doc === undefined) return { ok: true, node: null };
  const [error] = doc.errors;
  if (error !== undefined) {
    // The parser reports running out of stack as an error of its own; say what it means.
    const why = /call stack/i.test(error.message)
      ? 'nests deeper than the YAML parser can follow'
      : `not valid YAML: ${error.message.split('\n')[0] ?? ''}`;
    return { ok: false, error: why };
  }
  try {
    return { ok: true, node: doc.contents === null ? null : toNode(doc.contents, { doc, left: MAX_YAML_NODES, open: new Set() }, 0) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.message };
    throw e;
  }
};
