/**
 * Kuma 2.14 zone egress rules for an external service (Tier B projection), from upstream
 * `core/matchers/egress_test.go` (`EgressMatchedPolicies(type, es.tags, ...)`): policies with `from`
 * are matched by their top-level targetRef against the service's tags (legacy from rules with
 * negations, and inbound rules); policies with only `to` contribute each `to` item that selects the
 * service, as an item of the policy's top-level targetRef (legacy rules without negations).
 * Compared: subsets and origin policies in order, inbound rule origins.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { serviceSelectedByTargetRef } from '../../../src/core/policies/rules/egress.ts';
import { buildLegacyRules, type LegacyRule } from '../../../src/core/policies/rules/legacy-rules.ts';
import { inboundRules } from '../../../src/core/policies/rules/inbound-order.ts';
import { sortByTargetRef } from '../../../src/core/policies/match/sort.ts';
import { isShadow, type PolicyView } from '../../../src/core/policies/match/policy-view.ts';
import { readTargetRef } from '../../../src/core/policies/match/target-ref.ts';
import { policyKind } from '../../../src/core/policies/kinds.ts';
import { asPolicy, readDocs, type Doc } from './rest-format.ts';

const SET = fileURLToPath(new URL('kuma-2.14/policies/matchers/egressmatchedpolicies/', CONFORMANCE));

type Subsets = { subset: [string, string, boolean][]; origins: string[] }[];
const project = (rules: readonly LegacyRule<PolicyView>[] | undefined): Subsets =>
  (rules ?? []).map((r) => ({
    subset: r.subset.map((t) => [t.key, t.value, t.not]),
    origins: [...new Set(r.items.map((i) => i.data.meta.name))],
  }));

function list(value: unknown): Doc[] {
  return Array.isArray(value) ? (value as Doc[]) : [];
}

function compute(dir: string, c: string): unknown {
  const es = readDocs(`${dir}${c}.es.yaml`)[0] as Doc;
  const tags = (es['tags'] ?? {}) as Record<string, string>;
  const views = readDocs(`${dir}${c}.policies.yaml`)
    .filter((d) => d['type'] !== 'Mesh')
    .map((d) => asPolicy(d))
    .filter((p) => !isShadow(p.meta));
  const type = views[0]?.meta.type ?? '';
  const info = policyKind(type);
  const sorted = (policies: PolicyView[]): PolicyView[] => sortByTargetRef(policies.map((policy) => ({ policy }))).map((e) => e.policy);
  if (info?.hasFrom === true) {
    const matched = sorted(views.filter((p) => serviceSelectedByTargetRef(p.targetRef, tags)));
    const items = matched.flatMap((p) =>
      list(p.spec['from']).map((item) => ({ ref: readTargetRef(item['targetRef']) ?? { kind: '' }, data: p })),
    );
    return {
      rules: project(buildLegacyRules(items, true)),
      inbound: inboundRules(matched, (t) => policyKind(t)?.fromAsRules === true).map((e) => [
        e.policy.meta.name,
        Number(/\[(\d+)\]/.exec(e.item)?.[1]),
      ]),
    };
  }
  // A policy is listed once per `to` item that selects the service, as kuma-cp's list does.
  const matched = sorted(
    views.flatMap((p) =>
      list(p.spec['to'])
        .filter((item) => serviceSelectedByTargetRef(readTargetRef(item['targetRef']) ?? { kind: '' }, tags))
        .map(() => p),
    ),
  );
  const items = matched.flatMap((p) =>
    list(p.spec['to'])
      .filter((item) => serviceSelectedByTargetRef(readTargetRef(item['targetRef']) ?? { kind: '' }, tags))
      .map(() => ({ ref: p.targetRef, data: p })),
  );
  return { rules: project(buildLegacyRules(items, false)), inbound: [] };
}

function expected(golden: Doc): unknown {
  const rules = ((golden['Rules'] ?? {}) as Record<string, unknown>)[':0'];
  const inbound = ((golden['InboundRules'] ?? {}) as Record<string, unknown> | null)?.[':0'];
  return {
    rules: list(rules).map((r) => ({
      subset: list(r['Subset']).map((t) => [t['Key'], t['Value'], t['Not']]),
      origins: list(r['Origin']).map((o) => String(o['name'])),
    })),
    inbound: list(inbound).map((r) => [String(((r['origin'] as Doc)['Resource'] as Doc)['name']), (r['origin'] as Doc)['RuleIndex']]),
  };
}

test('kuma-2.14 policies matchers egressmatchedpolicies: rules for an external service on the zone egress', () => {
  const failures: string[] = [];
  let runs = 0;
  for (const folder of readdirSync(SET).sort()) {
    const dir = `${SET}${folder}/`;
    for (const c of readdirSync(dir)
      .filter((f) => f.endsWith('.golden.yaml'))
      .map((f) => f.slice(0, -'.golden.yaml'.length))
      .sort()) {
      runs++;
      const got = compute(dir, c);
      const want = expected((readDocs(`${dir}${c}.golden.yaml`)[0] ?? {}) as Doc);
      try {
        assert.deepEqual(got, want);
      } catch {
        failures.push(`${folder}/${c}: got ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
      }
    }
  }
  console.log(`kuma-2.14 policies matchers egressmatchedpolicies: ${runs - failures.length}/${runs}`);
  if (failures.length > 0) console.log(failures.join('\n'));
  assert.ok(runs > 0, `no case in ${SET}`);
  assert.deepEqual(failures, []);
});
