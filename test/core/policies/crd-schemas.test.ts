import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE } from '../../conformance/conformance-dir.ts';
// @ts-expect-error: a plain .mjs build script without types
import { readCrdSchemas } from '../../../scripts/policy-crds.mjs';
import { hasCrdSchema, validateCrdSchema, fieldPath } from '../../../src/core/policies/crd/crd-schema.ts';
import { POLICY_KINDS } from '../../../src/core/policies/kinds.ts';

const VENDORED = JSON.parse(readFileSync(new URL('../../../src/core/policies/crd/schemas.json', import.meta.url), 'utf8')) as { source: string; schemas: Record<string, unknown> };

test('the vendored CRD schemas are the upstream CRDs of the chart, descriptions left out', () => {
  const upstream = readCrdSchemas(fileURLToPath(new URL('kuma-2.14/policies/crds/', CONFORMANCE)));
  assert.deepEqual(VENDORED.schemas, upstream);
  assert.match(VENDORED.source, /v2\.14\.3/);
});

test('every policy kind has a compiled schema; an unknown kind has none', () => {
  for (const { kind } of POLICY_KINDS) assert.ok(hasCrdSchema(kind), kind);
  assert.equal(hasCrdSchema('MeshGRPCRoute'), false);
  assert.deepEqual(validateCrdSchema('MeshGRPCRoute', { spec: 1 }), []);
});

test('schema errors point at Kuma-style fields, and null fields are pruned as the API server does', () => {
  assert.equal(fieldPath('/spec/to/0/targetRef/tags/kuma.io~1zone'), 'spec.to[0].targetRef.tags["kuma.io/zone"]');
  const base = { apiVersion: 'kuma.io/v1alpha1', kind: 'MeshTimeout', metadata: { name: 'x' } };
  assert.deepEqual(validateCrdSchema('MeshTimeout', { ...base, spec: { to: [{ targetRef: { kind: 'Mesh' }, default: { idleTimeout: '1s', http: null } }] } }), []);
  assert.deepEqual(
    validateCrdSchema('MeshTimeout', { ...base, spec: { targetRef: { kind: 'Mesh', proxyTypes: ['Sidecars'] }, to: 'all' } }).map((v) => v.field),
    ['spec.targetRef.proxyTypes[0]', 'spec.to'],
  );
  // Top-level fields the CRD does not declare are refused too (a legacy top-level `mesh:`).
  assert.deepEqual(validateCrdSchema('MeshTimeout', { ...base, mesh: 'default', spec: {} }).map((v) => v.field), ['mesh']);
});
