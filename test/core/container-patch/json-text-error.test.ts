import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonTextError } from '../../../src/core/container-patch/json-text-error.ts';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON text, then a few characters inserted, deleted or replaced: mostly near-misses, as users type them. */
const nearJson = fc
  .tuple(
    fc.json({ maxDepth: 3 }),
    fc.array(
      fc.tuple(fc.nat(), fc.constantFrom('', '"', ',', '}', ']', '{', '[', ':', '\\', '\n', '\u0001', '-', '0', 'e', '.', 'x', ' ', 'u')),
      { maxLength: 3 },
    ),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, c] of edits) {
      const i = at % (out.length + 1);
      out = at % 3 === 0 ? out.slice(0, i) + c + out.slice(i) : out.slice(0, i) + c + out.slice(i + 1);
    }
    return out;
  });

test('the scanner accepts exactly what JSON.parse accepts; every refusal names a character position inside the text', () => {
  const seen = { refused: 0, accepted: 0 };
  fc.assert(
    fc.property(fc.oneof(nearJson, fc.string({ maxLength: 12 }), fc.json()), (text) => {
      const message = jsonTextError(text);
      if (parses(text)) {
        seen.accepted += 1;
        assert.equal(message, 'not JSON text');
        return;
      }
      seen.refused += 1;
      const m = /^at character (\d+): expected .+, (?:found .+|the text ends)$/.exec(message);
      assert.ok(m, message);
      assert.ok(Number(m[1]) >= 1 && Number(m[1]) <= text.length + 1, `${message} for ${JSON.stringify(text)}`);
    }),
    { numRuns: 3000 },
  );
  assert.ok(seen.refused > 500 && seen.accepted > 500, JSON.stringify(seen));
});

test("what users get wrong in a patch value, located and named without the engine's words", () => {
  assert.equal(
    jsonTextError('RuntimeDefault'),
    'at character 1: expected a value (a "string", a number, true, false, null, an object or a list), found "R"',
  );
  assert.equal(jsonTextError('{"cpu": 1,}'), 'at character 11: expected a "quoted" member name, found "}"');
  assert.equal(jsonTextError("{'a': 1}"), 'at character 2: expected a "quoted" member name, found "\'"');
  assert.equal(jsonTextError('["a" "b"]'), 'at character 6: expected "," or "]", found "\\""');
  assert.equal(jsonTextError('"100m'), "at character 6: expected a closing '\"', the text ends");
  assert.equal(jsonTextError('01'), 'at character 2: expected the end of the text, found "1"');
  assert.equal(jsonTextError('"a\tb"'), 'at character 3: expected no control character inside a string (write \\n, \\t, ...), found a tab');
});

test('deep nesting is refused at a bound, not by exhausting the stack', () => {
  assert.match(jsonTextError('['.repeat(100_000)), /^at character 1001: expected at most 1000 levels of nesting/);
});
