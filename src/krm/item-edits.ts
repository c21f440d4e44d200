import type { KubeObject } from '../core/types.ts';
import type { OutputItem } from '../core/output.ts';
import { KPT, KPT_PLACEMENT } from '../core/kpt-annotations.ts';
import type { ParsedInput } from './source.ts';
import { writeOutput } from './write.ts';

/**
 * What a run changes, item by item, in terms of the input text: enough for a host that writes the
 * files the input was read from (check, --in-place) to touch only the files that change, each by
 * splicing new item texts into the file's own text.
 */
export interface ItemEdits {
  /** Items whose text changes: the slice [offset, offset + length) of the input becomes `text`. */
  changed: { offset: number; length: number; text: string }[];
  /** Items the output no longer holds (stale previews): their slice, and `before`, the length of the separator lines before it. */
  removed: { offset: number; length: number; before: number }[];
  /** New items (previews) with the package-relative file kpt would write them to. */
  added: { path: string; text: string }[];
}

/**
 * The edits that turn `input` into `output`. Changed items are written exactly as the stream
 * writer writes them (smallest splice into their source text); new ones rendered in the input's
 * style, without kpt's placement annotations, which only kpt reads.
 */
export function itemEdits(input: ParsedInput, output: readonly OutputItem[]): ItemEdits {
  // Each item alone: no separator before it and no stream tail after it.
  const solo: ParsedInput = {
    ...input,
    envelope: { kind: 'stream', tail: '' },
    items: input.items.map((item) => (item.before === '' ? item : { ...item, before: '' })),
  };
  const edits: ItemEdits = { changed: [], removed: [], added: [] };
  const present = new Set<number>();
  for (const out of output) {
    if (out.kind === 'added') {
      const path = out.object.metadata.annotations?.[KPT.path];
      if (path === undefined) throw new Error('a new item without a file path: place previews with the kpt host to write files');
      edits.added.push({
        path,
        text: writeOutput(solo, [{ kind: 'added', object: withoutKptAnnotations(out.object, () => true) }], [], { format: 'stream' }),
      });
      continue;
    }
    present.add(out.index);
    if (out.kind === 'kept') continue;
    const item = input.items[out.index];
    if (item === undefined) continue;
    // A preview replaced in place gets kpt's file annotations; a file never holds them unless it did.
    const had = item.object.metadata.annotations ?? {};
    const object = withoutKptAnnotations(out.object, (key) => had[key] === undefined);
    const text = writeOutput(solo, [{ ...out, object }], [], { format: 'stream' });
    if (text !== item.text) edits.changed.push({ offset: item.offset, length: item.text.length, text });
  }
  input.items.forEach((item, index) => {
    if (!present.has(index)) edits.removed.push({ offset: item.offset, length: item.text.length, before: item.before.length });
  });
  return edits;
}

/** kpt's file annotations are instructions to kpt, never content of a file. */
function withoutKptAnnotations(object: KubeObject, drop: (key: string) => boolean): KubeObject {
  const annotations = Object.fromEntries(
    Object.entries(object.metadata.annotations ?? {}).filter(([key]) => !(KPT_PLACEMENT.has(key) && drop(key))),
  );
  return { ...object, metadata: { ...object.metadata, annotations } };
}
