/**
 * Kuma keys Kuma never sees. KI0226: a label or annotation one or two edits away from a key Kuma
 * reads; Kuma ignores it without a word, so a misspelt injection label leaves the namespace out of
 * the mesh and a misspelt annotation leaves its setting unapplied. Only near misses are named:
 * other tools' keys, and Kuma-looking keys far from any Kuma key, are left alone. KI0227: a Kuma
 * pod key on the workload's own metadata, where the webhook never reads it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dump, loadAll } from 'js-yaml';
import { misspeltKumaKey } from '../../../src/core/kuma-api/metadata-keys.ts';
import { KEY } from '../../../src/core/kuma-api/keys.ts';
import { processInput } from '../../../src/krm/process.ts';
import { streamHost } from '../../../src/krm/host-profile.ts';
import { VERSIONS } from '../../../src/config/releases.ts';
import type { Result } from '../../../src/core/types.ts';
import { CONFORMANCE } from '../../conformance/conformance-dir.ts';

describe('misspeltKumaKey', () => {
  test('a near miss names the key it misses', () => {
    const cases: [string, string][] = [
      ['kuma.io/sidecar-injecton', 'kuma.io/sidecar-injection'],
      ['kuma.io/Mesh', 'kuma.io/mesh'],
      ['kuma.io/virtual-probe', 'kuma.io/virtual-probes'],
      ['trafic.kuma.io/exclude-inbound-ports', 'traffic.kuma.io/exclude-inbound-ports'],
      ['kuma.io/container-patch', 'kuma.io/container-patches'],
      ['prometheus.metrics.kuma.io/prot', 'prometheus.metrics.kuma.io/port'],
      ['k8s.kuma.io/zone-proxy-types', 'k8s.kuma.io/zone-proxy-type'],
    ];
    for (const [typo, meant] of cases) assert.equal(misspeltKumaKey(typo), meant, typo);
  });

  test("Kuma's own keys, its aggregate metrics keys, ours and other tools' are no typo", () => {
    for (const key of Object.values(KEY)) assert.equal(misspeltKumaKey(key), undefined, key);
    for (const key of [
      'kuma.io/builtindns',
      'kuma.io/tags',
      'prometheus.metrics.kuma.io/aggregate-app-port',
      'prometheus.metrics.kuma.io/aggregate-my-app-enabled',
      'kuma-inject.dev/user-keys',
      'app.kubernetes.io/name',
      'example.com/mesh',
      // Kuma-looking, but far from every key Kuma reads on pods: left alone.
      'kuma.io/zone',
      'kuma.io/service',
      'kuma.io/display-name',
      'k8s.kuma.io/namespace',
    ])
      assert.equal(misspeltKumaKey(key), undefined, key);
  });

  test("no key of Kuma's own injector and converter goldens is taken for a typo", () => {
    const keys = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(collect);
      if (typeof value !== 'object' || value === null) return;
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'labels' || key === 'annotations') && typeof inner === 'object' && inner !== null && !Array.isArray(inner))
          Object.keys(inner).forEach((k) => keys.add(k));
        collect(inner);
      }
    };
    let files = 0;
    for (const folder of ['kuma-2.13/injector', 'kuma-2.14/injector', 'kuma-2.14/dataplane', 'kuma-next/injector', 'kuma-next/dataplane']) {
      const dir = new URL(`${folder}/`, CONFORMANCE);
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.golden.yaml') || n.endsWith('.input.yaml'))) {
        files += 1;
        loadAll(readFileSync(new URL(name, dir), 'utf8')).forEach(collect);
      }
    }
    assert.ok(files > 300 && keys.size > 40, `read ${files} files, ${keys.size} keys`);
    assert.deepEqual(
      [...keys].filter((k) => misspeltKumaKey(k) !== undefined),
      [],
    );
  });
});

const SETTINGS = 'apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata:\n  name: typos\n';

function run(objects: unknown[], overrides: Record<string, unknown> = {}): { results: Result[]; output: string } {
  const outcome = processInput(objects.map((o) => dump(o)).join('---\n'), {
    host: streamHost('none'),
    functionConfig: SETTINGS,
    overrides,
  });
  assert.equal(outcome.internalError, false, outcome.report);
  return { results: outcome.results, output: outcome.output };
}
const typos = (results: Result[]): string[] =>
  results.filter((r) => r.tags?.['code'] === 'KI0226').map((r) => `${r.severity} ${r.field?.path}`);

function namespace(labels: Record<string, string>): unknown {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } };
}
function deployment(
  pod: { labels?: Record<string, string>; annotations?: Record<string, string> },
  own: Record<string, string> = {},
): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: own },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', ...pod.labels }, annotations: pod.annotations ?? {} },
        spec: { containers: [{ name: 'web', image: 'web:1' }] },
      },
    },
  };
}

describe('KI0226 in a run', () => {
  test('a misspelt injection label on the Namespace: a warning beside the skip it explains', () => {
    const { results } = run([namespace({ 'kuma.io/sidecar-injecton': 'enabled' }), deployment({})]);
    assert.deepEqual(typos(results), ['warning metadata.labels["kuma.io/sidecar-injecton"]']);
    const warning = results.find((r) => r.tags?.['code'] === 'KI0226');
    assert.equal(
      warning?.message,
      'Namespace shop, metadata.labels["kuma.io/sidecar-injecton"]: not a label Kuma reads, so it does not do what "kuma.io/sidecar-injection" does; did you mean that? Rename it, or remove it.',
    );
    assert.deepEqual(warning?.resourceRef, { apiVersion: 'v1', kind: 'Namespace', name: 'shop' });
    assert.ok(
      results.some((r) => r.tags?.['code'] === 'KI0204'),
      'the workload is still reported skipped',
    );
  });

  test("the pod template's labels and annotations of an injected workload, by their template paths; the workload's own labels are not read", () => {
    const { results } = run([
      namespace({ [KEY.sidecarInjection]: 'enabled' }),
      deployment(
        { labels: { 'kuma.io/Mesh': 'default' }, annotations: { 'kuma.io/virtual-probe': 'enabled' } },
        { 'kuma.io/sidecar-injecton': 'x' },
      ),
    ]);
    assert.ok(
      results.some((r) => r.tags?.['code'] === 'KI0201'),
      'injected',
    );
    assert.deepEqual(typos(results), [
      'warning spec.template.metadata.labels["kuma.io/Mesh"]',
      'warning spec.template.metadata.annotations["kuma.io/virtual-probe"]',
    ]);
  });

  test("a namespace described in the settings: the warning names the settings' field", () => {
    const functionConfig = `${SETTINGS}namespaces:\n  shop:\n    labels:\n      kuma.io/sidecar-injecton: enabled\n`;
    const outcome = processInput(dump(deployment({})), { host: streamHost('none'), functionConfig });
    const warning = outcome.results.find((r) => r.tags?.['code'] === 'KI0226');
    assert.deepEqual(warning, {
      severity: 'warning',
      message:
        'settings namespaces.shop.labels["kuma.io/sidecar-injecton"]: not a label Kuma reads, so it does not do what "kuma.io/sidecar-injection" does; did you mean that? Rename it in the settings, or remove it.',
      field: { path: 'namespaces.shop.labels["kuma.io/sidecar-injecton"]' },
      tags: { code: 'KI0226' },
    });
  });

  test('uninject says nothing of either', () => {
    const { results } = run(
      [
        namespace({ 'kuma.io/sidecar-injecton': 'enabled' }),
        deployment({ labels: { 'kuma.io/Mesh': 'x' } }, { [KEY.sidecarInjection]: 'disabled' }),
      ],
      { uninject: true },
    );
    assert.deepEqual(
      results.filter((r) => r.tags?.['code'] === 'KI0226' || r.tags?.['code'] === 'KI0227'),
      [],
    );
  });

  for (const version of VERSIONS) {
    test(`${version}: what the injector writes into a pod template is read back without a KI0226`, () => {
      const first = run(
        [namespace({ [KEY.sidecarInjection]: 'enabled' }), deployment({ annotations: { [KEY.virtualProbes]: 'enabled' } })],
        { version },
      );
      assert.ok(
        first.results.some((r) => r.tags?.['code'] === 'KI0201'),
        'injected',
      );
      const again = processInput(first.output, { host: streamHost('none'), functionConfig: SETTINGS, overrides: { version } });
      assert.ok(
        again.results.some((r) => r.tags?.['code'] === 'KI0201'),
        're-rendered',
      );
      assert.deepEqual(typos([...first.results, ...again.results]), []);
    });
  }
});

describe('KI0227: a Kuma pod key on the workload instead of its pods', () => {
  const misplaced = (results: Result[]): string[] =>
    results.filter((r) => r.tags?.['code'] === 'KI0227').map((r) => `${r.severity} ${r.field?.path}`);

  test('an opt-out label and an annotation on the Deployment: warnings naming where they belong, and the pods are injected all the same', () => {
    const { results } = run([
      namespace({ [KEY.sidecarInjection]: 'enabled' }),
      {
        ...(deployment({}) as Record<string, unknown>),
        metadata: {
          name: 'web',
          namespace: 'shop',
          labels: { [KEY.sidecarInjection]: 'disabled', app: 'web' },
          annotations: { [KEY.virtualProbes]: 'enabled', 'example.com/owner': 'team-a' },
        },
      },
    ]);
    assert.deepEqual(misplaced(results), [
      `warning metadata.labels["${KEY.sidecarInjection}"]`,
      `warning metadata.annotations["${KEY.virtualProbes}"]`,
    ]);
    assert.match(
      results.find((r) => r.tags?.['code'] === 'KI0227')?.message ?? '',
      /^Deployment shop\/web, metadata\.labels\["kuma\.io\/sidecar-injection"\]: Kuma reads this label on the pods, not on the Deployment, so here it has no effect; move it to spec\.template\.metadata\.labels\.$/,
    );
    assert.ok(
      results.some((r) => r.tags?.['code'] === 'KI0201'),
      'injected: the webhook never saw the opt-out',
    );
  });

  test('a key the pod template carries too is a copy on purpose; a CronJob names its job template; a bare Pod is its own template', () => {
    const copy = deployment({ labels: { [KEY.mesh]: 'default' } }, { [KEY.mesh]: 'default' });
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'shop', labels: { [KEY.mesh]: 'default' } },
      spec: {
        schedule: '@daily',
        jobTemplate: {
          spec: {
            template: { metadata: { labels: { app: 'n' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'n', image: 'n:1' }] } },
          },
        },
      },
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop', labels: { [KEY.mesh]: 'default' } },
      spec: { containers: [{ name: 'p', image: 'p:1' }] },
    };
    const { results } = run([namespace({ [KEY.sidecarInjection]: 'enabled' }), copy, cronJob, pod]);
    assert.deepEqual(misplaced(results), [`warning metadata.labels["${KEY.mesh}"]`]);
    assert.match(
      results.find((r) => r.tags?.['code'] === 'KI0227')?.message ?? '',
      /^CronJob shop\/nightly, .*move it to spec\.jobTemplate\.spec\.template\.metadata\.labels\.$/,
    );
  });
});
