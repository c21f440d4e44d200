/**
 * Kuma 2.14 inspect API, Tier A: which Dataplanes a policy selects
 * (`/meshes/{mesh}/{policies}/{name}/_resources/dataplanes`, new-style and legacy policies) and which
 * Dataplanes back a MeshService (`/meshes/{mesh}/meshservices/{name}/_dataplanes` and its legacy
 * `_resources/dataplanes` path), from upstream `pkg/api-server/endpoints_table_test.go`. Compared:
 * the HTTP status, the ordered `items` (name, mesh, type, labels) and `total`, or the error body.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../conformance-dir.ts';
import { indexPolicies } from '../../../src/core/policies/match/policy-index.ts';
import { legacySelects } from '../../../src/core/policies/match/legacy-match.ts';
import { readSelector, selectsDataplane } from '../../../src/core/policies/meshservice/selector.ts';
import type { DataplaneView } from '../../../src/core/policies/match/dataplane-view.ts';
import { asDataplane, asPolicy, readDocs, type Doc } from './rest-format.ts';

const ROOT = fileURLToPath(new URL('kuma-2.14/policies/inspect/', CONFORMANCE));

/** The REST paths of the types these goldens ask about (kuma-cp's WsPath). */
const TYPE_OF_PATH: Record<string, string> = {
  meshtrafficpermissions: 'MeshTrafficPermission',
  meshtimeouts: 'MeshTimeout',
  meshgatewayroutes: 'MeshGatewayRoute',
  proxytemplates: 'ProxyTemplate',
  retries: 'Retry',
  meshservices: 'MeshService',
};

interface Response {
  status: number;
  body: unknown;
}

function notFound(title: string): Response {
  return { status: 404, body: { type: '/std-errors', status: 404, title, detail: 'Not found', details: 'Not found' } };
}

function answer(url: string, docs: Doc[]): Response {
  const parsed = new URL(url, 'http://api');
  const [, meshes, mesh, path, name] = parsed.pathname.split('/');
  assert.equal(meshes, 'meshes');
  const type = TYPE_OF_PATH[path as string];
  assert.ok(type !== undefined, `no type for ${path}`);
  if (!docs.some((d) => d['type'] === 'Mesh' && d['name'] === mesh)) return notFound('Failed to retrieve Mesh');
  const subject = docs.find((d) => d['type'] === type && d['name'] === name && (d['mesh'] ?? 'default') === mesh);
  if (subject === undefined) return notFound('Could not retrieve policy');
  const dpDocs = docs.filter((d) => d['type'] === 'Dataplane' && d['mesh'] === mesh);
  const views = new Map<DataplaneView, Doc>(dpDocs.map((d) => [asDataplane(d), d]));
  let selects: (dp: DataplaneView) => boolean;
  if (type === 'MeshService') {
    const selector = readSelector((subject['spec'] as Doc | undefined)?.['selector']);
    selects = (dp) => selectsDataplane(selector, dp);
  } else if (subject['spec'] !== undefined) {
    const policy = asPolicy(subject);
    const routes = docs.filter((d) => d['type'] === 'MeshHTTPRoute').map((d) => asPolicy(d));
    const index = indexPolicies([policy], routes);
    selects = (dp) => index.match(type, dp).policies.some((m) => m.policy === policy);
  } else {
    selects = (dp) => legacySelects(subject, dp);
  }
  const contains = parsed.searchParams.get('name') ?? '';
  const matched = [...views.keys()]
    .filter((dp) => dp.meta.name.includes(contains) && selects(dp))
    .sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  const offset = Number(parsed.searchParams.get('offset') ?? '0');
  const size = parsed.searchParams.has('size') ? Number(parsed.searchParams.get('size')) : matched.length;
  const items = matched.slice(offset, offset + size).map((dp) => {
    const doc = views.get(dp) as Doc;
    return { labels: (doc['labels'] as Record<string, string> | undefined) ?? {}, mesh: doc['mesh'], name: doc['name'], type: 'Dataplane' };
  });
  return { status: 200, body: { items, total: matched.length } };
}

function runFolder(folder: string, label: string): void {
  const dir = `${ROOT}${folder}`;
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.input.yaml'))
    .map((f) => f.slice(0, -'.input.yaml'.length));
  const failures: string[] = [];
  for (const c of cases) {
    const text = readFileSync(`${dir}${c}.input.yaml`, 'utf8');
    const header = /^#(\S+) (\d+)/.exec(text);
    assert.ok(header !== null, `${c}: no '#URL status' header`);
    const got = answer(header[1] as string, readDocs(`${dir}${c}.input.yaml`));
    const want = { status: Number(header[2]), body: JSON.parse(readFileSync(`${dir}${c}.golden.json`, 'utf8')) as unknown };
    try {
      assert.deepEqual(got, want);
    } catch {
      failures.push(`${c}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
  console.log(`${label}: ${cases.length - failures.length}/${cases.length}`);
  assert.ok(cases.length > 0, `no case in ${dir}`);
  assert.deepEqual(failures, []);
}

test('kuma-2.14 policies inspect policy -> Dataplanes', () => {
  runFolder('policies/_resources/dataplanes/', 'kuma-2.14 policies inspect policies/_resources/dataplanes');
});

test('kuma-2.14 policies inspect MeshService -> Dataplanes', () => {
  runFolder('meshservices/_dataplanes/', 'kuma-2.14 policies inspect meshservices/_dataplanes');
});
