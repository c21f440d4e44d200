import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readInput, InputError } from '../../src/krm/read.ts';

function failure(text: string): InputError {
  try {
    readInput(text);
  } catch (error) {
    assert.ok(error instanceof InputError, `not an InputError: ${String(error)}`);
    return error;
  }
  assert.fail('readInput accepted bad input');
}

test('bad indentation in a stream names the line, column, document and a fix', () => {
  const error = failure(
    'apiVersion: v1\nkind: A\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: B\nmetadata:\n  name: b\n   labels: {}\n',
  );
  assert.equal(error.line, 10);
  assert.equal(error.itemIndex, 1);
  assert.equal(typeof error.column, 'number');
  assert.match(error.message, /^input line 10, column \d+ \(item 1\): this document is not valid YAML: bad indentation/);
  assert.match(error.message, /Check the indentation/);
});

test('a broken ResourceList item is located in the whole input', () => {
  const text = [
    'apiVersion: config.kubernetes.io/v1',
    'kind: ResourceList',
    'items:',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata:',
    '    name: ok',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata:',
    '    name: "unclosed',
    '  data: {}',
    '',
  ].join('\n');
  const error = failure(text);
  assert.equal(error.itemIndex, 1);
  assert.ok(error.line !== undefined && error.line >= 11 && error.line <= 13, `line ${error.line}`);
  assert.match(error.message, /item 1/);
  assert.match(error.message, /Close the quoted string|Fix the YAML syntax/);
});

test('a column-level error on the first line of a list item counts the dash', () => {
  const text = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: A\n  kind: B\n';
  const error = failure(text);
  assert.equal(error.line, 6);
  assert.equal(error.itemIndex, 0);
  assert.match(error.message, /duplicated mapping key/);
  assert.match(error.message, /Remove one of the two keys/);
});

test('a document that is not an object is refused with what was seen', () => {
  const list = failure('- a\n- b\n');
  assert.match(list.message, /must be a Kubernetes object \(got a list\)/);
  const scalar = failure('apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\njust a string\n');
  assert.equal(scalar.itemIndex, 1);
  assert.equal(scalar.line, 5);
  assert.match(scalar.message, /got "just a string"/);
});

test('an item without kind or apiVersion is refused, naming the field', () => {
  assert.match(failure('apiVersion: v1\nmetadata:\n  name: a\n').message, /has no kind.*Add kind/);
  assert.match(failure('kind: A\nmetadata:\n  name: a\n').message, /has no apiVersion/);
});

test('tabs used for indentation are refused with a fix', () => {
  const error = failure('apiVersion: v1\nkind: A\nmetadata:\n\tname: a\n');
  assert.equal(error.line, 4);
  assert.match(error.message, /tab|indentation/i);
});

test('empty documents and comment-only input are not items', () => {
  assert.equal(readInput('# nothing here\n---\n---\n').items.length, 0);
  assert.equal(readInput('').items.length, 0);
});

test('an item of a ResourceList without kind is named by its line and index', () => {
  const error = failure(
    'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: A\n  metadata: {name: a}\n- apiVersion: v1\n  metadata: {name: b}\n',
  );
  assert.equal(error.line, 7);
  assert.equal(error.itemIndex, 1);
  assert.match(error.message, /^input line 7 \(item 1\): the item has no kind/);
});

test('a directive after "---" is refused (it would be the content of the document), where one before the stream or after "..." is not', () => {
  const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';
  for (const [text, line] of [
    [`---\n%YAML 1.2\n---\n${ns}`, 2],
    [`${ns}---\n# the next document\n%TAG ! tag:example.com,2000:\n---\n${ns}`, 7],
    [`%YAML 1.2\n---\n${ns}---\n%YAML 1.2\n`, 8],
  ] as const) {
    const error = failure(text);
    assert.equal(error.line, line, text);
    assert.match(
      error.message,
      new RegExp(`^input line ${line}, column 1: a directive .* follows "---".*Put "\\.\\.\\." on the line before it`),
    );
  }
  for (const text of [`%YAML 1.2\n---\n${ns}`, `# c\n%YAML 1.2\n---\n${ns}`, `${ns}...\n%YAML 1.2\n---\n${ns}`]) {
    assert.equal(readInput(text).items.filter((item) => item.object.kind === 'Namespace').length, text.split(ns).length - 1, text);
  }
});
