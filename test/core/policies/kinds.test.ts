import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CONFORMANCE } from '../../conformance/conformance-dir.ts';
import { POLICY_KINDS, TARGET_REF_KINDS, classifyKumaKind, policyKind } from '../../../src/core/policies/kinds.ts';

const CRDS = fileURLToPath(new URL('kuma-2.14/policies/crds/', CONFORMANCE));

test('the kind table names every upstream policy CRD with its plural, and only those', () => {
  const policyCrds = readdirSync(CRDS)
    .map(
      (file) =>
        parse(readFileSync(`${CRDS}${file}`, 'utf8')) as { spec: { names: { kind: string; plural: string; categories?: string[] } } },
    )
    .filter((crd) => crd.spec.names.categories?.includes('kuma') && policyKind(crd.spec.names.kind) !== undefined);
  assert.equal(POLICY_KINDS.length, 16);
  assert.deepEqual(policyCrds.map((crd) => crd.spec.names.kind).sort(), POLICY_KINDS.map((k) => k.kind).sort());
  for (const crd of policyCrds) assert.equal(policyKind(crd.spec.names.kind)?.plural, crd.spec.names.plural);
});

test('the targetRef kinds of the table are those the CRD enum admits, and every position lists only those', () => {
  const crd = parse(readFileSync(`${CRDS}kuma.io_meshtimeouts.yaml`, 'utf8')) as Record<string, any>;
  const enumKinds = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.targetRef.properties.kind.enum as string[];
  assert.deepEqual([...enumKinds].sort(), [...TARGET_REF_KINDS].sort());
  for (const info of POLICY_KINDS) {
    for (const [position, kinds] of Object.entries(info.allowed)) {
      for (const k of kinds) assert.ok(TARGET_REF_KINDS.includes(k), `${info.kind} ${position}: ${k}`);
    }
    // Kinds without to/from admit nothing there; single-item kinds have neither.
    if (!info.hasTo) assert.deepEqual(info.allowed.to, [], info.kind);
    if (!info.hasFrom) assert.deepEqual(info.allowed.from, [], info.kind);
    assert.equal(info.singleItem, !info.hasTo && !info.hasFrom && !info.hasRules);
    // MeshExternalService and MeshMultiZoneService are never a top-level target (spec §2.2).
    for (const top of [info.allowed.topSystem, info.allowed.topNonSystem]) {
      assert.ok(!top.includes('MeshExternalService') && !top.includes('MeshMultiZoneService'), info.kind);
      assert.ok(top.includes('Dataplane'), info.kind);
    }
  }
});

test('KRI short names are unique and match the spec table', () => {
  const shorts = POLICY_KINDS.map((k) => k.short);
  assert.equal(new Set(shorts).size, shorts.length);
  assert.equal(policyKind('MeshTrafficPermission')?.short, 'mtp');
  assert.equal(policyKind('MeshHTTPRoute')?.short, 'mhttpr');
  assert.equal(policyKind('MeshTrace')?.short, 'mtr');
});

test('every Kuma kind is classified: policy, legacy, enterprise, resource or unknown', () => {
  assert.equal(classifyKumaKind('MeshTimeout'), 'policy');
  assert.equal(classifyKumaKind('TrafficPermission'), 'legacy-policy');
  assert.equal(classifyKumaKind('Timeout'), 'legacy-policy');
  assert.equal(classifyKumaKind('MeshOPA'), 'enterprise-policy');
  assert.equal(classifyKumaKind('MeshGlobalRateLimit'), 'enterprise-policy');
  assert.equal(classifyKumaKind('MeshService'), 'resource');
  assert.equal(classifyKumaKind('Mesh'), 'resource');
  assert.equal(classifyKumaKind('MeshGRPCRoute'), 'unknown');
  assert.equal(classifyKumaKind('meshtimeout'), 'unknown');
});
