/**
 * Kuma 2.14 inspect `/meshes/{mesh}/dataplanes/{name}/_rules` and `/meshes/{mesh}/meshgateways/{name}/_rules`
 * (Tier B projection), from upstream `pkg/api-server/endpoints_table_test.go`: per policy type that
 * matches the Dataplane (in plugin order), the legacy from rules per inbound, the inbound rules per
 * inbound, the legacy to rules, the real-resource to rules and the single-item rule, each as ordered
 * origins; the MeshHTTPRoute match hashes; the errors. For a MeshGateway, kuma-cp inspects a
 * built-in gateway Dataplane it makes up from the gateway (its meta, no address, the tags of the
 * first selector), which then serves whichever MeshGateway selects it. Built-in gateway Dataplanes
 * serve the MeshGateway that selects them; their listeners count as inbounds. Merged confs are not
 * compared. The `_config` goldens need generated Envoy config and are out of scope (listed, not counted).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { indexPolicies } from '../../../src/core/policies/match/policy-index.ts';
import { buildLegacyRules, type LegacyRule } from '../../../src/core/policies/rules/legacy-rules.ts';
import { inboundRules } from '../../../src/core/policies/rules/inbound-order.ts';
import { resourceRules } from '../../../src/core/policies/rules/resource-rules.ts';
import { legacyToItems, matchesJson } from '../../../src/core/policies/rules/routes-to-items.ts';
import { hostnameGroups } from '../../../src/core/policies/rules/http-route-rules.ts';
import { MESH_REF, readTargetRef } from '../../../src/core/policies/match/target-ref.ts';
import { gatewayView, withBuiltinGateway } from '../../../src/core/policies/match/gateway.ts';
import type { DataplaneView } from '../../../src/core/policies/match/dataplane-view.ts';
import { policyKind } from '../../../src/core/policies/kinds.ts';
import type { PolicyView } from '../../../src/core/policies/match/policy-view.ts';
import { asDataplane, asPolicy, destinationIndex, metaOf, readDocs, type Doc } from './rest-format.ts';

const DIR = fileURLToPath(new URL('kuma-2.14/policies/inspect/dataplanes/_rules/', CONFORMANCE));
const GATEWAY_DIR = fileURLToPath(new URL('kuma-2.14/policies/inspect/meshgateways/_rules/', CONFORMANCE));
const hash = (json: string): string => createHash('sha256').update(json).digest('base64');

function list(value: unknown): Doc[] {
  return Array.isArray(value) ? (value as Doc[]) : [];
}

type Subsets = { matchers: [string, string, boolean][]; origins: string[] }[];
const subsets = (rules: readonly LegacyRule<PolicyView>[] | undefined): Subsets =>
  (rules ?? []).map((r) => ({
    matchers: r.subset.map((t) => [t.key, t.value, t.not]),
    origins: [...new Set(r.items.map((i) => i.data.meta.name))],
  }));

/** The Dataplane a `_rules` call inspects, or the error response. */
function subject(docs: Doc[], kind: string, mesh: string, name: string): DataplaneView | { status: number; title: string } {
  if (!docs.some((d) => d['type'] === 'Mesh' && d['name'] === mesh)) return { status: 404, title: 'Failed to retrieve Mesh' };
  const type = kind === 'meshgateways' ? 'MeshGateway' : 'Dataplane';
  const doc = docs.find((d) => d['type'] === type && d['name'] === name && d['mesh'] === mesh);
  if (doc === undefined) return { status: 404, title: `Could not retrieve ${type}` };
  const gateways = docs.filter((d) => d['type'] === 'MeshGateway' && d['mesh'] === mesh).map((d) => gatewayView(metaOf(d), d));
  if (type === 'Dataplane') return withBuiltinGateway(asDataplane(doc), gateways);
  const selectors = gatewayView(metaOf(doc), doc).selectors;
  if (selectors.length === 0) return { status: 400, title: 'Invalid MeshGateway' };
  return withBuiltinGateway(asDataplane({ networking: { gateway: { type: 'BUILTIN', tags: selectors[0] } } }, metaOf(doc)), gateways);
}

function compute(docs: Doc[], kind: string, mesh: string, name: string): unknown {
  const dp = subject(docs, kind, mesh, name);
  if ('status' in dp) return dp;
  const meshDoc = docs.find((d) => d['type'] === 'Mesh' && d['name'] === mesh) as Doc;
  const mode = String((meshDoc['meshServices'] as Doc | undefined)?.['mode'] ?? '');
  const views = docs
    .filter((d) => policyKind(String(d['type'])) !== undefined && (d['mesh'] ?? 'default') === mesh)
    .map((d) => asPolicy(d));
  const routes = views.filter((v) => v.meta.type === 'MeshHTTPRoute');
  const index = indexPolicies(views, routes);
  const destinations = destinationIndex(docs);
  const types = [...new Set(views.map((v) => v.meta.type))].sort((a, b) => (policyKind(a)?.order ?? 0) - (policyKind(b)?.order ?? 0));
  const keys = [
    ...dp.inbounds.map((i) => ({ key: i.key, port: i.port })),
    ...dp.listeners.map((l) => ({ key: l.key, port: Number(l.key.split(':').pop()) })),
  ];
  for (const l of dp.builtinGateway?.listeners ?? []) if (!keys.some((k) => k.key === l.key)) keys.push({ key: l.key, port: l.port });
  keys.sort((a, b) => a.port - b.port);
  const httpMatches = new Set<string>();
  const rules = [];
  for (const type of types) {
    const matched = index.match(type, dp).policies;
    if (matched.length === 0) continue;
    const info = policyKind(type);
    const from: unknown[] = [];
    const inbound: unknown[] = [];
    for (const { key, port } of keys) {
      const here = matched.filter((m) => m.selection.inbounds.includes(key)).map((m) => m.policy);
      if (here.length === 0) continue;
      const legacy = subsets(
        buildLegacyRules(
          here.flatMap((p) => list(p.spec['from']).map((item) => ({ ref: readTargetRef(item['targetRef']) ?? { kind: '' }, data: p }))),
          true,
        ),
      );
      if (legacy.length > 0) from.push({ port, rules: legacy });
      const newRules = inboundRules(here, (t) => policyKind(t)?.fromAsRules === true).map((e) => [
        e.policy.meta.name,
        Number(/\[(\d+)\]/.exec(e.item)?.[1]),
      ]);
      if (newRules.length > 0) inbound.push({ port, rules: newRules });
    }
    const policies = matched.map((m) => m.policy);
    if (type === 'MeshHTTPRoute')
      for (const p of policies)
        for (const to of list(p.spec['to'])) for (const rule of list(to['rules'])) httpMatches.add(hash(matchesJson(rule['matches'])));
    const withTo = policies.filter((p) => list(p.spec['to']).length > 0);
    const legacyItems = withTo
      .filter((p) => !list(p.spec['to']).some((i) => (i['targetRef'] as Doc | undefined)?.['kind'] === 'MeshHTTPRoute'))
      .flatMap((policy) =>
        (legacyToItems(policy, routes, hash) ?? []).map((i) => ({
          ref: i.ref,
          data: { ...policy, hostnames: list(policy.spec['to'])[i.index]?.['hostnames'] },
        })),
      );
    // A rule holds one merged conf per hostname group (MeshHTTPRoute), each listed as its own rule.
    const legacyTo =
      mode === 'Exclusive'
        ? []
        : (buildLegacyRules(legacyItems, false) ?? []).flatMap((rule) =>
            Array<Subsets[number]>(type === 'MeshHTTPRoute' ? hostnameGroups(rule.items.map((i) => i.data.hostnames)).length : 1).fill(
              subsets([rule])[0] as Subsets[number],
            ),
          );
    const entries = withTo
      .filter((p) => p.targetRef.kind !== 'MeshHTTPRoute')
      .flatMap((policy) =>
        list(policy.spec['to']).map((item, i) => ({
          policy,
          index: i,
          ref: readTargetRef(item['targetRef']) ?? { kind: '' },
          data: undefined,
        })),
      );
    const resource = [...resourceRules(entries, destinations, () => true).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, r]) => ({
        resource: [r.id.type, r.id.name, r.id.sectionName],
        origins: r.entries.map((e) => [e.policy.meta.name, e.index]),
      }));
    const proxy =
      info?.singleItem === true
        ? subsets(
            buildLegacyRules(
              policies.map((p) => ({ ref: MESH_REF, data: p })),
              false,
            ),
          ).map((r) => r.origins)
        : [];
    rules.push({ type, from, inbound, to: legacyTo, resource, proxy });
  }
  return { status: 200, httpMatches: [...httpMatches].sort(), rules };
}

function expected(status: number, body: Doc): unknown {
  if (status !== 200) return { status, title: body['title'] };
  const names = (origins: Doc[] | undefined): string[] => (origins ?? []).map((o) => String(o['name']));
  return {
    status,
    httpMatches: list(body['httpMatches'])
      .map((m) => String(m['hash']))
      .sort(),
    rules: list(body['rules']).map((r) => ({
      type: r['type'],
      from: list(r['fromRules'])
        .map((e) => ({
          port: (e['inbound'] as Doc)['port'],
          rules: list(e['rules']).map((x) => ({
            matchers: list(x['matchers']).map((m) => [m['key'], m['value'], m['not']]),
            origins: names(list(x['origin'])),
          })),
        }))
        .filter((e) => e.rules.length > 0),
      inbound: list(r['inboundRules'])
        .map((e) => ({
          port: (e['inbound'] as Doc)['port'],
          rules: list(e['rules']).flatMap((x) =>
            list(x['origin']).map((o) => [String((o['resourceMeta'] as Doc)['name']), o['ruleIndex']]),
          ),
        }))
        .filter((e) => e.rules.length > 0),
      to: list(r['toRules']).map((x) => ({
        matchers: list(x['matchers']).map((m) => [m['key'], m['value'], m['not']]),
        origins: names(list(x['origin'])),
      })),
      resource: list(r['toResourceRules']).map((x) => ({
        resource: [(x['resourceMeta'] as Doc)['type'], (x['resourceMeta'] as Doc)['name'], x['resourceSectionName'] ?? ''],
        origins: list(x['origin']).map((o) => [String((o['resourceMeta'] as Doc)['name']), o['ruleIndex']]),
      })),
      proxy: r['proxyRule'] === undefined || r['proxyRule'] === null ? [] : [names(list((r['proxyRule'] as Doc)['origin']))],
    })),
  };
}

function runFolder(dir: string, label: string): void {
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.input.yaml'))
    .map((f) => f.slice(0, -'.input.yaml'.length))
    .sort();
  const failures: string[] = [];
  let runs = 0;
  const skipped: string[] = [];
  for (const c of cases) {
    const text = readFileSync(`${dir}${c}.input.yaml`, 'utf8');
    // The call is the first `#/...` line (comments may precede it).
    const header = /^#(\/\S+) (\d+)/m.exec(text);
    assert.ok(header !== null, `${c}: no header`);
    const url = new URL(header[1] as string, 'http://api');
    const [, , mesh, kind, name, endpoint] = url.pathname.split('/');
    if (endpoint !== '_rules') {
      skipped.push(`${c} (${endpoint}: generated Envoy config)`);
      continue;
    }
    runs++;
    const got = compute(readDocs(`${dir}${c}.input.yaml`), String(kind), String(mesh), String(name));
    const want = expected(Number(header[2]), JSON.parse(readFileSync(`${dir}${c}.golden.json`, 'utf8')) as Doc);
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${c}: got ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
    }
  }
  console.log(
    `${label}: ${runs - failures.length}/${runs}${skipped.length > 0 ? ` (${skipped.length} not compared: ${skipped.join('; ')})` : ''}`,
  );
  if (failures.length > 0) console.log(failures.join('\n'));
  assert.ok(runs > 0, `no case in ${dir}`);
  assert.deepEqual(failures, []);
}

test('kuma-2.14 policies inspect dataplanes/_rules: rule origins per type, inbound and destination', () =>
  runFolder(DIR, 'kuma-2.14 policies inspect dataplanes/_rules'));
test('kuma-2.14 policies inspect meshgateways/_rules: rule origins of the gateway Dataplane kuma-cp makes up', () =>
  runFolder(GATEWAY_DIR, 'kuma-2.14 policies inspect meshgateways/_rules'));
