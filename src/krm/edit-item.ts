import type { KubeObject } from '../core/types.ts';
import type { SourceItem } from './source.ts';
import { type BlockStyle, renderDocument } from './render-block.ts';
import { detectStyle } from './detect-style.ts';
import { documentToEntry, entryToDocument } from './item-form.ts';
import { FlowRoot, locate, mayKeepTrailingLines, Unsupported } from './locate.ts';
import { applySplices, SpliceBuilder } from './splice-edits.ts';
import { editWithDocument } from './document-fallback.ts';
import { deepEqual } from '../core/deep-equal.ts';
import { parseYaml } from './value-reader.ts';

/** Which route produced a changed item's text (tests assert each route). */
export type EditRoute = 'unchanged' | 'splice' | 'document' | 'render';

type JsonMap = Record<string, unknown>;

/** The object as its source text has it: without the `metadata: {}` the reader added. */
function sourceView(item: SourceItem): JsonMap {
  if (!item.addedMetadata) return item.object;
  const { metadata: _metadata, ...rest } = item.object;
  return rest;
}

/**
 * `text` split before its trailing blank lines and shallow comments (a column-0 comment between
 * ResourceList items): they stay where they are, whatever route edits the rest.
 */
function splitTrailer(text: string, column: number): [string, string] {
  // Blank lines after a `|+` scalar are part of its value: then nothing is split off.
  if (mayKeepTrailingLines(text)) return [text, ''];
  let cut = text.length;
  for (;;) {
    const lineStart = text.lastIndexOf('\n', cut - 2) + 1;
    if (lineStart >= cut) break;
    const line = text.slice(lineStart, cut);
    const trimmed = line.trimStart();
    const shallowComment = trimmed.startsWith('#') && line.length - trimmed.length <= column;
    if (trimmed.trim() !== '' && !shallowComment) break;
    cut = lineStart;
    if (lineStart === 0) break;
  }
  return [text.slice(0, cut), text.slice(cut)];
}

/** `next` without the empty `metadata` the reader added to an item that had none. */
export function withoutAddedMetadata(item: SourceItem, next: KubeObject): JsonMap {
  const metadata: unknown = next.metadata;
  if (!item.addedMetadata || (typeof metadata === 'object' && metadata !== null && Object.keys(metadata).length > 0)) return next;
  const { metadata: _metadata, ...rest } = next;
  return rest;
}

function readsAs(text: string, form: 'entry' | 'document', expected: JsonMap): boolean {
  try {
    const value = parseYaml(text);
    return deepEqual(form === 'entry' && Array.isArray(value) && value.length === 1 ? value[0] : value, expected);
  } catch {
    return false;
  }
}

/**
 * The text of `item` changed into `next`, in the item's own form, and the route taken: splices at
 * located offsets when the locator knows the layout; else the `yaml` Document API (still keeps
 * comments); else, if even that cannot reproduce `next`, the whole item rendered as block YAML.
 * Spliced text is re-read (and the next route taken when it does not read as `next`) when the item
 * uses anchors, aliases or tags, or when `verify` asks for it; plain layouts are exact by
 * construction (proven by the round-trip property tests).
 */
export function editItem(item: SourceItem, changed: KubeObject, fallback: BlockStyle, verify = false): { text: string; route: EditRoute } {
  const before = sourceView(item);
  const next = withoutAddedMetadata(item, changed);
  const newline = item.text.includes('\r\n') ? '\r\n' : '\n';
  if (item.form === 'rendered') return { text: renderDocument(next, fallback, newline), route: 'render' };
  if (deepEqual(before, next)) return { text: item.text, route: 'unchanged' };
  const form = item.form;
  const whole = item.text.endsWith('\n') ? item.text : item.text + newline;
  const [text, trailer] = splitTrailer(whole, form === 'entry' ? item.dashColumn : 0);
  const style = detectStyle(text, fallback);
  let flowRoot = false;
  try {
    const { root, risky } = locate(text, form, item.dashColumn);
    const builder = new SpliceBuilder(text, style, newline);
    builder.map(root, before, next);
    const spliced = applySplices(text, builder.splices) + trailer;
    if (!(verify || risky()) || readsAs(spliced, form, next)) return { text: spliced, route: 'splice' };
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    flowRoot = error instanceof FlowRoot;
  }
  // A flow-style item (JSON-ish, as kpt passes JSON input on) is written as block YAML when changed.
  if (!flowRoot) {
    const body = form === 'entry' ? entryToDocument(text, item.dashColumn) : text;
    const edited = editWithDocument(body, before, next, style);
    if (edited !== undefined && readsAs(edited, 'document', next)) {
      const withNewlines = newline === '\r\n' ? edited.replace(/\r?\n/g, '\r\n') : edited;
      return { text: (form === 'entry' ? documentToEntry(withNewlines, item.dashColumn) : withNewlines) + trailer, route: 'document' };
    }
  }
  const doc = renderDocument(next, style, newline);
  return { text: (form === 'entry' ? documentToEntry(doc, item.dashColumn) : doc) + trailer, route: 'render' };
}
