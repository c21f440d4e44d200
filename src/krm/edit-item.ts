import type { KubeObject } from '../core/types.ts';
import type { SourceItem } from './source.ts';
import { type BlockStyle, renderDocument } from './render-block.ts';
import { detectStyle } from './detect-style.ts';
import { documentToEntry } from './item-form.ts';

/**
 * The text of `item` changed into `next`, in the item's own form (`entry` or `document`).
 * Temporary first version: renders the whole object.
 */
export function editItem(item: SourceItem, next: KubeObject, fallback: BlockStyle, newline: string): string {
  const style = detectStyle(item.text, fallback);
  const doc = renderDocument(next, style, newline);
  return item.form === 'entry' ? documentToEntry(doc, item.dashColumn) : doc;
}
