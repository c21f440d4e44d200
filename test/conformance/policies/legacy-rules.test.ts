/**
 * Kuma 2.14 legacy tag-subset rules (Tier B projection), from upstream `core/rules/rules_test.go`:
 * `rules/rules/from` (BuildFromRules: every policy's from[] on one inbound, with negations),
 * `rules/rules/to` (BuildToRules: the `kuma.io/service` rules and the real-resource rules),
 * `rules/rules/single` (BuildSingleItemRules). Compared: per rule, in order, the subset (tags with
 * negations) and the origin policies; merged confs (Tier C) are not compared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { buildLegacyRules, type LegacyRule } from '../../../src/core/policies/rules/legacy-rules.ts';
import { resourceRules } from '../../../src/core/policies/rules/resource-rules.ts';
import { readTargetRef, MESH_REF } from '../../../src/core/policies/match/target-ref.ts';
import { legacyToItems } from '../../../src/core/policies/rules/routes-to-items.ts';
import { createHash } from 'node:crypto';
import type { PolicyView } from '../../../src/core/policies/match/policy-view.ts';
import { asPolicy, destinationIndex, readDocs, type Doc } from './rest-format.ts';

const DIR = fileURLToPath(new URL('kuma-2.14/policies/rules/rules/', CONFORMANCE));

type Projected = { subset: [string, string, boolean][]; origins: string[] }[];

function project(rules: readonly LegacyRule<PolicyView>[] | undefined): Projected {
  return (rules ?? []).map((r) => ({
    subset: r.subset.map((t) => [t.key, t.value, t.not]),
    origins: [...new Set(r.items.map((i) => i.data.meta.name))],
  }));
}

function goldenRules(value: unknown): Projected {
  return ((value ?? []) as { Subset?: { Key: string; Value: string; Not: boolean }[]; Origin?: { name: string }[] }[]).map((r) => ({
    subset: (r.Subset ?? []).map((t) => [t.Key, t.Value, t.Not]),
    origins: (r.Origin ?? []).map((o) => o.name),
  }));
}

function items(policies: readonly PolicyView[], field: 'from' | 'to') {
  return policies.flatMap((policy) =>
    (Array.isArray(policy.spec[field]) ? (policy.spec[field] as Doc[]) : []).map((item) => ({
      ref: readTargetRef(item?.['targetRef']) ?? { kind: '' },
      data: policy,
    })),
  );
}

function cases(set: string): string[] {
  return readdirSync(`${DIR}${set}`)
    .filter((f) => f.endsWith('.input.yaml'))
    .map((f) => f.slice(0, -'.input.yaml'.length))
    .sort();
}

function runSet(set: string, compute: (docs: Doc[]) => unknown, expected: (golden: Doc) => unknown): void {
  const all = cases(set);
  const failures: string[] = [];
  for (const c of all) {
    const got = compute(readDocs(`${DIR}${set}/${c}.input.yaml`));
    const want = expected((readDocs(`${DIR}${set}/${c}.golden.yaml`)[0] ?? {}) as Doc);
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${c}: got ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
    }
  }
  console.log(`kuma-2.14 policies rules/${set}: ${all.length - failures.length}/${all.length}`);
  if (failures.length > 0) console.log(failures.join('\n'));
  assert.ok(all.length > 0, `no case in ${DIR}${set}`);
  assert.deepEqual(failures, []);
}

test('kuma-2.14 policies rules/from: subsets with negations and their origins', () => {
  runSet(
    'from',
    (docs) =>
      project(
        buildLegacyRules(
          items(
            docs.map((d) => asPolicy(d)),
            'from',
          ),
          true,
        ),
      ),
    (g) => goldenRules((g['Rules'] as Record<string, unknown> | undefined)?.['127.0.0.1:80']),
  );
});

test('kuma-2.14 policies rules/to: kuma.io/service rules and real-resource rules', () => {
  runSet(
    'to',
    (docs) => {
      const views = docs.filter((d) => d['type'] !== 'Mesh').map((d) => asPolicy(d));
      const routes = views.filter((v) => v.meta.type === 'MeshHTTPRoute');
      const type = views[0]?.meta.type;
      const policies = views.filter((v) => v.meta.type === type);
      // legacyBuildToRules: a policy with a to-item naming a MeshHTTPRoute takes no part.
      const legacy = policies.filter((p) => !items([p], 'to').some((i) => i.ref.kind === 'MeshHTTPRoute'));
      const hash = (json: string): string => createHash('sha256').update(json).digest('base64');
      const legacyItems = legacy.flatMap((policy) =>
        (legacyToItems(policy, routes, hash) ?? []).map((i) => ({ ref: i.ref, data: policy })),
      );
      const destinations = destinationIndex(docs);
      const entries = policies
        .filter((p) => p.targetRef.kind !== 'MeshHTTPRoute')
        .flatMap((policy) => items([policy], 'to').map((item, index) => ({ policy, index, ref: item.ref, data: undefined })));
      const meshes = new Set(docs.filter((d) => d['type'] === 'Mesh').map((d) => String(d['name'])));
      const resource = Object.fromEntries(
        [...resourceRules(entries, destinations, (m) => meshes.has(m))].map(([k, r]) => [
          k,
          r.entries.map((e) => [e.policy.meta.name, e.index]),
        ]),
      );
      return { rules: project(buildLegacyRules(legacyItems, false)), resource };
    },
    (g) => ({
      rules: goldenRules(g['Rules']),
      resource: Object.fromEntries(
        Object.entries(
          (g['ResourceRules'] ?? {}) as Record<string, { Origin?: { Resource: { name?: string; Name?: string }; RuleIndex: number }[] }>,
        ).map(([k, r]) => [k, (r.Origin ?? []).map((o) => [o.Resource.name ?? o.Resource.Name, o.RuleIndex])]),
      ),
    }),
  );
});

test('kuma-2.14 policies rules/single: single-item rules', () => {
  // A single-item policy's item is `{kind: Mesh}` whatever its top-level targetRef.
  runSet(
    'single',
    (docs) =>
      project(
        buildLegacyRules(
          docs.map((d) => asPolicy(d)).map((p) => ({ ref: MESH_REF, data: p })),
          false,
        ),
      ),
    (g) => goldenRules(g['Rules']),
  );
});
