/**
 * Uninject gives back every probe spelling exactly (key order included), on every workload kind,
 * through both rewrites (application probe proxy, virtual probes), with classic and native
 * layouts: what the webhook's rewrite drops (an httpGet `host`, an explicit `scheme: HTTP`, a
 * missing or empty path, the handler's key order and position) comes
 * back from the workload's `kuma-inject.dev/original-probes` record. Also: empty metadata maps
 * (null, {}) keep their spelling, a hand-edited probe wins over the record, and a re-render of the
 * injected workload changes nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planWorkload } from '../../../src/core/workloads/plan-workload.ts';
import { findPodTemplate } from '../../../src/core/workloads/pod-template.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { NamespaceInfo, Settings } from '../../../src/core/settings.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { plainContext } from './plain-context.ts';

const SHOP: NamespaceInfo = { labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: {} };
const ORIGINAL_PROBES = 'kuma-inject.dev/original-probes';

type Probe = Record<string, unknown>;

/** Every probe spelling class real manifests use, handler first and handler last. */
const PROBES: Record<string, Probe> = {
  'httpGet port only': { httpGet: { port: 8080 } },
  'httpGet named port, no path': { httpGet: { port: 'http' } },
  'httpGet path /': { httpGet: { path: '/', port: 8080 } },
  'httpGet empty path': { httpGet: { path: '', port: 8080 } },
  'httpGet path without slash': { httpGet: { path: 'healthz', port: 8080 } },
  'httpGet port before path': { httpGet: { port: 8080, path: '/healthz' } },
  'httpGet scheme HTTP': { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' } },
  'httpGet scheme HTTPS': { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTPS' } },
  'httpGet host field': { httpGet: { host: '127.0.0.1', path: '/healthz', port: 8080 } },
  'httpGet headers with Host': {
    httpGet: {
      path: '/healthz',
      port: 8080,
      httpHeaders: [
        { name: 'Host', value: 'example.com' },
        { name: 'Cookie', value: 'a=b' },
      ],
    },
    timeoutSeconds: 5,
  },
  'timings before httpGet': { initialDelaySeconds: 3, periodSeconds: 5, httpGet: { path: '/ready', port: 8080 } },
  tcpSocket: { tcpSocket: { port: 8080 } },
  'tcpSocket named, with host, after timings': { periodSeconds: 5, tcpSocket: { host: 'localhost', port: 'http' } },
  grpc: { grpc: { port: 9090 } },
  'grpc service before port': { failureThreshold: 3, grpc: { service: 'health', port: 9090 } },
  'exec (never rewritten)': { exec: { command: ['cat', '/tmp/healthy'] } },
};

const KINDS: { kind: string; apiVersion: string; wrap: (template: Record<string, unknown>) => Record<string, unknown> }[] = [
  { kind: 'Deployment', apiVersion: 'apps/v1', wrap: (template) => ({ selector: { matchLabels: { app: 'web' } }, template }) },
  {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    wrap: (template) => ({ serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template }),
  },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', wrap: (template) => ({ selector: { matchLabels: { app: 'web' } }, template }) },
  { kind: 'Job', apiVersion: 'batch/v1', wrap: (template) => ({ template }) },
  { kind: 'CronJob', apiVersion: 'batch/v1', wrap: (template) => ({ schedule: '* * * * *', jobTemplate: { spec: { template } } }) },
];

const injector = (s: Settings, patch: Partial<Settings['injector']>): Settings => ({ ...s, injector: { ...s.injector, ...patch } });
const base = defaultSettings('kong-mesh', '2.14');
const SETTINGS: Record<string, Settings> = {
  'probe proxy, native sidecars (2.14 default)': base,
  'probe proxy, classic layout': { ...base, sidecarContainers: false },
  'virtual probes': injector(base, { applicationProbeProxyPort: 0, virtualProbesEnabled: true }),
  'kuma 2.13 with virtual probes': injector(defaultSettings('kuma', '2.13'), { virtualProbesEnabled: true, virtualProbesPort: 9000 }),
};

/**
 * The three probes are one object, as a YAML alias (`readinessProbe: *probe`) parses: each use is
 * rewritten on its own (the injector works on a tree copy, core/tree-copy.ts).
 */
function workload(kind: (typeof KINDS)[number], probe: Probe, metadata: Record<string, unknown> = {}): KubeObject {
  const container = {
    name: 'web',
    image: 'web:1',
    ports: [
      { name: 'http', containerPort: 8080 },
      { name: 'grpc', containerPort: 9090 },
    ],
    livenessProbe: probe,
    readinessProbe: probe,
    startupProbe: probe,
  };
  const template = { metadata: { labels: { app: 'web' }, ...metadata }, spec: { containers: [container] } };
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    metadata: { name: 'web', namespace: 'shop' },
    spec: kind.wrap(template),
  } as KubeObject;
}

function plan(object: KubeObject, settings: Settings) {
  const result = planWorkload(object, plainContext(settings, { shop: SHOP }));
  assert.ok(result !== undefined, 'a workload');
  return result;
}

/** Equal as written: key order counts (uninject should give back the bytes the user had). */
function assertSameAsWritten(actual: unknown, expected: unknown, message: string): void {
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), message);
}

describe('uninject gives back every probe spelling exactly', () => {
  for (const [settingsName, settings] of Object.entries(SETTINGS)) {
    test(settingsName, () => {
      let checked = 0;
      let recorded = 0;
      for (const kind of KINDS) {
        for (const [probeName, probe] of Object.entries(PROBES)) {
          const original = workload(kind, probe);
          const injected = plan(original, settings);
          assert.equal(injected.decision, 'injected', `${kind.kind} ${probeName}: ${JSON.stringify(injected.results)}`);
          if (Object.hasOwn(injected.object.metadata.annotations ?? {}, ORIGINAL_PROBES)) recorded += 1;
          const again = plan(injected.object, settings);
          assert.equal(again.changed, false, `${kind.kind} ${probeName}: a re-render changes nothing`);
          const back = plan(injected.object, { ...settings, uninject: true });
          assertSameAsWritten(back.object, original, `${kind.kind} ${probeName}: uninject gives back the original`);
          checked += 1;
        }
      }
      // The record is the cause of exactness only where the rewrite loses something; it must
      // have been needed somewhere, or this test does not exercise it.
      assert.ok(recorded > 0, 'some probe spelling needed the record');
      assert.equal(checked, KINDS.length * Object.keys(PROBES).length);
    });
  }

  test('a probe edited by hand after injection is read from what it says now, not from the record', () => {
    const original = workload(KINDS[0]!, { httpGet: { port: 'http' } });
    const injected = plan(original, base).object;
    const edited = structuredClone(injected);
    const container = (findPodTemplate(edited, [])?.template.spec as { containers: Record<string, unknown>[] }).containers.find(
      (c) => c.name === 'web',
    )!;
    const http = (container.livenessProbe as { httpGet: Probe }).httpGet;
    assert.equal(http.path, '/8080/', 'the probe proxy path of a port without a path');
    http.path = '/8080/live';
    const back = plan(edited, { ...base, uninject: true }).object;
    const restored = (findPodTemplate(back, [])?.template.spec as { containers: Record<string, unknown>[] }).containers[0]!;
    assert.deepEqual(restored.livenessProbe, { httpGet: { path: '/live', port: 'http' } });
    assert.deepEqual(restored.readinessProbe, { httpGet: { port: 'http' } }, 'the untouched probes still come back as recorded');
  });
});

describe('empty metadata maps keep their spelling through inject and uninject', () => {
  for (const spelling of [null, {}] as const) {
    for (const on of ['annotations', 'labels'] as const) {
      test(`template ${on}: ${JSON.stringify(spelling)}`, () => {
        const original = workload(KINDS[0]!, PROBES.tcpSocket!);
        const template = (original.spec as { template: { metadata: Record<string, unknown> } }).template;
        template.metadata = { ...template.metadata, [on]: spelling };
        const injected = plan(original, base);
        assert.equal(injected.decision, 'injected');
        assert.equal(plan(injected.object, base).changed, false, 'a re-render changes nothing');
        assertSameAsWritten(plan(injected.object, { ...base, uninject: true }).object, original, 'uninject');
      });
    }
    // null found by a 1,200-case fuzz campaign (seed 1717): uninject dropped the key.
    test(`template metadata: ${JSON.stringify(spelling)}`, () => {
      const original = workload(KINDS[0]!, PROBES.tcpSocket!);
      (original.spec as { template: Record<string, unknown> }).template.metadata = spelling;
      const injected = plan(original, base);
      assert.equal(injected.decision, 'injected');
      assert.equal(plan(injected.object, base).changed, false, 'a re-render changes nothing');
      assertSameAsWritten(plan(injected.object, { ...base, uninject: true }).object, original, 'uninject');
    });
    // Found by sweeping every field of the corpus workloads with odd values: uninject dropped the key.
    for (const list of ['initContainers', 'volumes'] as const) {
      const empty = spelling === null ? null : [];
      test(`template spec ${list}: ${JSON.stringify(empty)}`, () => {
        const original = workload(KINDS[0]!, PROBES.tcpSocket!);
        const spec = (original.spec as { template: { spec: Record<string, unknown> } }).template.spec;
        (original.spec as { template: { spec: Record<string, unknown> } }).template.spec = { [list]: empty, ...spec };
        const injected = plan(original, base);
        assert.equal(injected.decision, 'injected');
        assert.equal(plan(injected.object, base).changed, false, 'a re-render changes nothing');
        assertSameAsWritten(plan(injected.object, { ...base, uninject: true }).object, original, 'uninject');
      });
    }
    test(`workload annotations: ${JSON.stringify(spelling)}`, () => {
      const original = workload(KINDS[0]!, PROBES.tcpSocket!);
      original.metadata = { ...original.metadata, annotations: spelling as unknown as Record<string, string> };
      const injected = plan(original, base);
      assert.equal(plan(injected.object, base).changed, false, 'a re-render changes nothing');
      assertSameAsWritten(plan(injected.object, { ...base, uninject: true }).object, original, 'uninject');
    });
  }
});
