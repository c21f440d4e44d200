/**
 * Kuma 2.14 GatewayRules of a built-in gateway Dataplane (Tier B projection), from upstream
 * `core/matchers/dataplane_test.go` "should match MeshGateways": the Dataplane serves the MeshGateway
 * whose selector matches it (zone-filtered); policies select its listeners by MeshGateway name and
 * listener tags, by Mesh, MeshSubset or MeshServiceSubset against the merged listener tags. Compared
 * per listener `address:port`: the legacy from rules (subsets, origins), the inbound rules (origin
 * name, rule index) and the to rules built from the SortByTargetRef-ordered policies; per listener
 * and hostname `address:port:hostname`: the to rules built from the policies in store order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { indexPolicies } from '../../../src/core/policies/match/policy-index.ts';
import { gatewayView, withBuiltinGateway } from '../../../src/core/policies/match/gateway.ts';
import { buildLegacyRules, type LegacyRule } from '../../../src/core/policies/rules/legacy-rules.ts';
import { inboundRules } from '../../../src/core/policies/rules/inbound-order.ts';
import { resourceRules } from '../../../src/core/policies/rules/resource-rules.ts';
import { legacyToItems } from '../../../src/core/policies/rules/routes-to-items.ts';
import { readTargetRef } from '../../../src/core/policies/match/target-ref.ts';
import { policyKind } from '../../../src/core/policies/kinds.ts';
import type { PolicyView } from '../../../src/core/policies/match/policy-view.ts';
import { asDataplane, asPolicy, destinationIndex, metaOf, readDocs, type Doc } from './rest-format.ts';

const DIR = fileURLToPath(new URL('kuma-2.14/policies/matchers/matchedpolicies/meshgateways/', CONFORMANCE));
const hash = (json: string): string => createHash('sha256').update(json).digest('base64');

type Subsets = { subset: [string, string, boolean][]; origins: string[] }[];
type ToRules = { rules: Subsets; resource: Record<string, [string, number][]> };

function list(value: unknown): Doc[] {
  return Array.isArray(value) ? (value as Doc[]) : [];
}

function project(rules: readonly LegacyRule<PolicyView>[] | undefined): Subsets {
  return (rules ?? []).map((r) => ({
    subset: r.subset.map((t) => [t.key, t.value, t.not]),
    origins: [...new Set(r.items.map((i) => i.data.meta.name))],
  }));
}

function goldenSubsets(value: unknown): Subsets {
  return list(value).map((r) => ({
    subset: list(r['Subset']).map((t) => [String(t['Key']), String(t['Value']), t['Not'] === true]),
    origins: list(r['Origin']).map((o) => String(o['name'])),
  }));
}

function goldenTo(value: unknown): ToRules {
  const rules = (value ?? {}) as Doc;
  const resource = Object.fromEntries(
    Object.entries((rules['ResourceRules'] ?? {}) as Record<string, Doc>).map(([k, r]) => [
      k,
      list(r['Origin']).map((o) => [String((o['Resource'] as Doc)['name']), Number(o['RuleIndex'])] as [string, number]),
    ]),
  );
  return { rules: goldenSubsets(rules['Rules']), resource };
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k] as T]),
  );
}

function compute(c: string): unknown {
  const docs = readDocs(`${DIR}${c}.policies.yaml`);
  const views = docs.filter((d) => policyKind(String(d['type'])) !== undefined).map((d) => asPolicy(d));
  const type = (views.find((v) => v.meta.type !== 'MeshHTTPRoute') ?? views[0])?.meta.type ?? '';
  const policies = views.filter((v) => v.meta.type === type);
  const routes = views.filter((v) => v.meta.type === 'MeshHTTPRoute');
  const gateways = docs.filter((d) => d['type'] === 'MeshGateway').map((d) => gatewayView(metaOf(d), d));
  const dpDoc = readDocs(`${DIR}${c}.dataplane.yaml`)[0] as Doc;
  const dp = withBuiltinGateway(asDataplane(dpDoc), gateways);
  assert.ok(dp.builtinGateway !== undefined, `${c}: the Dataplane serves no MeshGateway`);
  const match = indexPolicies(policies, routes).match(type, dp);
  const destinations = destinationIndex(docs);
  const meshes = new Set(docs.filter((d) => d['type'] === 'Mesh').map((d) => String(d['name'])));
  const toRules = (here: readonly PolicyView[]): ToRules => {
    const withTo = here.filter((p) => list(p.spec['to']).length > 0);
    const legacy = withTo.filter((p) => !list(p.spec['to']).some((i) => (i['targetRef'] as Doc | undefined)?.['kind'] === 'MeshHTTPRoute'));
    const items = legacy.flatMap((policy) => (legacyToItems(policy, routes, hash) ?? []).map((i) => ({ ref: i.ref, data: policy })));
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
    const resource = Object.fromEntries(
      [...resourceRules(entries, destinations, (m) => meshes.has(m))].map(([k, r]) => [
        k,
        r.entries.map((e) => [e.policy.meta.name, e.index] as [string, number]),
      ]),
    );
    return { rules: project(buildLegacyRules(items, false)), resource };
  };
  const from: Record<string, Subsets> = {};
  const inbound: Record<string, [string, number][]> = {};
  const byListener: Record<string, ToRules> = {};
  const keys = [...new Set(match.policies.flatMap((m) => m.selection.inbounds))];
  for (const key of keys) {
    const here = match.policies.filter((m) => m.selection.inbounds.includes(key)).map((m) => m.policy);
    from[key] = project(
      buildLegacyRules(
        here.flatMap((policy) =>
          list(policy.spec['from']).map((item) => ({ ref: readTargetRef(item['targetRef']) ?? { kind: '' }, data: policy })),
        ),
        true,
      ),
    );
    inbound[key] = inboundRules(here, (t) => policyKind(t)?.fromAsRules === true).map((e) => [
      e.policy.meta.name,
      Number(/\[(\d+)\]/.exec(e.item)?.[1]),
    ]);
    byListener[key] = toRules(here);
  }
  const byHostname: Record<string, ToRules> = {};
  for (const [key, here] of match.byGatewayListener) byHostname[key] = toRules(here);
  return { from: sortedKeys(from), inbound: sortedKeys(inbound), byListener: sortedKeys(byListener), byHostname: sortedKeys(byHostname) };
}

function expected(golden: Doc): unknown {
  const map = (value: unknown): Record<string, unknown> => (value ?? {}) as Record<string, unknown>;
  const to = map(golden['ToRules']);
  return {
    from: sortedKeys(Object.fromEntries(Object.entries(map(golden['FromRules'])).map(([k, v]) => [k, goldenSubsets(v)]))),
    inbound: sortedKeys(
      Object.fromEntries(
        Object.entries(map(golden['InboundRules'])).map(([k, v]) => [
          k,
          list(v).map(
            (r) =>
              [String(((r['origin'] as Doc)['Resource'] as Doc)['name']), Number((r['origin'] as Doc)['RuleIndex'])] as [string, number],
          ),
        ]),
      ),
    ),
    byListener: sortedKeys(Object.fromEntries(Object.entries(map(to['ByListener'])).map(([k, v]) => [k, goldenTo(v)]))),
    byHostname: sortedKeys(Object.fromEntries(Object.entries(map(to['ByListenerAndHostname'])).map(([k, v]) => [k, goldenTo(v)]))),
  };
}

test('kuma-2.14 policies matchers meshgateways: GatewayRules per listener and per listener hostname', () => {
  const cases = readdirSync(DIR)
    .filter((f) => f.endsWith('.golden.yaml'))
    .map((f) => f.slice(0, -'.golden.yaml'.length))
    .sort();
  const failures: string[] = [];
  for (const c of cases) {
    const got = compute(c);
    const want = expected((readDocs(`${DIR}${c}.golden.yaml`)[0] ?? {}) as Doc);
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${c}: got ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
    }
  }
  console.log(`kuma-2.14 policies matchers meshgateways: ${cases.length - failures.length}/${cases.length}`);
  if (failures.length > 0) console.log(failures.join('\n'));
  assert.ok(cases.length > 0, `no case in ${DIR}`);
  assert.deepEqual(failures, []);
});
