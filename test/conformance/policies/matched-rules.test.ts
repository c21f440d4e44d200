/**
 * Kuma 2.14 MatchedPolicies rule levels (Tier B projection), from upstream
 * `core/matchers/dataplane_test.go`: FromRules (per inbound `address:port`: the legacy subset rules
 * built from `from[]` with negations and the new inbound rules) and ToRules (the `kuma.io/service`
 * rules and the real-resource rules keyed by KRI), for `fromrules`, `torules` and
 * `meshexternalservice` (the MeshExternalService added to the resources). Compared: subsets and
 * origin policies in order, inbound rule origins (name, rule index), resource rule origins.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { indexPolicies } from '../../../src/core/policies/match/policy-index.ts';
import { buildLegacyRules, type LegacyRule } from '../../../src/core/policies/rules/legacy-rules.ts';
import { inboundRules } from '../../../src/core/policies/rules/inbound-order.ts';
import { resourceRules } from '../../../src/core/policies/rules/resource-rules.ts';
import { legacyToItems } from '../../../src/core/policies/rules/routes-to-items.ts';
import { readTargetRef } from '../../../src/core/policies/match/target-ref.ts';
import { policyKind } from '../../../src/core/policies/kinds.ts';
import type { PolicyView } from '../../../src/core/policies/match/policy-view.ts';
import { createHash } from 'node:crypto';
import { asDataplane, asPolicy, destinationIndex, metaOf, readDocs, type Doc } from './rest-format.ts';

const SET = fileURLToPath(new URL('kuma-2.14/policies/matchers/matchedpolicies/', CONFORMANCE));
const hash = (json: string): string => createHash('sha256').update(json).digest('base64');

type Subsets = { subset: [string, string, boolean][]; origins: string[] }[];

function project(rules: readonly LegacyRule<PolicyView>[] | undefined): Subsets {
  return (rules ?? []).map((r) => ({
    subset: r.subset.map((t) => [t.key, t.value, t.not]),
    origins: [...new Set(r.items.map((i) => i.data.meta.name))],
  }));
}

function goldenSubsets(value: unknown): Subsets {
  return ((value ?? []) as { Subset?: { Key: string; Value: string; Not: boolean }[]; Origin?: { name: string }[] }[]).map((r) => ({
    subset: (r.Subset ?? []).map((t) => [t.Key, t.Value, t.Not]),
    origins: (r.Origin ?? []).map((o) => o.name),
  }));
}

function goldenResourceRules(value: unknown): Record<string, [string, number][]> {
  return Object.fromEntries(
    Object.entries((value ?? {}) as Record<string, { Origin?: { Resource: { name: string }; RuleIndex: number }[] }>).map(([k, r]) => [
      k,
      (r.Origin ?? []).map((o) => [o.Resource.name, o.RuleIndex] as [string, number]),
    ]),
  );
}

function list(value: unknown): Doc[] {
  return Array.isArray(value) ? (value as Doc[]) : [];
}

interface Computed {
  from: Record<string, { rules: Subsets; inbound: [string, number][] }>;
  to: { rules: Subsets; resource: Record<string, [string, number][]> };
}

function compute(dir: string, c: string): Computed {
  const docs = readDocs(`${dir}${c}.policies.yaml`);
  const extra = existsSync(`${dir}${c}.mes.yaml`) ? readDocs(`${dir}${c}.mes.yaml`) : [];
  const views = docs.filter((d) => d['type'] !== 'Mesh').map((d) => asPolicy(d));
  const type = (views.find((v) => v.meta.type !== 'MeshHTTPRoute') ?? views[0])?.meta.type ?? '';
  const policies = views.filter((v) => v.meta.type === type);
  const routes = views.filter((v) => v.meta.type === 'MeshHTTPRoute');
  const dpDoc = readDocs(`${dir}${c}.dataplane.yaml`)[0] as Doc;
  // Upstream matches whatever the test holds: the Dataplane is read in the policies' mesh.
  const dp = asDataplane(dpDoc, { ...metaOf(dpDoc), mesh: policies[0]?.meta.mesh ?? String(dpDoc['mesh']) });
  const matched = indexPolicies(policies, routes).match(type, dp).policies;
  const from: Computed['from'] = {};
  for (const inbound of [...dp.inbounds, ...dp.listeners]) {
    const here = matched.filter((m) => m.selection.inbounds.includes(inbound.key)).map((m) => m.policy);
    if (here.length === 0) continue;
    const items = here.flatMap((policy) =>
      list(policy.spec['from']).map((item) => ({ ref: readTargetRef(item['targetRef']) ?? { kind: '' }, data: policy })),
    );
    from[inbound.key] = {
      rules: project(buildLegacyRules(items, true)),
      inbound: inboundRules(here, (t) => policyKind(t)?.fromAsRules === true).map((e) => [
        e.policy.meta.name,
        Number(/\[(\d+)\]/.exec(e.item)?.[1]),
      ]),
    };
  }
  const withTo = matched.map((m) => m.policy).filter((p) => list(p.spec['to']).length > 0);
  const legacy = withTo.filter((p) => !list(p.spec['to']).some((i) => (i['targetRef'] as Doc | undefined)?.['kind'] === 'MeshHTTPRoute'));
  const legacyItems = legacy.flatMap((policy) => (legacyToItems(policy, routes, hash) ?? []).map((i) => ({ ref: i.ref, data: policy })));
  const destinations = destinationIndex([...docs, ...extra]);
  const entries = withTo
    .filter((p) => p.targetRef.kind !== 'MeshHTTPRoute')
    .flatMap((policy) =>
      list(policy.spec['to']).map((item, index) => ({
        policy,
        index,
        ref: readTargetRef(item['targetRef']) ?? { kind: '' },
        data: undefined,
      })),
    );
  const meshes = new Set([...docs, ...extra].filter((d) => d['type'] === 'Mesh').map((d) => String(d['name'])));
  const resource = Object.fromEntries(
    [...resourceRules(entries, destinations, (m) => meshes.has(m))].map(([k, r]) => [
      k,
      r.entries.map((e) => [e.policy.meta.name, e.index] as [string, number]),
    ]),
  );
  return { from, to: { rules: project(buildLegacyRules(legacyItems, false)), resource } };
}

function runFolder(folder: string, which: 'from' | 'to'): void {
  const dir = `${SET}${folder}/`;
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.golden.yaml'))
    .map((f) => f.slice(0, -'.golden.yaml'.length))
    .sort();
  const failures: string[] = [];
  for (const c of cases) {
    const golden = (readDocs(`${dir}${c}.golden.yaml`)[0] ?? {}) as Doc;
    const got = compute(dir, c);
    let want: unknown;
    let have: unknown;
    if (which === 'from') {
      const rules = (golden['Rules'] ?? {}) as Record<string, unknown>;
      const inbound = (golden['InboundRules'] ?? {}) as Record<string, { origin: { Resource: { name: string }; RuleIndex: number } }[]>;
      const keys = [...new Set([...Object.keys(rules), ...Object.keys(inbound)])].sort();
      want = Object.fromEntries(
        keys.map((k) => [
          k,
          { rules: goldenSubsets(rules[k]), inbound: (inbound[k] ?? []).map((r) => [r.origin.Resource.name, r.origin.RuleIndex]) },
        ]),
      );
      have = Object.fromEntries(
        Object.keys(got.from)
          .sort()
          .map((k) => [k, got.from[k]]),
      );
    } else {
      want = { rules: goldenSubsets(golden['Rules']), resource: goldenResourceRules(golden['ResourceRules']) };
      have = got.to;
    }
    try {
      assert.deepEqual(have, want);
    } catch {
      failures.push(`${c}: got ${JSON.stringify(have)}\n  want ${JSON.stringify(want)}`);
    }
  }
  console.log(`kuma-2.14 policies matchers ${folder}: ${cases.length - failures.length}/${cases.length}`);
  if (failures.length > 0) console.log(failures.join('\n'));
  assert.ok(cases.length > 0, `no case in ${dir}`);
  assert.deepEqual(failures, []);
}

test('kuma-2.14 policies matchers fromrules', () => runFolder('fromrules', 'from'));
test('kuma-2.14 policies matchers torules', () => runFolder('torules', 'to'));
test('kuma-2.14 policies matchers meshexternalservice', () => runFolder('meshexternalservice', 'to'));
