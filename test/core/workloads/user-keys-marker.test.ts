/**
 * The workload marker `kuma-inject.dev/user-keys`: a settings change reaches a workload kuma-inject
 * injected earlier exactly as it reaches a fresh one (re-render == injecting the original), user
 * values equal to a default stay the user's, version switches go back and forth exactly, and
 * uninject / "not injected now" take the marker away again.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planWorkload, type WorkloadContext } from '../../../src/core/workloads/plan-workload.ts';
import { findPodTemplate } from '../../../src/core/workloads/pod-template.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { NamespaceInfo, Settings } from '../../../src/core/settings.ts';
import type { Version } from '../../../src/config/releases.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { plainContext } from './plain-context.ts';

const MARKER = 'kuma-inject.dev/user-keys';
const SHOP: NamespaceInfo = { labels: { 'kuma.io/sidecar-injection': 'enabled' }, annotations: {} };

function context(s: Settings, shop: NamespaceInfo = SHOP): WorkloadContext {
  return plainContext(s, { shop });
}

function deployment(own: Record<string, string> = {}, workloadAnnotations?: Record<string, string>): KubeObject {
  const metadata: KubeObject['metadata'] = { name: 'web', namespace: 'shop' };
  if (workloadAnnotations !== undefined) metadata.annotations = workloadAnnotations;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, annotations: { team: 'payments', ...own } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'web:1',
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
            },
          ],
        },
      },
    },
  };
}

function inject(object: KubeObject, s: Settings): KubeObject {
  const plan = planWorkload(object, context(s));
  assert.equal(plan?.decision, 'injected', JSON.stringify(plan?.results));
  return plan.object;
}

const annotationsOf = (o: KubeObject): Record<string, string> =>
  (findPodTemplate(o, [])?.template.metadata?.annotations ?? {}) as Record<string, string>;

type Change = (s: Settings) => Settings;
const injector = (s: Settings, patch: Partial<Settings['injector']>): Settings => ({ ...s, injector: { ...s.injector, ...patch } });

/** One settings change per injector-written key the audit named, and the key it shows in. */
const CHANGES: { key: string; change: Change }[] = [
  { key: 'kuma.io/builtin-dns-port', change: (s) => injector(s, { builtinDNS: { ...s.injector.builtinDNS, port: 25053 } }) },
  { key: 'kuma.io/builtin-dns-logging', change: (s) => injector(s, { builtinDNS: { ...s.injector.builtinDNS, logging: true } }) },
  {
    key: 'kuma.io/transparent-proxying-ip-family-mode',
    change: (s) => injector(s, { sidecarContainer: { ...s.injector.sidecarContainer, ipFamilyMode: 'ipv4' } }),
  },
  { key: 'kuma.io/application-probe-proxy-port', change: (s) => injector(s, { applicationProbeProxyPort: 9500 }) },
  { key: 'kuma.io/virtual-probes-port', change: (s) => injector(s, { virtualProbesPort: 9100 }) },
];

for (const version of ['2.14', '2.13'] as const satisfies readonly Version[]) {
  const base = defaultSettings('kuma', version);
  describe(`kuma ${version}: a settings change reaches a workload injected earlier`, () => {
    for (const { key, change } of CHANGES) {
      test(`${key}: re-render == injecting the original, both directions`, () => {
        const changed = change(base);
        const withBase = inject(deployment(), base);
        const withChanged = inject(deployment(), changed);
        // The key really differs, so the old value cannot simply survive.
        assert.notEqual(annotationsOf(withBase)[key], annotationsOf(withChanged)[key]);
        assert.equal(withBase.metadata.annotations?.[MARKER], '');
        const up = planWorkload(withBase, context(changed));
        assert.equal(up?.changed, true);
        assert.deepEqual(up?.object, withChanged);
        assert.deepEqual(planWorkload(withChanged, context(base))?.object, withBase);
        // No "kept as the workload's own" note: the marker says the value was the injector's.
        assert.deepEqual(
          up?.results.filter((r) => r.message.includes('kept as the workload')),
          [],
        );
      });
    }

    test("a user value equal to the default stays the user's when the default changes", () => {
      const own = { 'kuma.io/builtin-dns-port': '15053' };
      const changed = CHANGES[0]!.change(base);
      const first = inject(deployment(own), base);
      assert.equal(first.metadata.annotations?.[MARKER], 'annotations/kuma.io/builtin-dns-port');
      const again = planWorkload(first, context(changed));
      assert.deepEqual(again?.object, inject(deployment(own), changed));
      assert.equal(annotationsOf(again!.object)['kuma.io/builtin-dns-port'], '15053');
      assert.deepEqual(planWorkload(again!.object, context({ ...changed, uninject: true }))?.object, deployment(own));
    });
  });
}

describe('the marker across versions, uninject and opt-out', () => {
  const s214 = defaultSettings('kuma', '2.14');
  const s213 = defaultSettings('kuma', '2.13');

  test('2.14 → 2.13 → 2.14 gives the first output back (with user keys equal to defaults)', () => {
    const original = deployment({
      'kuma.io/transparent-proxying-ip-family-mode': 'dualstack',
      'traffic.kuma.io/exclude-inbound-ports': '7000',
    });
    const first = inject(original, s214);
    assert.equal(
      first.metadata.annotations?.[MARKER],
      'annotations/traffic.kuma.io/exclude-inbound-ports,annotations/kuma.io/transparent-proxying-ip-family-mode',
    );
    const down = planWorkload(first, context(s213))!.object;
    assert.deepEqual(down, inject(original, s213));
    assert.deepEqual(planWorkload(down, context(s214))?.object, first);
  });

  test('a user value the injector replaced is recorded in the marker, so settings changes and uninject stay exact', () => {
    // '' reads as unset (the injector writes the default); the 2.14 readiness port turns an empty
    // exclusion list into just that port, which stripping removes again.
    const original = deployment({ 'kuma.io/transparent-proxying-ip-family-mode': '', 'traffic.kuma.io/exclude-inbound-ports': '' });
    const first = inject(original, s214);
    assert.equal(
      first.metadata.annotations?.[MARKER],
      'annotations/traffic.kuma.io/exclude-inbound-ports=,annotations/kuma.io/transparent-proxying-ip-family-mode=',
    );
    const ipv4 = injector(s214, { sidecarContainer: { ...s214.injector.sidecarContainer, ipFamilyMode: 'ipv4' } });
    assert.deepEqual(planWorkload(first, context(ipv4))?.object, inject(original, ipv4));
    assert.deepEqual(planWorkload(first, context({ ...s214, uninject: true }))?.object, original);
  });

  test("keys the ConfigMap path always overwrites keep the user's value for a switch back to the legacy path", () => {
    const configMap: Settings = {
      ...injector(s214, { transparentProxyConfigMap: 'kuma-transparent-proxy-config' }),
      transparentProxyConfigs: { 'kuma-transparent-proxy-config': { kumaDPUser: '5678' } },
    };
    const original = deployment({ 'kuma.io/virtual-probes-port': '9100', 'kuma.io/envoy-admin-port': '9800' });
    const first = inject(original, configMap);
    assert.equal(annotationsOf(first)['kuma.io/envoy-admin-port'], '9901');
    assert.deepEqual(planWorkload(first, context(s214))?.object, inject(original, s214));
    assert.deepEqual(planWorkload(first, context({ ...configMap, uninject: true }))?.object, original);
  });

  test("a re-derived value is reported; a hand-set value listed in the marker is kept as the user's", () => {
    const dns = CHANGES[0]!.change(s214);
    const first = inject(deployment(), s214);
    const plan = planWorkload(first, context(dns));
    const note = plan?.results.find((r) => r.field?.path === 'spec.template.metadata.annotations["kuma.io/builtin-dns-port"]');
    assert.equal(note?.severity, 'info');
    assert.match(
      note?.message ?? '',
      /written by the injector, now "25053" from the current settings \(got "15053"\); kuma-inject\.dev\/user-keys .* add annotations\/kuma\.io\/builtin-dns-port to kuma-inject\.dev\/user-keys/,
    );
    // The escape hatch the note names: edit the value and list the key.
    const edited = structuredClone(first);
    (findPodTemplate(edited, [])!.template.metadata!.annotations as Record<string, string>)['kuma.io/builtin-dns-port'] = '35053';
    edited.metadata.annotations![MARKER] = 'annotations/kuma.io/builtin-dns-port';
    const kept = planWorkload(edited, context(s214));
    assert.deepEqual(kept?.object, inject(deployment({ 'kuma.io/builtin-dns-port': '35053' }), s214));
  });

  test("the marker goes on the workload, after its own annotations; the template stays the webhook's", () => {
    const original = deployment({}, { 'example.com/owner': 'team-a' });
    const out = inject(original, s214);
    assert.deepEqual(out.metadata.annotations, { 'example.com/owner': 'team-a', [MARKER]: '' });
    assert.equal(Object.hasOwn(annotationsOf(out), MARKER), false);
  });

  test("uninject removes the marker (and the map it created), keeping the workload's own annotations", () => {
    for (const own of [undefined, { 'example.com/owner': 'team-a' }]) {
      const original = deployment({ 'kuma.io/builtin-dns-port': '15053' }, own);
      const back = planWorkload(inject(original, s214), context({ ...s214, uninject: true }));
      assert.equal(back?.decision, 'uninjected');
      assert.deepEqual(back?.object, original);
    }
  });

  test('uninject of a workload that is not injected drops a left-over marker', () => {
    const stale = deployment({}, { [MARKER]: '' });
    const plan = planWorkload(stale, context({ ...s214, uninject: true }));
    assert.equal(plan?.decision, 'skipped');
    assert.deepEqual(plan?.object, deployment());
  });

  test('injected earlier, not injected now: the original comes back without the marker', () => {
    const plan = planWorkload(inject(deployment(), s214), context(s214, { labels: {}, annotations: {} }));
    assert.equal(plan?.decision, 'uninjected');
    assert.deepEqual(plan?.object, deployment());
  });

  test('a marker that lists a key the template lacks is corrected, and the message says only the record changed', () => {
    const first = inject(deployment(), s214);
    const stale = { ...first, metadata: { ...first.metadata, annotations: { [MARKER]: 'annotations/kuma.io/transparent-proxying-ebpf' } } };
    const plan = planWorkload(stale, context(s214));
    assert.deepEqual(plan?.object, first);
    assert.match(
      plan?.results[0]?.message ?? '',
      /already injected as this version and these settings would; only its kuma-inject\.dev\/user-keys record was updated/,
    );
  });

  test('a bare Pod gets no marker (it is its own template)', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop' },
      spec: { containers: [{ name: 'p', image: 'p' }] },
    };
    const out = inject(pod, s214);
    assert.equal(Object.hasOwn(out.metadata.annotations ?? {}, MARKER), false);
  });

  test('an injected template without a marker that needs no change stays the same reference, unmarked', () => {
    const injected = inject(deployment(), s214);
    const unmarked = { ...injected, metadata: deployment().metadata };
    const plan = planWorkload(unmarked, context(s214));
    assert.equal(plan?.object, unmarked);
    // ... and one that changes gets the marker the heuristic decided on.
    const changed = planWorkload(unmarked, context(s213));
    assert.equal(changed?.object.metadata.annotations?.[MARKER], '');
  });
});

describe('probe ports: number or name, as the user wrote them', () => {
  const s214 = defaultSettings('kuma', '2.14');
  const withProbePort = (port: number | string, probe = 'readinessProbe'): KubeObject => {
    const d = deployment();
    const container = (d.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;
    container.ports = [{ name: 'http', containerPort: 8080 }];
    delete container.readinessProbe;
    container[probe] = probe === 'livenessProbe' ? { tcpSocket: { port } } : { httpGet: { path: '/healthz', port } };
    return d;
  };
  const virtual = injector(s214, { virtualProbesEnabled: true, applicationProbeProxyPort: 0 });

  for (const [label, s] of [
    ['probe proxy', s214],
    ['virtual probes', virtual],
  ] as const) {
    test(`${label}: port 8080 stays a number although a container port named http has 8080`, () => {
      const original = withProbePort(8080);
      const injected = inject(original, s);
      assert.equal(Object.hasOwn(injected.metadata.annotations ?? {}, 'kuma-inject.dev/probe-port-names'), false);
      assert.deepEqual(planWorkload(injected, context({ ...s, uninject: true }))?.object, original);
    });

    test(`${label}: port http stays a name (recorded beside the marker)`, () => {
      const original = withProbePort('http');
      const injected = inject(original, s);
      assert.equal(injected.metadata.annotations?.['kuma-inject.dev/probe-port-names'], 'web/readinessProbe=http');
      assert.deepEqual(planWorkload(injected, context({ ...s, uninject: true }))?.object, original);
      // Both forms inject to the same template, so the record is the only witness.
      assert.deepEqual(findPodTemplate(injected, [])?.template, findPodTemplate(inject(withProbePort(8080), s), [])?.template);
    });
  }

  test('a tcpSocket probe through the probe proxy keeps its number too', () => {
    const original = withProbePort(8080, 'livenessProbe');
    assert.deepEqual(planWorkload(inject(original, s214), context({ ...s214, uninject: true }))?.object, original);
  });

  test('without a marker (webhook output) a number equal to exactly one named port comes back as the name', () => {
    const injected = inject(withProbePort(8080), s214);
    const unmarked = { ...injected, metadata: deployment().metadata };
    assert.deepEqual(planWorkload(unmarked, context({ ...s214, uninject: true }))?.object, withProbePort('http'));
  });
});
