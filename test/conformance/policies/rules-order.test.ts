/**
 * Kuma 2.14 rule order (Tier B projection): which policy item contributes, in which order.
 * `rules-inbound/inboundrules`: the ordered (origin name, RuleIndex) of `inbound.BuildRules` over the
 * matched policies (names `matched-for-rules-*`); `rules-outbound/sort`: the ordered
 * (policy name, to-item index) pairs of `outbound.Sort`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { inboundRules } from '../../../src/core/policies/rules/inbound-order.ts';
import { sortToEntries } from '../../../src/core/policies/rules/to-order.ts';
import { sortByTargetRef } from '../../../src/core/policies/match/sort.ts';
import { readTargetRef } from '../../../src/core/policies/match/target-ref.ts';
import { policyKind } from '../../../src/core/policies/kinds.ts';
import { asPolicy, readDocs, type Doc } from './rest-format.ts';

const ROOT = fileURLToPath(new URL('kuma-2.14/policies/', CONFORMANCE));

function matched(file: string) {
  return readDocs(file)
    .filter((d) => String(d['name'] ?? '').startsWith('matched-for-rules-'))
    .map((d) => asPolicy(d));
}

function cases(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.input.yaml'))
    .map((f) => f.slice(0, -'.input.yaml'.length))
    .sort();
}

test('kuma-2.14 policies rules-inbound: origin order of inbound rules', () => {
  const dir = `${ROOT}rules-inbound/inboundrules/`;
  const failures: string[] = [];
  const all = cases(dir);
  for (const c of all) {
    const policies = sortByTargetRef(matched(`${dir}${c}.input.yaml`).map((policy) => ({ policy }))).map((e) => e.policy);
    const got = inboundRules(policies, (type) => policyKind(type)?.fromAsRules === true).map((e) => [
      e.policy.meta.name,
      Number(/\[(\d+)\]/.exec(e.item)?.[1]),
    ]);
    const golden = readDocs(`${dir}${c}.golden.yaml`)[0] as { rules?: { origin: { Resource: { name: string }; RuleIndex: number } }[] };
    const want = (golden.rules ?? []).map((r) => [r.origin.Resource.name, r.origin.RuleIndex]);
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${c}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
  console.log(`kuma-2.14 policies rules-inbound: ${all.length - failures.length}/${all.length}`);
  assert.ok(all.length > 0, `no case in ${dir}`);
  assert.deepEqual(failures, []);
});

test('kuma-2.14 policies rules-outbound sort: order of (policy, to-item) pairs', () => {
  const dir = `${ROOT}rules-outbound/sort/`;
  const failures: string[] = [];
  const all = cases(dir);
  for (const c of all) {
    const entries = matched(`${dir}${c}.input.yaml`).flatMap((policy) =>
      (Array.isArray(policy.spec['to']) ? (policy.spec['to'] as Doc[]) : []).map((item, index) => ({
        policy,
        index,
        ref: readTargetRef(item['targetRef']) ?? { kind: '' },
        data: undefined,
      })),
    );
    const got = sortToEntries(entries).map((e) => [e.policy.meta.name, e.index]);
    const golden = (readDocs(`${dir}${c}.golden.yaml`)[0] ?? []) as unknown as { Meta: { name: string }; RuleIndex: number }[];
    const want = golden.map((e) => [e.Meta.name, e.RuleIndex]);
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${c}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
  console.log(`kuma-2.14 policies rules-outbound sort: ${all.length - failures.length}/${all.length}`);
  assert.ok(all.length > 0, `no case in ${dir}`);
  assert.deepEqual(failures, []);
});
