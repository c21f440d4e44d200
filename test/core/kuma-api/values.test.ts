/**
 * One reader of Kuma's annotation values for both twins: for any value, the webhook twin (get*) and
 * the converter twin (read*) accept the same values, return the same result and fail with the same
 * Kuma message; only the wrapping differs (the webhook's error also names the field and the fix).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getEnabled, getList, getUint32 } from '../../../src/core/inject/annotation-values.ts';
import { readEnabled, readList, readUint32 } from '../../../src/core/dataplane/annotation-values.ts';
import { WebhookError } from '../../../src/core/inject/webhook-error.ts';
import { ConversionError } from '../../../src/core/dataplane/conversion-error.ts';

type Outcome = { ok: true; value: unknown } | { ok: false; message: string; kind: string };

function outcome(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (error instanceof WebhookError || error instanceof ConversionError)
      return { ok: false, message: error.message, kind: error instanceof WebhookError ? 'WebhookError' : 'ConversionError' };
    throw error;
  }
}

const KEY = 'kuma.io/some-key';
const words = fc.constantFrom(
  'enabled',
  'disabled',
  'true',
  'false',
  'yes',
  'no',
  'True',
  'ENABLED',
  '',
  ' yes',
  '0',
  '1',
  '4294967295',
  '4294967296',
  '99999999999x',
  '+1',
  '-0',
  '007',
  'a,b,,c',
  ',',
  '\u00e9\t"',
);
const values = fc.oneof(words, fc.string(), fc.stringMatching(/^[0-9]{1,12}[a-z]?$/));

describe('kuma-api value reader, shared by both twins', () => {
  test('webhook and converter agree on every value (result or Kuma message)', () => {
    fc.assert(
      fc.property(values, (value) => {
        const map = { [KEY]: value };
        for (const [web, conv] of [
          [() => getEnabled(map, KEY), () => readEnabled(map, KEY)],
          [() => getUint32(map, KEY), () => readUint32(map, KEY)],
          [() => getList(map, KEY), () => readList(map, KEY)],
        ] as const) {
          const a = outcome(web);
          const b = outcome(conv);
          assert.equal(a.ok, b.ok, `${JSON.stringify(value)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
          if (a.ok && b.ok) assert.deepEqual(a.value, b.value);
          if (!a.ok && !b.ok) {
            assert.equal(a.message, b.message);
            assert.equal(a.kind, 'WebhookError');
            assert.equal(b.kind, 'ConversionError');
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  test('the webhook error names the field it read (annotation or label)', () => {
    const error = outcome(() => getEnabled({ [KEY]: 'maybe' }, KEY, 'label'));
    assert.equal(error.ok, false);
    try {
      getEnabled({ [KEY]: 'maybe' }, KEY, 'label');
    } catch (e) {
      assert.equal((e as WebhookError).field, `metadata.labels["${KEY}"]`);
    }
    try {
      getUint32({ [KEY]: 'x' }, KEY);
    } catch (e) {
      assert.equal((e as WebhookError).field, `metadata.annotations["${KEY}"]`);
    }
  });

  test('only own keys are values: "constructor" or "toString" are absent on both sides', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.equal(getEnabled({}, key), undefined);
      assert.equal(readEnabled({}, key), undefined);
      assert.equal(readUint32({}, key), undefined);
      assert.equal(readList({}, key), undefined);
    }
  });
});
