/**
 * Kuma 2.14 inspect policy views of one Dataplane (Tier B projection), from upstream
 * `pkg/api-server/endpoints_table_test.go`: `/dataplanes/{name}/_policies` (single-item policies),
 * `/_inbounds/{kri}/_policies` (per policy type, the inbound rules' origins of one inbound) and
 * `/_outbounds/{kri}/_policies` (per policy type, the to-entries configuring one destination port,
 * with kuma-cp's fallbacks: the port, the whole service, the mesh), `/_outbounds/{kri}/_routes` (the
 * MeshHTTPRoute/MeshTCPRoute confs of that destination, HTTP route rules merged by matches, each with
 * the route that wrote it) and `/_outbounds/{kri}/_routes/{route}/_policies` (per other policy type,
 * the entries naming the route, else the destination's). Compared: status, error detail,
 * per type (plugin order) the origin KRIs and, for inbounds, each rule's KRI. Confs are not compared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { indexPolicies } from '../../../src/core/policies/match/policy-index.ts';
import { inboundRules } from '../../../src/core/policies/rules/inbound-order.ts';
import { resourceRules } from '../../../src/core/policies/rules/resource-rules.ts';
import { readTargetRef } from '../../../src/core/policies/match/target-ref.ts';
import { mergeHttpRouteRules } from '../../../src/core/policies/rules/http-route-rules.ts';
import { kriOf, kriString } from '../../../src/core/policies/match/kri.ts';
import { policyKind } from '../../../src/core/policies/kinds.ts';
import { asDataplane, asPolicy, destinationIndex, readDocs, type Doc } from './rest-format.ts';

const ROOT = fileURLToPath(new URL('kuma-2.14/policies/inspect/dataplanes/_policies/', CONFORMANCE));

function list(value: unknown): Doc[] {
  return Array.isArray(value) ? (value as Doc[]) : [];
}

function badRequest(detail: string): unknown {
  return { status: 400, detail: `bad request: ${detail}` };
}

/** kri.FromString's checks, in its order. */
function parseKri(text: string): { parts: string[] } | { error: string } {
  const parts = text.split('_');
  if (parts.length !== 7) return { error: `invalid identifier string: ${JSON.stringify(text)}` };
  if (parts[0] !== 'kri') return { error: `identifier must start with 'kri': ${JSON.stringify(text)}` };
  return { parts };
}

function answer(url: string, docs: Doc[]): unknown {
  const path = new URL(url, 'http://api').pathname.split('/');
  const [, , mesh, , name] = path;
  const meshDoc = docs.find((d) => d['type'] === 'Mesh' && d['name'] === mesh);
  const dpDoc = docs.find((d) => d['type'] === 'Dataplane' && d['name'] === name);
  assert.ok(meshDoc !== undefined && dpDoc !== undefined, 'every case names an existing mesh and Dataplane');
  const mode = String((meshDoc['meshServices'] as Doc | undefined)?.['mode'] ?? '');
  if (mode === '' || mode === 'Disabled') return badRequest(`can't use _policies endpoint without meshService enabled`);
  const dp = asDataplane(dpDoc);
  const views = docs.filter((d) => policyKind(String(d['type'])) !== undefined).map((d) => asPolicy(d));
  const routes = views.filter((v) => v.meta.type === 'MeshHTTPRoute');
  const index = indexPolicies(views, routes);
  const types = [...new Set(views.map((v) => v.meta.type))].sort((a, b) => (policyKind(a)?.order ?? 0) - (policyKind(b)?.order ?? 0));
  const kri = (p: { meta: Parameters<typeof kriOf>[0] }): string => kriString(kriOf(p.meta));
  const policies: unknown[] = [];
  if (path[5] === '_policies') {
    for (const type of types) {
      if (policyKind(type)?.singleItem !== true) continue;
      const matched = index.match(type, dp).policies;
      if (matched.length > 0) policies.push({ kind: type, origins: matched.map((m) => kri(m.policy)) });
    }
    return { status: 200, policies };
  }
  const parsed = parseKri(String(path[6]));
  if ('error' in parsed) return badRequest(parsed.error);
  const section = parsed.parts[6] ?? '';
  if (path[5] === '_inbounds') {
    const key = [...dp.inbounds, ...dp.listeners].find((i) => i.sectionName === section)?.key;
    for (const type of types) {
      const here = index
        .match(type, dp)
        .policies.filter((m) => key !== undefined && m.selection.inbounds.includes(key))
        .map((m) => m.policy);
      const rules = inboundRules(here, (t) => policyKind(t)?.fromAsRules === true);
      if (rules.length === 0) continue;
      policies.push({ kind: type, origins: [...new Set(rules.map((r) => kri(r.policy)))], rules: rules.map((r) => kri(r.policy)) });
    }
    return { status: 200, policies };
  }
  const destinations = destinationIndex(docs);
  const wanted = String(path[6]);
  const withoutSection = [...parsed.parts.slice(0, 6), ''].join('_');
  const meshKey = `kri_m____${mesh}_`;
  const isRoute = (type: string): boolean => type === 'MeshHTTPRoute' || type === 'MeshTCPRoute';
  let route: string | undefined;
  if (path[7] === '_routes' && path[8] !== undefined) {
    const parsedRoute = parseKri(String(path[8]));
    if ('error' in parsedRoute) return badRequest(parsedRoute.error);
    route = String(path[8]);
  }
  const routeConfs: unknown[] = [];
  for (const type of types) {
    // `_routes` lists the route kinds only; a route's `_policies` every other kind.
    if (path[7] === '_routes' && isRoute(type) !== (route === undefined)) continue;
    const policiesWithTo = index
      .match(type, dp)
      .policies.map((m) => m.policy)
      .filter((p) => p.targetRef.kind !== 'MeshHTTPRoute');
    const entries = policiesWithTo.flatMap((policy) =>
      list(policy.spec['to']).map((item, i) => ({ policy, index: i, ref: readTargetRef(item['targetRef']) ?? { kind: '' }, data: item })),
    );
    const rules = resourceRules(entries, destinations, () => true);
    // ResourceRules.Compute: the route, else the port, else the whole service, else the mesh.
    const rule =
      (route === undefined ? undefined : rules.get(route)) ?? rules.get(wanted) ?? rules.get(withoutSection) ?? rules.get(meshKey);
    if (rule === undefined) continue;
    const origins = [...new Set(rule.entries.map((e) => kri(e.policy)))];
    if (path[7] !== '_routes' || route !== undefined) {
      policies.push({ kind: type, origins });
      continue;
    }
    // A MeshTCPRoute conf merges into one rule (no matches, no rule origin); MeshHTTPRoute rules merge by matches.
    const routeRules: { kri: string; matches: unknown }[] = [];
    if (type === 'MeshTCPRoute') routeRules.push({ kri: '', matches: null });
    else
      for (const r of mergeHttpRouteRules(rule.entries.map((e) => ({ origin: e.policy, rules: e.data['rules'] }))))
        routeRules.push({ kri: kri(r.origin), matches: r.matches ?? null });
    routeConfs.push({ kind: type, origins, rules: routeRules });
  }
  if (path[7] === '_routes' && route === undefined) return { status: 200, routes: routeConfs };
  return { status: 200, policies };
}

function expected(status: number, body: Doc): unknown {
  if (status !== 200) return { status, detail: body['detail'] };
  const kris = (value: unknown): string[] => list(value).map((o) => String(o['kri']));
  if (body['routes'] !== undefined)
    return {
      status,
      routes: list(body['routes']).map((r) => ({
        kind: r['kind'],
        origins: kris(r['origins']),
        rules: list(r['rules']).map((x) => ({ kri: String(x['kri'] ?? ''), matches: x['matches'] ?? null })),
      })),
    };
  return {
    status,
    policies: list(body['policies']).map((p) => ({
      kind: p['kind'],
      origins: kris(p['origins']),
      ...(p['rules'] === undefined ? {} : { rules: list(p['rules']).map((r) => String(r['kri'])) }),
    })),
  };
}

function runFolder(folder: string, label: string, ruleLists: boolean): void {
  const dir = `${ROOT}${folder}`;
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.input.yaml'))
    .map((f) => f.slice(0, -'.input.yaml'.length))
    .sort();
  const failures: string[] = [];
  for (const c of cases) {
    const text = readFileSync(`${dir}${c}.input.yaml`, 'utf8');
    const header = /^#(\S+) (\d+)/.exec(text);
    assert.ok(header !== null, `${c}: no header`);
    let got = answer(header[1] as string, readDocs(`${dir}${c}.input.yaml`)) as { policies?: { rules?: unknown }[] };
    if (!ruleLists && got.policies !== undefined) got = { ...got, policies: got.policies.map(({ rules: _rules, ...p }) => p) };
    const want = expected(Number(header[2]), JSON.parse(readFileSync(`${dir}${c}.golden.json`, 'utf8')) as Doc);
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${c}: got ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
    }
  }
  console.log(`${label}: ${cases.length - failures.length}/${cases.length}`);
  if (failures.length > 0) console.log(failures.join('\n'));
  assert.ok(cases.length > 0, `no case in ${dir}`);
  assert.deepEqual(failures, []);
}

test('kuma-2.14 policies inspect dataplanes/_policies', () => runFolder('', 'kuma-2.14 policies inspect dataplanes/_policies', false));
test('kuma-2.14 policies inspect dataplanes/_policies/inbounds', () =>
  runFolder('inbounds/', 'kuma-2.14 policies inspect dataplanes/_policies/inbounds', true));
test('kuma-2.14 policies inspect dataplanes/_policies/outbounds', () =>
  runFolder('outbounds/', 'kuma-2.14 policies inspect dataplanes/_policies/outbounds', false));
test('kuma-2.14 policies inspect dataplanes/_policies/routes', () =>
  runFolder('routes/', 'kuma-2.14 policies inspect dataplanes/_policies/routes', false));
test('kuma-2.14 policies inspect dataplanes/_routes', () =>
  runFolder('../_routes/', 'kuma-2.14 policies inspect dataplanes/_routes', false));
