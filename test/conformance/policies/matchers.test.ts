/**
 * Kuma 2.14 policy matching, Tier A: the ordered `DataplanePolicies` of upstream
 * `pkg/plugins/policies/core/matchers/dataplane_test.go` ("should return a list of
 * DataplanePolicies" and "should match by kind Dataplane" under every meta context of
 * contexts.yaml), compared by `items[].name` and `items[].kri` in order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { indexPolicies } from '../../../src/core/policies/match/policy-index.ts';
import { kriOf, kriString } from '../../../src/core/policies/match/kri.ts';
import type { PolicyView } from '../../../src/core/policies/match/policy-view.ts';
import type { DataplaneView } from '../../../src/core/policies/match/dataplane-view.ts';
import { applyContext, asDataplane, asPolicy, hashedName, metaOf, readDocs, type Contexts, type Doc } from './rest-format.ts';

const ROOT = fileURLToPath(new URL('kuma-2.14/policies/', CONFORMANCE));
const SET = `${ROOT}matchers/matchedpolicies/`;

/** What the golden says: `[name, kri]` in order. */
function expected(path: string): [string, string][] {
  const golden = readDocs(path)[0] as { items?: Doc[] };
  return (golden.items ?? []).map((item) => [String(item['name']), String(item['kri'])]);
}

function matched(dp: DataplaneView, policies: PolicyView[], routes: PolicyView[]): [string, string][] {
  const type = policies[0]?.meta.type ?? '';
  const index = indexPolicies(policies, routes);
  return index.match(type, dp).policies.map(({ policy }) => [policy.meta.name, kriString(kriOf(policy.meta))]);
}

/** Policies of the file's first type; MeshHTTPRoutes beside them are routes a ref may name. */
function split(docs: Doc[], toPolicy: (d: Doc) => PolicyView): { policies: PolicyView[]; routes: PolicyView[] } {
  const type = String(docs.find((d) => d['type'] !== 'Mesh')?.['type'] ?? '');
  const views = docs.filter((d) => d['type'] !== 'Mesh').map(toPolicy);
  return { policies: views.filter((v) => v.meta.type === type), routes: views.filter((v) => v.meta.type === 'MeshHTTPRoute') };
}

test('HashedName reproduces the names contexts.yaml quotes', () => {
  assert.equal(hashedName('mesh-1', 'mtp-1'), 'mtp-1-z7488b7w74xc78b7');
  assert.equal(hashedName('mesh-1', 'mtp-1', 'kuma-system'), 'mtp-1-w6b2779598z4fd75');
});

test('kuma-2.14 policies matchers dataplanepolicies: exact order of names and KRIs', () => {
  const dir = `${SET}dataplanepolicies/`;
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.golden.yaml'))
    .map((f) => f.slice(0, -'.golden.yaml'.length));
  const failures: string[] = [];
  for (const c of cases) {
    const { policies, routes } = split(readDocs(`${dir}${c}.policies.yaml`), (d) => asPolicy(d));
    // Upstream hands MatchedPolicies every resource of the test, whatever its mesh ('delegated'
    // puts the Dataplane in mesh-1 and the policies in default); kuma-cp itself only ever matches
    // a mesh's own policies, which the index does by filing per mesh. So the Dataplane is read as
    // being in the policies' mesh.
    const dpDoc = readDocs(`${dir}${c}.dataplane.yaml`)[0] as Doc;
    const dp = asDataplane(dpDoc, { ...metaOf(dpDoc), mesh: policies[0]?.meta.mesh ?? String(dpDoc['mesh']) });
    const got = matched(dp, policies, routes);
    const want = expected(`${dir}${c}.golden.yaml`);
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${c}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
  console.log(`kuma-2.14 policies matchers dataplanepolicies: ${cases.length - failures.length}/${cases.length}`);
  assert.ok(cases.length > 0, `no case in ${dir}`);
  assert.deepEqual(failures, []);
});

test('kuma-2.14 policies matchers dataplane-kind: every case under every context', () => {
  const dir = `${SET}dataplane-kind/`;
  const contexts = readDocs(`${ROOT}contexts.yaml`)[0] as unknown as Contexts & {
    matchersDataplaneKind: { contexts: { golden: string; dataplane: string; policy: string }[] };
  };
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.dataplane.yaml'))
    .map((f) => f.slice(0, -'.dataplane.yaml'.length));
  const failures: string[] = [];
  let runs = 0;
  for (const c of cases) {
    for (const ctx of contexts.matchersDataplaneKind.contexts) {
      const golden = `${dir}${c}/${ctx.golden}.golden.yaml`;
      assert.ok(existsSync(golden), `missing golden ${golden}`);
      runs++;
      const dpDoc = readDocs(`${dir}${c}.dataplane.yaml`)[0] as Doc;
      const dp = asDataplane(dpDoc, applyContext(ctx.dataplane, contexts, metaOf(dpDoc)));
      const { policies, routes } = split(readDocs(`${dir}${c}.policies.yaml`), (d) =>
        asPolicy(d, applyContext(ctx.policy, contexts, metaOf(d))),
      );
      const got = matched(dp, policies, routes);
      const want = expected(golden);
      try {
        assert.deepEqual(got, want);
      } catch {
        failures.push(`${c}/${ctx.golden}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      }
    }
  }
  console.log(`kuma-2.14 policies matchers dataplane-kind: ${runs - failures.length}/${runs}`);
  assert.ok(runs > 0, `no case in ${dir}`);
  assert.deepEqual(failures, []);
});
