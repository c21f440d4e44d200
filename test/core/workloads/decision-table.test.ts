/**
 * Which workloads join the mesh: namespace (enabled / disabled / no label / unknown / system)
 * × pod label (enabled / disabled / absent), through planWorkload. Expectations come from the
 * chart's webhook registrations (spec §1, its consequences table) and the injector pre-check
 * (spec §2 steps 3–8); the 2.11 change is the chart's `kuma.io/sidecar-injection Exists`
 * namespace selector (kumahq/kuma#13378).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planWorkload, type WorkloadContext, type WorkloadPlan } from '../../../src/core/workloads/plan-workload.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { NamespaceInfo, Settings } from '../../../src/core/settings.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { plainContext } from './plain-context.ts';

const LABEL = 'kuma.io/sidecar-injection';

function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...defaultSettings('kuma', '2.14'), ...overrides };
}

function context(namespaces: Record<string, NamespaceInfo>, s: Settings = settings()): WorkloadContext {
  return plainContext(s, namespaces);
}

function deployment(
  namespace: string | undefined,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): KubeObject {
  const metadata: KubeObject['metadata'] = { name: 'web' };
  if (namespace !== undefined) metadata.namespace = namespace;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', ...labels }, annotations },
        spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

const NAMESPACES: Record<string, NamespaceInfo> = {
  'ns-enabled': { labels: { [LABEL]: 'enabled' }, annotations: {} },
  'ns-true': { labels: { [LABEL]: 'true' }, annotations: {} },
  'ns-disabled': { labels: { [LABEL]: 'disabled' }, annotations: {} },
  'ns-unlabelled': { labels: {}, annotations: {} },
};

type Row = {
  namespace: string;
  pod: 'enabled' | 'disabled' | undefined;
  decision: WorkloadPlan['decision'];
  severity: 'info' | 'warning';
  /** The code of the first result (src/core/result-codes.ts). */
  code: string;
  /** Fragments the first result's message must contain. */
  says: string[];
  cite: string;
};

const TABLE: Row[] = [
  {
    namespace: 'ns-enabled',
    pod: 'enabled',
    decision: 'injected',
    severity: 'info',
    code: 'KI0201',
    says: ['injected (mesh default'],
    cite: '§1 row enabled×enabled; §2.5',
  },
  {
    namespace: 'ns-enabled',
    pod: undefined,
    decision: 'injected',
    severity: 'info',
    code: 'KI0201',
    says: ['injected'],
    cite: '§1 row enabled×absent; §2.6',
  },
  {
    namespace: 'ns-true',
    pod: undefined,
    decision: 'injected',
    severity: 'info',
    code: 'KI0201',
    says: ['injected'],
    cite: '§1 webhook 1 selects In (enabled, "true")',
  },
  {
    namespace: 'ns-enabled',
    pod: 'disabled',
    decision: 'skipped',
    severity: 'info',
    code: 'KI0202',
    says: ['not injected', `pod label ${LABEL} disables injection`],
    cite: '§1 row enabled×disabled; §2.5',
  },
  {
    namespace: 'ns-disabled',
    pod: 'enabled',
    decision: 'injected',
    severity: 'info',
    code: 'KI0201',
    says: ['injected'],
    cite: '§1 "present with any other value × enabled" (opt-in, webhook 2)',
  },
  {
    namespace: 'ns-disabled',
    pod: 'disabled',
    decision: 'skipped',
    severity: 'info',
    code: 'KI0204',
    says: ['not injected', 'labelled kuma.io/sidecar-injection: "disabled"', 'only called for pods labelled exactly'],
    cite: '§1 "present with any other value × anything else"',
  },
  {
    namespace: 'ns-disabled',
    pod: undefined,
    decision: 'skipped',
    severity: 'info',
    code: 'KI0204',
    says: ['not injected', 'labelled kuma.io/sidecar-injection: "disabled"'],
    cite: '§1 "present with any other value × anything else"',
  },
  {
    namespace: 'ns-unlabelled',
    pod: 'enabled',
    decision: 'skipped',
    severity: 'warning',
    code: 'KI0204',
    says: [
      'the pod asks for injection (got "enabled")',
      'has no kuma.io/sidecar-injection label',
      'since Kuma 2.11',
      'Label the namespace',
    ],
    cite: '§1 row absent×anything',
  },
  {
    namespace: 'ns-unlabelled',
    pod: 'disabled',
    decision: 'skipped',
    severity: 'info',
    code: 'KI0204',
    says: ['not injected', 'has no kuma.io/sidecar-injection label'],
    cite: '§1 row absent×anything',
  },
  {
    namespace: 'ns-unlabelled',
    pod: undefined,
    decision: 'skipped',
    severity: 'info',
    code: 'KI0204',
    says: ['not injected', 'has no kuma.io/sidecar-injection label'],
    cite: '§1 row absent×anything',
  },
  {
    namespace: 'unknown-ns',
    pod: 'enabled',
    decision: 'skipped',
    severity: 'warning',
    code: 'KI0206',
    says: ['metadata.namespace', 'namespace unknown-ns is unknown', 'not injected', 'Add the Namespace manifest'],
    cite: '§2.1 (the webhook reads the Namespace; offline we cannot)',
  },
  {
    namespace: 'unknown-ns',
    pod: 'disabled',
    decision: 'skipped',
    severity: 'warning',
    code: 'KI0206',
    says: ['namespace unknown-ns is unknown'],
    cite: '§2.1',
  },
  {
    namespace: 'unknown-ns',
    pod: undefined,
    decision: 'skipped',
    severity: 'warning',
    code: 'KI0206',
    says: ['namespace unknown-ns is unknown'],
    cite: '§2.1',
  },
  {
    namespace: 'kuma-system',
    pod: 'enabled',
    decision: 'skipped',
    severity: 'warning',
    code: 'KI0204',
    says: ['the pod asks for injection', "the control plane's namespace", 'exclude by name'],
    cite: '§1 name NotIn (kube-system, CP namespace)',
  },
  {
    namespace: 'kuma-system',
    pod: 'disabled',
    decision: 'skipped',
    severity: 'info',
    code: 'KI0204',
    says: ['not injected', 'exclude by name'],
    cite: '§1',
  },
  {
    namespace: 'kuma-system',
    pod: undefined,
    decision: 'skipped',
    severity: 'info',
    code: 'KI0204',
    says: ['not injected', 'exclude by name'],
    cite: '§1',
  },
  {
    namespace: 'kube-system',
    pod: 'enabled',
    decision: 'skipped',
    severity: 'warning',
    code: 'KI0204',
    says: ['kube-system', 'exclude by name'],
    cite: '§1',
  },
  { namespace: 'kube-system', pod: undefined, decision: 'skipped', severity: 'info', code: 'KI0204', says: ['kube-system'], cite: '§1' },
];

describe('decision table: namespace × pod label (spec §1, §2)', () => {
  for (const row of TABLE) {
    test(`${row.namespace} × pod label ${row.pod ?? 'absent'} → ${row.decision} (${row.cite})`, () => {
      // kuma-system is in the bundle as the chart labels it (kuma.io/sidecar-injection: "false").
      const ctx = context({ ...NAMESPACES, 'kuma-system': { labels: { [LABEL]: 'false' }, annotations: {} } });
      const object = deployment(row.namespace, row.pod === undefined ? {} : { [LABEL]: row.pod });
      const plan = planWorkload(object, ctx);
      assert.ok(plan !== undefined);
      assert.equal(plan.decision, row.decision, JSON.stringify(plan.results));
      assert.equal(plan.changed, row.decision === 'injected');
      if (row.decision !== 'injected') assert.equal(plan.object, object);
      const first = plan.results[0];
      assert.equal(first?.severity, row.severity, first?.message);
      assert.equal(first?.tags?.['code'], row.code, first?.message);
      assert.ok(first?.message.startsWith(`Deployment ${row.namespace}/web`), first?.message);
      for (const fragment of row.says) assert.ok(first?.message.includes(fragment), `${fragment} in: ${first?.message}`);
      assert.deepEqual(first?.resourceRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: row.namespace });
    });
  }

  test('the pod-label warning points at the template label', () => {
    const plan = planWorkload(deployment('ns-unlabelled', { [LABEL]: 'enabled' }), context(NAMESPACES));
    assert.equal(plan?.results[0]?.field?.path, `spec.template.metadata.labels["${LABEL}"]`);
  });

  test('a workload without metadata.namespace is not injected and says why (kubectl context namespace)', () => {
    const plan = planWorkload(
      deployment(undefined, { [LABEL]: 'enabled' }),
      context({ default: { labels: { [LABEL]: 'enabled' }, annotations: {} } }),
    );
    assert.equal(plan?.decision, 'skipped');
    assert.equal(plan?.results[0]?.severity, 'warning');
    assert.equal(plan?.results[0]?.tags?.['code'], 'KI0205');
    assert.equal(plan?.results[0]?.field?.path, 'metadata.namespace');
    assert.match(plan?.results[0]?.message ?? '', /^Deployment web, metadata\.namespace: not set .*kubectl context/);
  });

  test('a namespace carrying kuma.io/sidecar-injection only as an annotation warns (skip_inject.3 situation)', () => {
    const plan = planWorkload(deployment('ns-ann'), context({ 'ns-ann': { labels: {}, annotations: { [LABEL]: 'enabled' } } }));
    assert.equal(plan?.decision, 'skipped');
    assert.equal(plan?.results[0]?.severity, 'warning');
    assert.match(plan?.results[0]?.message ?? '', /only an annotation, got "enabled"/);
  });

  test('pod label "true" in a namespace labelled disabled: the opt-in webhook wants exactly "enabled" (spec §1)', () => {
    const plan = planWorkload(deployment('ns-disabled', { [LABEL]: 'true' }), context(NAMESPACES));
    assert.equal(plan?.decision, 'skipped');
    assert.equal(plan?.results[0]?.severity, 'warning');
    assert.match(plan?.results[0]?.message ?? '', /Set the pod label to `enabled`/);
  });

  test('the old pod annotation kuma.io/sidecar-injection is pointed out as ignored', () => {
    const plan = planWorkload(deployment('ns-unlabelled', {}, { [LABEL]: 'enabled' }), context(NAMESPACES));
    assert.equal(plan?.results[0]?.severity, 'warning');
    assert.equal(plan?.results[0]?.field?.path, `spec.template.metadata.annotations["${LABEL}"]`);
    assert.match(plan?.results[0]?.message ?? '', /read from pod labels only/);
  });

  test('Settings.namespaces describes a namespace that is not in the bundle; a bundle Namespace wins', () => {
    const s = settings({ namespaces: { shop: { labels: { [LABEL]: 'enabled' }, annotations: {} } } });
    assert.equal(planWorkload(deployment('shop'), context({}, s))?.decision, 'injected');
    assert.equal(planWorkload(deployment('shop'), context({ shop: { labels: {}, annotations: {} } }, s))?.decision, 'skipped');
  });

  test('2.14 zone proxies in the control-plane namespace reach the injector (mesh-zoneproxy webhook); 2.13 has no such webhook', () => {
    const labels = { [LABEL]: 'enabled', 'kuma.io/mesh': 'default', 'k8s.kuma.io/zone-proxy-type': 'ingress' };
    assert.equal(planWorkload(deployment('kuma-system', labels), context({}))?.decision, 'injected');
    const s13 = { ...defaultSettings('kuma', '2.13') };
    assert.equal(planWorkload(deployment('kuma-system', labels), context({}, s13))?.decision, 'skipped');
  });

  test('exception labels skip (spec §2.3)', () => {
    const plan = planWorkload(deployment('ns-enabled', { 'openshift.io/build.name': 'b1' }), context(NAMESPACES));
    assert.equal(plan?.decision, 'skipped');
    assert.match(plan?.results[0]?.message ?? '', /openshift\.io\/build\.name, an injection exception/);
  });

  test('exceptions also match labels the controller adds to the pods (job-name, pod-template-hash)', () => {
    const s = settings({
      injector: { ...settings().injector, exceptions: { labels: { 'job-name': 'migrate', 'pod-template-hash': '*' } } },
    });
    const job = {
      ...deployment('ns-enabled'),
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'ns-enabled' },
    };
    const jobPlan = planWorkload(job, context(NAMESPACES, s));
    assert.equal(jobPlan?.decision, 'skipped');
    assert.match(jobPlan?.results[0]?.message ?? '', /Job pods get the label job-name from their controller/);
    const other = { ...job, metadata: { name: 'seed', namespace: 'ns-enabled' } };
    assert.equal(planWorkload(other, context(NAMESPACES, s))?.decision, 'injected');
    assert.equal(planWorkload(deployment('ns-enabled'), context(NAMESPACES, s))?.decision, 'skipped');
    const sts = { ...deployment('ns-enabled'), kind: 'StatefulSet' };
    assert.equal(planWorkload(sts, context(NAMESPACES, s))?.decision, 'injected');
  });

  test("an invalid pod label value is the webhook's error, on the workload and the template label (spec §2.5)", () => {
    const object = deployment('ns-enabled', { [LABEL]: 'maybe' });
    const plan = planWorkload(object, context(NAMESPACES));
    assert.equal(plan?.decision, 'failed');
    assert.equal(plan?.object, object);
    const error = plan?.results.find((r) => r.severity === 'error');
    assert.match(
      error?.message ?? '',
      /^Deployment ns-enabled\/web, spec\.template\.metadata\.labels\["kuma\.io\/sidecar-injection"\]: .*annotation "kuma\.io\/sidecar-injection" has wrong value "maybe"/,
    );
    assert.equal(error?.field?.path, `spec.template.metadata.labels["${LABEL}"]`);
    assert.deepEqual(error?.resourceRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'ns-enabled' });
  });

  test("a missing Mesh is the webhook's error (spec §2.8)", () => {
    const plan = planWorkload(deployment('ns-enabled', { 'kuma.io/mesh': 'payments' }), context(NAMESPACES));
    assert.equal(plan?.decision, 'failed');
    assert.match(plan?.results.find((r) => r.severity === 'error')?.message ?? '', /meshes\.kuma\.io "payments" not found/);
  });
});
