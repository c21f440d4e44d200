/**
 * A probe that names a port its container does not declare: the webhook points the rewritten probe
 * at port 0 (`/tcp/0`, `/0/healthz`), and kuma-inject reproduces that with a warning (KI0225). A
 * workload's record keeps the name, so uninject gives it back; a bare Pod has no record, so
 * uninject (or a re-render that takes the Pod out of the mesh) would write port 0, which the API
 * server refuses: the Pod fails with KI0224 and is left as it is.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planWorkload } from '../../../src/core/workloads/plan-workload.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { NamespaceInfo, Settings } from '../../../src/core/settings.ts';
import type { KubeObject, Result } from '../../../src/core/types.ts';
import { plainContext } from './plain-context.ts';

const ENABLED: NamespaceInfo = { labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: {} };
const base = defaultSettings('kong-mesh', '2.14');
const SETTINGS: Record<string, Settings> = {
  'probe proxy (the default)': base,
  'virtual probes': { ...base, injector: { ...base.injector, applicationProbeProxyPort: 0, virtualProbesEnabled: true } },
};

/** One container serving `main` (8080), with the given probes. */
function podSpec(probes: Record<string, unknown>): Record<string, unknown> {
  return { containers: [{ name: 'web', image: 'web:1', ports: [{ name: 'main', containerPort: 8080 }], ...probes }] };
}

function pod(probes: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop' }, spec: podSpec(probes) } as KubeObject;
}

function deployment(probes: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec(probes) } },
  } as KubeObject;
}

function plan(object: KubeObject, settings: Settings, namespace: NamespaceInfo = ENABLED) {
  const result = planWorkload(object, plainContext(settings, { shop: namespace }));
  assert.ok(result !== undefined, 'a workload');
  return result;
}

const coded = (results: Result[], code: string): Result[] => results.filter((r) => r.tags?.['code'] === code);

const UNDECLARED = {
  readinessProbe: { tcpSocket: { port: 'http' } },
  livenessProbe: { httpGet: { path: '/healthz', port: 'no-such' } },
};

describe('probes naming a port their container does not declare', () => {
  for (const [name, settings] of Object.entries(SETTINGS)) {
    test(`${name}: injected as the webhook does, with a warning naming each such probe port`, () => {
      const injected = plan(pod(UNDECLARED), settings);
      assert.equal(injected.decision, 'injected');
      const container = (injected.object.spec as { containers: Record<string, { httpGet?: { path: string } }>[] }).containers[0]!;
      // The name resolves to nothing, so the rewritten probe carries port 0 in its path.
      assert.match(container['livenessProbe']!.httpGet!.path, /^\/0\/healthz$/);
      const warnings = coded(injected.results, 'KI0225');
      const probeProxy = settings.injector.applicationProbeProxyPort !== 0;
      // Virtual probes rewrite httpGet probes only; the probe proxy rewrites tcpSocket ones too.
      const fields = probeProxy
        ? ['spec.containers[0].livenessProbe.httpGet.port', 'spec.containers[0].readinessProbe.tcpSocket.port']
        : ['spec.containers[0].livenessProbe.httpGet.port'];
      assert.deepEqual(
        warnings.map((w) => w.field?.path),
        fields,
      );
      for (const w of warnings) {
        assert.equal(w.severity, 'warning');
        assert.match(w.message, /names the port "(http|no-such)", which container "web" does not declare/);
      }
    });
  }

  test('no warning for a declared name, a number, or a probe the injection leaves alone; a numeric string is refused before', () => {
    const fine = {
      readinessProbe: { tcpSocket: { port: 'main' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    };
    const injected = plan(pod(fine), base);
    assert.equal(injected.decision, 'injected');
    assert.deepEqual(coded(injected.results, 'KI0225'), []);
    // A quoted number is no port name: the API server refuses it, so it never reaches the warning.
    const quoted = plan(pod({ startupProbe: { httpGet: { path: '/healthz', port: '8080' } } }), base);
    assert.equal(quoted.decision, 'failed');
    assert.deepEqual(coded(quoted.results, 'KI0225'), []);
    assert.equal(coded(quoted.results, 'KI0224')[0]?.field?.path, 'spec.containers[0].startupProbe.httpGet.port');
    const untouched = { ...base, injector: { ...base.injector, applicationProbeProxyPort: 0, virtualProbesEnabled: false } };
    const kept = plan(pod(UNDECLARED), untouched);
    assert.equal(kept.decision, 'injected');
    assert.deepEqual(coded(kept.results, 'KI0225'), []);
  });

  for (const [name, settings] of Object.entries(SETTINGS)) {
    test(`${name}: uninject of the Pod fails with KI0224 on each probe and leaves it as it is`, () => {
      const injected = plan(pod(UNDECLARED), settings).object;
      const back = plan(injected, { ...settings, uninject: true });
      assert.equal(back.decision, 'failed');
      assert.equal(back.changed, false);
      assert.equal(back.object, injected);
      const errors = coded(back.results, 'KI0224');
      assert.ok(errors.length > 0);
      for (const e of errors) {
        assert.equal(e.severity, 'error');
        assert.match(e.field?.path ?? '', /^spec\.containers\[0\]\.(readiness|liveness)Probe$/);
        assert.match(e.message, /\(got 0\).*a Pod carries no kuma-inject record/);
      }
      assert.deepEqual(coded(back.results, 'KI0208'), [], 'nothing claims the Pod was uninjected');
    });

    test(`${name}: a Pod taken out of the mesh by a re-render fails the same way, with the reason kept out of its claim`, () => {
      const injected = plan(pod(UNDECLARED), settings).object;
      const out = plan(injected, settings, { labels: { 'kuma.io/sidecar-injection': 'disabled' }, annotations: {} });
      assert.equal(out.decision, 'failed');
      assert.equal(out.object, injected);
      assert.ok(coded(out.results, 'KI0224').length > 0);
      assert.deepEqual(coded(out.results, 'KI0210'), []);
    });

    test(`${name}: a Deployment's record keeps the names, so uninject gives the template back exactly`, () => {
      const original = deployment(UNDECLARED);
      const injected = plan(original, settings);
      assert.ok(coded(injected.results, 'KI0225').length > 0);
      const back = plan(injected.object, { ...settings, uninject: true });
      assert.equal(back.decision, 'uninjected');
      assert.equal(JSON.stringify(back.object), JSON.stringify(original));
    });
  }
});
