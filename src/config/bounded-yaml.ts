import * as jsyaml from 'js-yaml';

/**
 * How deep a YAML or JSON document may nest (mappings and sequences, block or flow). Kubernetes
 * objects, CRD schemas included, stay well below a hundred levels; the limit is far enough above
 * that to be invisible and far enough below what the parser's and our own recursion survive (a
 * few thousand levels) to turn "Maximum call stack size exceeded" into a message.
 */
export const MAX_NESTING_DEPTH = 1000;

/**
 * How many nodes the aliases of one document may add when expanded (each `*alias` counts the
 * whole node it stands for, nested aliases included), like the `yaml` library's maxAliasCount: a
 * "billion laughs" of 9 levels of 9 aliases is 387 million nodes in under a kilobyte; real
 * manifests reuse a label map or a container a few times, thousands of nodes at most.
 */
export const MAX_ALIAS_NODES = 100_000;

/** A document beyond one of the limits: shaped like js-yaml's exception (reason, 0-based mark). */
export class YamlLimitError extends Error {
  readonly reason: string;
  readonly mark: { line: number; column: number };

  constructor(reason: string, line: number, column: number) {
    super(`${reason} (${line + 1}:${column + 1})`);
    this.name = 'YamlLimitError';
    this.reason = reason;
    this.mark = { line, column };
  }
}

interface ParserState {
  kind: string | null;
  anchor: string | null;
  result: unknown;
  line: number;
  position: number;
  lineStart: number;
}

/**
 * js-yaml's `load` with the two limits enforced while it parses (its node listener sees every node
 * open and close, aliases included), so an oversized document fails fast, at the line where it
 * crosses the limit, before anything walks the expanded value. An alias to a node that contains it
 * (js-yaml builds such cycles) is refused too: nothing downstream can walk a cycle.
 */
export function loadBounded(text: string, options: jsyaml.LoadOptions = {}): unknown {
  const sizes = new WeakMap<object, number>();
  const open: number[] = [];
  let aliased = 0;
  const listener = (event: jsyaml.EventType, state: ParserState): void => {
    if (event === 'open') {
      open.push(0);
      if (open.length > MAX_NESTING_DEPTH) {
        throw new YamlLimitError(
          `it nests deeper than ${MAX_NESTING_DEPTH} levels (the limit per document)`,
          state.line,
          state.position - state.lineStart,
        );
      }
      return;
    }
    const children = open.pop() ?? 0;
    const result = state.result;
    let size = 1 + children;
    if (state.kind === null && typeof result === 'object' && result !== null) {
      // An alias: it stands for the whole node it names.
      const known = sizes.get(result);
      if (known === undefined) {
        throw new YamlLimitError(
          'an alias refers to a node that contains it (a cycle), which no Kubernetes object can hold',
          state.line,
          state.position - state.lineStart,
        );
      }
      size = known;
      aliased += known;
      if (aliased > MAX_ALIAS_NODES) {
        throw new YamlLimitError(
          `its aliases expand to more than ${MAX_ALIAS_NODES} nodes (the limit per document; an alias bomb?)`,
          state.line,
          state.position - state.lineStart,
        );
      }
    } else if (state.anchor !== null && typeof result === 'object' && result !== null) {
      // Only anchored nodes can be aliased (js-yaml restores a node's own anchor before closing it).
      sizes.set(result, size);
    }
    const parent = open.length - 1;
    if (parent >= 0) open[parent] = (open[parent] ?? 0) + size;
  };
  return jsyaml.load(text, { ...options, listener: listener as unknown as jsyaml.LoadOptions['listener'] });
}

/**
 * The first place where JSON text nests deeper than {@link MAX_NESTING_DEPTH} (0-based line and
 * column), or undefined. JSON.parse itself copes, but everything after it recurses.
 */
export function jsonTooDeep(text: string): { line: number; column: number } | undefined {
  let depth = 0;
  let line = 0;
  let lineStart = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    }
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > MAX_NESTING_DEPTH) return { line, column: i - lineStart };
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}
