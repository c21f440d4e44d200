/**
 * Kuma 2.14 policy validators: every case of ../shared/conformance/kuma-2.14/policies/validators
 * (16 kinds, transcribed upstream tables, CASES.md) run through our validator of that kind, with the
 * role upstream used (`system`: no labels). Violations are compared as {field, message} pairs,
 * in order where upstream compared in order; messages are trimmed (CASES.md: one upstream message
 * has a trailing space YAML drops). Every one of the 16 kinds must have its validator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CONFORMANCE } from './conformance-dir.ts';
import { VALIDATED_KINDS, validatePolicySpec } from '../../src/core/policies/validate/index.ts';
import type { Violation } from '../../src/core/policies/validate/violations.ts';
import { POLICY_KINDS } from '../../src/core/policies/kinds.ts';

const DIR = fileURLToPath(new URL('kuma-2.14/policies/validators/', CONFORMANCE));

interface ValidatorCase {
  id: string;
  title: string;
  input?: string;
  inputFile?: string;
  expect: { valid: boolean; violationsOrder?: 'exact' | 'any'; violations?: Violation[] };
}

const key = (v: Violation): string => `${v.field} :: ${v.message.trim()}`;

test('kuma-2.14 policies validators: every upstream case gives the upstream violations', () => {
  const failures: string[] = [];
  const notReproduced = new Map<string, number>();
  let total = 0;
  let pass = 0;
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.cases.yaml'))
    .sort()) {
    const doc = parse(readFileSync(`${DIR}${file}`, 'utf8')) as { kind: string; policyRole: string; cases: ValidatorCase[] };
    for (const c of doc.cases) {
      total++;
      const text = c.input ?? readFileSync(`${DIR}${c.inputFile}`, 'utf8');
      const spec = (parse(text) ?? {}) as Record<string, unknown>;
      const got = validatePolicySpec(doc.kind, spec, { role: doc.policyRole as 'system' });
      if (got === undefined) {
        notReproduced.set(doc.kind, (notReproduced.get(doc.kind) ?? 0) + 1);
        continue;
      }
      const want = (c.expect.violations ?? []).map(key);
      let gotKeys = got.map(key);
      let wantKeys = want;
      if (c.expect.violationsOrder !== 'exact') {
        gotKeys = [...gotKeys].sort();
        wantKeys = [...wantKeys].sort();
      }
      if (JSON.stringify(gotKeys) === JSON.stringify(wantKeys)) pass++;
      else failures.push(`${c.id} (${c.title}):\n    got  ${JSON.stringify(gotKeys)}\n    want ${JSON.stringify(wantKeys)}`);
    }
  }
  assert.ok(total >= 285, `only ${total} validator cases found in ${DIR}`);
  const missing = [...notReproduced].map(([kind, n]) => `${kind} ${n}`).join(', ');
  console.log(`kuma-2.14 policies validators: ${pass}/${total}${missing === '' ? '' : ` (validator not reproduced: ${missing})`}`);
  assert.deepEqual([...VALIDATED_KINDS].sort(), POLICY_KINDS.map((k) => k.kind).sort());
  assert.deepEqual(failures, []);
});
