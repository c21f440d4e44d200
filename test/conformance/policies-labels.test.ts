/**
 * Kuma 2.14 admission labels for policies: ComputePolicyRole (10 cases), Compute (the 3 policy
 * cases) and the defaulting webhook (10 cases) of ../shared/conformance/kuma-2.14/policies/labels,
 * each compared exactly with the upstream expectation (role or error text, full label map, the
 * defaulted object JSON-semantically).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CONFORMANCE } from './conformance-dir.ts';
import { computeLabels, computePolicyRole, policyNamespace } from '../../src/core/policies/labels.ts';
import { descriptorOf } from '../../src/core/policies/descriptors.ts';
import { defaultObject } from '../../src/core/policies/defaulter.ts';
import type { JsonObject } from '../../src/core/types.ts';

const DIR = fileURLToPath(new URL('kuma-2.14/policies/labels/', CONFORMANCE));
const SYSTEM_NAMESPACE = 'kuma-system';

interface RoleCase {
  id: string;
  namespace: { value: string; system: boolean };
  spec: Record<string, unknown>;
  expect: { role: string; error?: string };
}
interface ComputeCase {
  id: string;
  options: { mode: 'zone' | 'global'; isK8s: boolean; localZone: string };
  resource: { kind: string; mesh: string; name: string; namespace: string | null; spec?: Record<string, unknown> };
  expect: { labels: Record<string, string> };
}
interface DefaulterCase {
  id: string;
  admissionRequest: { namespace: string; kind: string; username?: string };
  checker: {
    allowedUsers: string[];
    systemNamespace: string;
    mode: 'zone' | 'global';
    federatedZone: boolean;
    disableOriginLabelValidation: boolean;
    zoneName?: string;
  };
  inputObject: string;
  expectedObject: string;
}

const roles = parse(readFileSync(`${DIR}compute-policy-role.cases.yaml`, 'utf8')) as {
  computePolicyRole: RoleCase[];
  compute: ComputeCase[];
};
const defaulter = parse(readFileSync(`${DIR}defaulter.cases.yaml`, 'utf8')) as { cases: DefaulterCase[] };

test('kuma-2.14 policies labels: ComputePolicyRole, Compute and the defaulter match upstream', () => {
  const failures: string[] = [];
  let total = 0;
  for (const c of roles.computePolicyRole) {
    total++;
    const namespace = c.namespace.system
      ? { value: c.namespace.value, system: true }
      : policyNamespace(c.namespace.value, SYSTEM_NAMESPACE);
    const got = computePolicyRole('MeshTimeout', c.spec, namespace);
    const want = c.expect.error === undefined ? { role: c.expect.role } : { error: c.expect.error };
    if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${c.id}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
  for (const c of roles.compute) {
    total++;
    const descriptor = descriptorOf(c.resource.kind);
    assert.ok(descriptor, `${c.id}: no descriptor for ${c.resource.kind}`);
    const got = computeLabels(descriptor, c.resource.spec ?? {}, {}, c.resource.mesh, {
      mode: c.options.mode,
      isK8s: c.options.isK8s,
      zoneName: c.options.localZone,
      namespace: policyNamespace(c.resource.namespace ?? undefined, SYSTEM_NAMESPACE),
    });
    try {
      assert.deepEqual(got, { labels: c.expect.labels });
    } catch {
      failures.push(`${c.id}: got ${JSON.stringify(got)}, want ${JSON.stringify(c.expect.labels)}`);
    }
  }
  for (const c of defaulter.cases) {
    total++;
    const got = defaultObject(
      JSON.parse(c.inputObject) as JsonObject,
      { namespace: c.admissionRequest.namespace, username: c.admissionRequest.username ?? '' },
      {
        allowedUsers: c.checker.allowedUsers,
        mode: c.checker.mode,
        federatedZone: c.checker.federatedZone,
        disableOriginLabelValidation: c.checker.disableOriginLabelValidation,
        systemNamespace: c.checker.systemNamespace,
        zoneName: c.checker.zoneName ?? '',
        product: 'Kuma',
      },
    );
    const want = JSON.parse(c.expectedObject) as JsonObject;
    // The upstream input's `creationTimestamp: null` is dropped by the Go round trip.
    if (got.allowed) {
      const meta = got.object['metadata'] as JsonObject;
      if (meta['creationTimestamp'] === null) delete meta['creationTimestamp'];
    }
    try {
      assert.deepEqual(got, { allowed: true, object: want });
    } catch {
      failures.push(`${c.id}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
  assert.ok(total >= 23, `only ${total} label cases found in ${DIR}`);
  console.log(`kuma-2.14 policies labels: ${total - failures.length}/${total}`);
  assert.deepEqual(failures, []);
});
