import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostnameGroups, mergeHttpRouteRules } from '../../../src/core/policies/rules/http-route-rules.ts';

const prefix = (value: string) => [{ path: { type: 'PathPrefix', value } }];

test('MeshHTTPRoute rules merge by matches: the entry merged last first, its rule winning a shared match', () => {
  const merged = mergeHttpRouteRules([
    { origin: 'a', rules: [{ matches: prefix('/a') }, { matches: prefix('/shared') }] },
    { origin: 'b', rules: [{ matches: [{ path: { value: '/shared', type: 'PathPrefix' } }] }, { matches: prefix('/b') }] },
  ]);
  // Field order inside a match does not make two matches different.
  assert.deepEqual(
    merged.map((r) => [r.origin, (r.matches as { path: { value: string } }[])[0]?.path.value]),
    [
      ['b', '/shared'],
      ['b', '/b'],
      ['a', '/a'],
    ],
  );
});

test('entries without rules contribute nothing; distinct matches of one entry all stay, in order', () => {
  const merged = mergeHttpRouteRules([
    { origin: 'a', rules: [{ matches: prefix('/x') }, { matches: [{ method: 'GET' }] }] },
    { origin: 'b', rules: undefined },
    { origin: 'c', rules: [{ matches: prefix('/c') }, { matches: [{ method: 'GET' }] }] },
  ]);
  assert.deepEqual(
    merged.map((r) => r.origin),
    ['c', 'c', 'a'],
  );
  assert.deepEqual(mergeHttpRouteRules([]), []);
});

test('MeshHTTPRoute to-items merge into one conf per hostname named, plus one for items naming none, in first-appearance order', () => {
  assert.deepEqual(hostnameGroups([undefined, ['b.com', 'a.com'], [], ['a.com', 'c.com']]), ['', 'b.com', 'a.com', 'c.com']);
  assert.deepEqual(hostnameGroups([['x.com'], undefined]), ['x.com', '']);
  assert.deepEqual(hostnameGroups([]), []);
});
