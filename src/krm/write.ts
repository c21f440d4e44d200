import type { Result } from '../core/types.ts';
import type { OutputItem } from '../core/output.ts';
import type { InputFormat, ParsedInput } from './source.ts';
import { type BlockStyle, pushMapping, pushSequence, renderDocument } from './render-block.ts';
import { documentToEntry, entryToDocument, moveEntry } from './item-form.ts';
import { editItem, withoutAddedMetadata } from './edit-item.ts';
import { resultObject, withoutTopLevelKey } from './results-block.ts';
import { detectStyle } from './detect-style.ts';

const MARKER_LINE = /(^|\n)---([ \t][^\n]*)?\r?\n$/;

interface Piece {
  /** Text in `entry` form at the output's dash column, or in `document` form. */
  text: string;
  /** Stream only: the source separators to keep before this document. */
  before: string;
}

function ensureNewline(text: string, newline: string): string {
  return text === '' || text.endsWith('\n') ? text : text + newline;
}

/** The text of one output item in the wanted form. */
function piece(input: ParsedInput, out: OutputItem, form: 'entry' | 'document', dash: number, style: BlockStyle, verify: boolean): Piece {
  const newline = input.newline;
  if (out.kind === 'added') {
    const doc = renderDocument(out.object, style, newline);
    return { text: form === 'entry' ? documentToEntry(doc, dash) : doc, before: '' };
  }
  const item = input.items[out.index];
  if (item === undefined) throw new Error(`output refers to input item ${out.index}, which does not exist`);
  if (item.form === 'rendered') {
    const object = withoutAddedMetadata(item, out.kind === 'changed' ? out.object : item.object);
    const doc = renderDocument(object, style, newline);
    return { text: form === 'entry' ? documentToEntry(doc, dash) : doc, before: '' };
  }
  const text = ensureNewline(out.kind === 'changed' ? editItem(item, out.object, style, verify).text : item.text, newline);
  if (item.form === 'entry') {
    return { text: form === 'entry' ? moveEntry(text, item.dashColumn, dash) : entryToDocument(text, item.dashColumn), before: '' };
  }
  return { text: form === 'entry' ? documentToEntry(text, dash) : text, before: item.before };
}

/** The indentation style new items follow: that of the first item with source text, else `fallback`. */
function inputStyle(input: ParsedInput, fallback: BlockStyle): BlockStyle {
  const first = input.items.find((item) => item.form !== 'rendered');
  if (first === undefined) return fallback;
  const text = first.form === 'entry' ? entryToDocument(first.text, first.dashColumn) : first.text;
  return detectStyle(text, fallback);
}

function writeStream(input: ParsedInput, output: readonly OutputItem[], verify: boolean, parts: string[]): void {
  const style = inputStyle(input, { indent: 2, sequence: 'wide' });
  output.forEach((out, i) => {
    const { text, before } = piece(input, out, 'document', 0, style, verify);
    if (i === 0) parts.push(before);
    else if (text.startsWith('---')) parts.push(before);
    else parts.push(MARKER_LINE.test(before) ? before : `${before}---${input.newline}`);
    parts.push(text);
  });
  parts.push(input.envelope.kind === 'stream' ? input.envelope.tail : '');
}

function resultsBlock(results: readonly Result[], dash: number, style: BlockStyle, newline: string): string {
  const lines = ['results:'];
  pushSequence(results.map(resultObject), dash, style, lines);
  return lines.join(newline) + newline;
}

function writeList(
  input: ParsedInput,
  output: readonly OutputItem[],
  results: readonly Result[],
  format: InputFormat,
  verify: boolean,
  parts: string[],
): void {
  const newline = input.newline;
  const envelope = input.envelope;
  const dash = envelope.kind === 'text' ? envelope.dashColumn : 0;
  const style = inputStyle(input, { indent: 2, sequence: dash === 0 ? 'compact' : 'wide' });
  const withResults = format === 'resource-list' && results.length > 0;
  // The items go straight into `parts` (no joined copy of them): the head is put in front after.
  const headAt = parts.length;
  parts.push('');
  let itemsLength = 0;
  for (const out of output) {
    const text = piece(input, out, 'entry', dash, style, verify).text;
    itemsLength += text.length;
    parts.push(text);
  }
  if (envelope.kind === 'text' && itemsLength > 0) {
    parts[headAt] = withoutTopLevelKey(envelope.head, 'results');
    parts.push(ensureNewline(withoutTopLevelKey(envelope.tail, 'results'), newline));
    if (withResults) parts.push(resultsBlock(results, dash, style, newline));
    return;
  }
  // No source layout to keep (JSON input, empty items, a stream written as a list): render it.
  const fields: Record<string, unknown> = envelope.kind === 'object' ? { ...envelope.fields } : {};
  const head: Record<string, unknown> = {
    apiVersion: input.apiVersion !== '' ? input.apiVersion : format === 'resource-list' ? 'config.kubernetes.io/v1' : 'v1',
    kind: input.kind !== '' ? input.kind : format === 'resource-list' ? 'ResourceList' : 'List',
  };
  if (fields.metadata !== undefined) head.metadata = fields.metadata;
  const lines: string[] = [];
  pushMapping(head, 0, style, lines);
  lines.push(itemsLength === 0 ? 'items: []' : 'items:');
  parts[headAt] = lines.join(newline) + newline;
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (!(key in head) && key !== 'items' && key !== 'results') rest[key] = value;
  if (input.functionConfig !== undefined && envelope.kind !== 'object') rest.functionConfig = input.functionConfig;
  if (Object.keys(rest).length > 0) parts.push(renderDocument(rest, style, newline));
  if (withResults) parts.push(resultsBlock(results, dash, style, newline));
}

export interface WriteOptions {
  format: InputFormat;
  /** Re-read every spliced item (not only those with anchors, aliases or tags); slower, for tests. */
  verify?: boolean;
}

/**
 * The whole output text, built before anything is written (all or nothing): a ResourceList (items
 * in the given order, then `results` when there are any), a List, or a `---` stream (results are
 * not written in a stream). Kept items are copied byte for byte; changed items get the smallest
 * edits spliced into their source text; added items are rendered as block YAML.
 */
export function writeOutput(input: ParsedInput, output: readonly OutputItem[], results: readonly Result[], options: WriteOptions): string {
  return writeOutputParts(input, output, results, options).join('');
}

/**
 * {@link writeOutput} as the pieces whose concatenation it is, in order: kept items are slices of
 * the input, so a host that writes the pieces one after the other never holds a second copy of a
 * large output (nor the encoded bytes of all of it at once).
 */
export function writeOutputParts(
  input: ParsedInput,
  output: readonly OutputItem[],
  results: readonly Result[],
  options: WriteOptions,
): string[] {
  const verify = options.verify ?? false;
  const withResults = options.format === 'resource-list' && results.length > 0;
  const parts: string[] = [];
  // A file of previews (nothing of the input in it) is a new file: no mark of the input's.
  if (input.bom === true && output.some((item) => item.kind !== 'added')) parts.push('\uFEFF');
  if (options.format === 'stream') writeStream(input, output, verify, parts);
  else writeList(input, output, results, options.format, verify, parts);
  // The last document untouched and nothing after it: it ends as it ended (without a line break).
  const last = output.at(-1);
  const lastKept = last?.kind === 'kept' && last.index === input.items.length - 1 && input.items[last.index]?.form !== 'rendered';
  if (input.finalNewline === false && lastKept && !withResults && options.format === input.format) {
    let at = parts.length - 1;
    while (at > 0 && parts[at] === '') at -= 1;
    parts[at] = (parts[at] ?? '').replace(/\r?\n$/, '');
  }
  return parts;
}
