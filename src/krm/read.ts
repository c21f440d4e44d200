import type { KubeObject } from '../core/types.ts';
import type { Envelope, ParsedInput, SourceItem } from './source.ts';
import { InputError, lineAt, YamlSyntaxError, yamlInputError } from './input-error.ts';
import { splitStream, type StreamDocument } from './split-stream.ts';
import { looksLikeList, splitList, type SplitList } from './split-list.ts';
import { readJson } from './json-input.ts';
import { checkEnvelope } from './envelope-shape.ts';
import { parseYaml } from './value-reader.ts';
import { jsonTooDeep, MAX_NESTING_DEPTH, YamlLimitError } from '../config/bounded-yaml.ts';
import { isRecord as isPlainObject } from '../core/json-record.ts';

/** Checks that `value` is a Kubernetes object and returns it as one (adding an empty `metadata`). */
function toKubeObject(value: unknown, whole: string, offset: number, index: number): { object: KubeObject; addedMetadata: boolean } {
  if (!isPlainObject(value)) {
    const line = lineAt(whole, offset);
    const got = Array.isArray(value) ? 'a list' : JSON.stringify(value);
    throw new InputError(
      `input line ${line} (item ${index}): an item must be a Kubernetes object (got ${got}); expected a mapping with apiVersion, kind and metadata. Remove the document or fix its indentation.`,
      { line, column: 1, itemIndex: index },
    );
  }
  for (const key of ['apiVersion', 'kind'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') {
      const line = lineAt(whole, offset);
      throw new InputError(
        `input line ${line} (item ${index}): the item has no ${key} (got ${JSON.stringify(value[key]) ?? 'nothing'}); every item must be a Kubernetes object. Add ${key}, or remove the document.`,
        { line, column: 1, itemIndex: index },
      );
    }
  }
  const addedMetadata = !isPlainObject(value.metadata);
  if (addedMetadata && value.metadata !== undefined && value.metadata !== null) {
    const line = lineAt(whole, offset);
    throw new InputError(
      `input line ${line} (item ${index}): metadata must be a mapping (got ${JSON.stringify(value.metadata)}). Fix the item's metadata.`,
      { line, column: 1, itemIndex: index },
    );
  }
  if (addedMetadata) value.metadata = {};
  return { object: value as KubeObject, addedMetadata };
}

function rendered(value: unknown, whole: string, index: number): SourceItem {
  const { object, addedMetadata } = toKubeObject(value, whole, 0, index);
  return { object, text: '', form: 'rendered', dashColumn: 0, before: '', offset: 0, addedMetadata };
}

function fromEnvelopeObject(value: Record<string, unknown>, whole: string, newline: ParsedInput['newline'], offset = 0): ParsedInput {
  checkEnvelope(value, whole, offset);
  const items = Array.isArray(value.items) ? value.items : [];
  const { items: _items, results: _results, ...fields } = value;
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  const kind = typeof value.kind === 'string' ? value.kind : '';
  return {
    format: kind === 'ResourceList' ? 'resource-list' : 'list',
    items: items.map((item, index) => rendered(item, whole, index)),
    functionConfig: isPlainObject(value.functionConfig) ? (value.functionConfig as KubeObject) : undefined,
    apiVersion,
    kind,
    envelope: { kind: 'object', fields },
    newline,
  };
}

function readJsonInput(values: unknown[], whole: string, newline: ParsedInput['newline']): ParsedInput {
  const only = values.length === 1 ? values[0] : undefined;
  if (
    isPlainObject(only) &&
    (only.kind === 'ResourceList' || (Array.isArray(only.items) && typeof only.kind === 'string' && only.kind.endsWith('List')))
  ) {
    return fromEnvelopeObject(only, whole, newline);
  }
  const flat = values.length === 1 && Array.isArray(only) ? only : values;
  return {
    format: 'stream',
    items: flat.map((v, i) => rendered(v, whole, i)),
    functionConfig: undefined,
    apiVersion: '',
    kind: '',
    envelope: { kind: 'stream', tail: '' },
    newline,
  };
}

/** A List read as one document: values only, items rendered on output (odd layouts, `items: []`). */
function readWholeList(doc: StreamDocument, whole: string, newline: ParsedInput['newline']): ParsedInput {
  let value: unknown;
  try {
    value = parseYaml(doc.body);
  } catch (error) {
    throw yamlInputError(error, whole, doc.offset, 'the list');
  }
  if (!isPlainObject(value))
    throw new InputError(
      'the input is not a ResourceList, a List or a stream of Kubernetes objects. Give a YAML or JSON stream of objects.',
    );
  return fromEnvelopeObject(value, whole, newline, doc.offset);
}

/** Thrown when the line split of `items` does not parse as one object per entry. */
class SplitMismatch extends Error {}

function readList(doc: StreamDocument, streamTail: string, whole: string, newline: ParsedInput['newline']): ParsedInput {
  const split = splitList(doc.body);
  if (split === undefined) return readWholeList(doc, whole, newline);
  try {
    return readSplitList(doc, split, streamTail, whole, newline);
  } catch (error) {
    // The line split may have misread an unusual layout (say, a multi-line flow item whose lines
    // start at column 0): if the document parses as a whole, it is valid and read that way.
    if (!(error instanceof YamlSyntaxError || error instanceof SplitMismatch)) throw error;
    try {
      parseYaml(doc.body);
    } catch {
      if (error instanceof SplitMismatch) return readWholeList(doc, whole, newline);
      throw error;
    }
    return readWholeList(doc, whole, newline);
  }
}

function readSplitList(
  doc: StreamDocument,
  split: SplitList,
  streamTail: string,
  whole: string,
  newline: ParsedInput['newline'],
): ParsedInput {
  let envelope: unknown;
  try {
    envelope = parseYaml(split.head + split.tail);
  } catch (error) {
    throw yamlInputError(error, whole, doc.offset, 'the list envelope (outside items)');
  }
  if (!isPlainObject(envelope) || (envelope.items !== null && envelope.items !== undefined)) throw new SplitMismatch();
  checkEnvelope(envelope, whole, doc.offset);
  const items = split.entries.map((entry, index): SourceItem => {
    const offset = doc.offset + entry.start;
    let parsed: unknown;
    try {
      parsed = parseYaml(entry.text);
    } catch (error) {
      throw yamlInputError(error, whole, offset, 'this item', index);
    }
    if (!Array.isArray(parsed) || parsed.length !== 1) throw new SplitMismatch();
    const { object, addedMetadata } = toKubeObject(parsed[0], whole, offset, index);
    return { object, text: entry.text, form: 'entry', dashColumn: split.dashColumn, before: '', offset, addedMetadata };
  });
  const kind = typeof envelope.kind === 'string' ? envelope.kind : '';
  const envelopeText: Envelope = {
    kind: 'text',
    head: doc.before + split.head,
    tail: split.tail + streamTail,
    dashColumn: split.dashColumn,
  };
  return {
    format: kind === 'ResourceList' ? 'resource-list' : 'list',
    items,
    functionConfig: isPlainObject(envelope.functionConfig) ? (envelope.functionConfig as KubeObject) : undefined,
    apiVersion: typeof envelope.apiVersion === 'string' ? envelope.apiVersion : '',
    kind,
    envelope: envelopeText,
    newline,
  };
}

/**
 * Reads the whole input: a ResourceList (as kpt and kustomize send it), a `List`, or a plain
 * YAML/JSON stream of objects. Every item keeps its exact source text. Throws InputError (with
 * line, column and item index) on anything that is not valid YAML or not a Kubernetes object.
 */
export function readInput(input: string): ParsedInput {
  const bom = input.charCodeAt(0) === 0xfeff;
  const text = bom ? input.slice(1) : input;
  return { ...readText(text), bom, finalNewline: text.endsWith('\n') };
}

function readText(text: string): ParsedInput {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const first = /\S/.exec(text)?.[0];
  if (first === '{' || first === '[') {
    const deep = jsonTooDeep(text);
    if (deep !== undefined) {
      throw yamlInputError(
        new YamlLimitError(`it nests deeper than ${MAX_NESTING_DEPTH} levels (the limit per document)`, deep.line, deep.column),
        text,
        0,
        'the JSON input',
      );
    }
    const values = readJson(text);
    if (values !== undefined) return readJsonInput(values, text, newline);
  }
  const { documents, tail } = splitStream(text);
  const only = documents.length === 1 ? documents[0] : undefined;
  const listKind = only === undefined ? undefined : looksLikeList(only.body);
  if (only !== undefined && listKind !== undefined) {
    try {
      return readList(only, tail, text, newline);
    } catch (error) {
      // A custom kind that merely ends in "List" (its items are not objects) is one object.
      if (listKind === 'ResourceList' || !(error instanceof InputError)) throw error;
    }
  }
  const items = documents.map((doc, index): SourceItem => {
    let value: unknown;
    try {
      value = parseYaml(doc.body);
    } catch (error) {
      throw yamlInputError(error, text, doc.offset, 'this document', index);
    }
    const { object, addedMetadata } = toKubeObject(value, text, doc.offset, index);
    return { object, text: doc.body, form: 'document', dashColumn: 0, before: doc.before, offset: doc.offset, addedMetadata };
  });
  return { format: 'stream', items, functionConfig: undefined, apiVersion: '', kind: '', envelope: { kind: 'stream', tail }, newline };
}

export { InputError } from './input-error.ts';
export type { ParsedInput, SourceItem } from './source.ts';
