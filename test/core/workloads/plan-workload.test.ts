/**
 * planWorkload beyond the decision table: re-rendering an injected workload from its original
 * form (version and settings changes), uninject, workloads injected earlier that would not be
 * injected now, failures leaving the workload untouched, and the shape of what is written back.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planWorkload, type WorkloadContext } from '../../../src/core/workloads/plan-workload.ts';
import { findPodTemplate } from '../../../src/core/workloads/pod-template.ts';
import { defaultSettings } from '../../../src/config/profiles.ts';
import type { NamespaceInfo, Settings } from '../../../src/core/settings.ts';
import type { KubeObject } from '../../../src/core/types.ts';
import { plainContext } from './plain-context.ts';

const LABEL = 'kuma.io/sidecar-injection';
const SHOP: NamespaceInfo = { labels: { [LABEL]: 'enabled' }, annotations: {} };

function context(s: Settings, namespaces: Record<string, NamespaceInfo> = { shop: SHOP }): WorkloadContext {
  return plainContext(s, namespaces);
}

const S214 = defaultSettings('kuma', '2.14');
const S213 = defaultSettings('kuma', '2.13');

/** A typical app: named probe port, user annotations, an init container. */
function deployment(extra: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, annotations: { team: 'payments', ...extra } },
        spec: {
          initContainers: [{ name: 'migrate', image: 'migrate:1' }],
          containers: [
            {
              name: 'web',
              image: 'web:1',
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, timeoutSeconds: 2 },
            },
            { name: 'log', image: 'log:1' },
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

const templateOf = (o: KubeObject): unknown => findPodTemplate(o, [])?.template;

describe('re-render from the original form', () => {
  test('2.13 output re-rendered with 2.14 equals injecting the original with 2.14 (and back)', () => {
    const original = deployment();
    const as213 = inject(original, S213);
    const as214 = inject(original, S214);
    assert.notDeepEqual(templateOf(as213), templateOf(as214));
    const up = planWorkload(as213, context(S214));
    assert.equal(up?.changed, true);
    assert.match(up?.results[0]?.message ?? '', /re-rendered from its original form/);
    assert.deepEqual(up?.object, as214);
    assert.deepEqual(planWorkload(as214, context(S213))?.object, as213);
  });

  test('native ↔ classic layout switch', () => {
    const native = inject(deployment(), S214);
    const classicSettings = { ...S214, sidecarContainers: false };
    assert.deepEqual(planWorkload(native, context(classicSettings))?.object, inject(deployment(), classicSettings));
  });

  test('a changed sidecar image re-renders; an unchanged one is the same reference', () => {
    const injected = inject(deployment(), S214);
    const same = planWorkload(injected, context(S214));
    assert.equal(same?.changed, false);
    assert.equal(same?.object, injected);
    assert.ok(same?.injected, 'previews still get the injected pod');
    const newer = {
      ...S214,
      injector: { ...S214.injector, sidecarContainer: { ...S214.injector.sidecarContainer, image: 'kuma/kuma-dp:9.9.9' } },
    };
    const plan = planWorkload(injected, context(newer));
    assert.equal(plan?.changed, true);
    assert.deepEqual(plan?.object, inject(deployment(), newer));
  });

  test('user annotations that the injector also writes survive re-rendering', () => {
    const own = { 'traffic.kuma.io/exclude-inbound-ports': '7000', 'kuma.io/virtual-probes-port': '9100' };
    const injected = inject(deployment(own), S214);
    // 2.14 appends the readiness port to the pod's own list (spec §8).
    const annotations = (templateOf(injected) as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
    assert.equal(annotations['traffic.kuma.io/exclude-inbound-ports'], '7000,9902');
    const back = planWorkload(injected, context({ ...S214, uninject: true }));
    assert.deepEqual(templateOf(back!.object), templateOf(deployment(own)));
    const again = planWorkload(injected, context(S214));
    assert.equal(again?.changed, false);
  });

  test("without the marker (webhook output), a value kept as the workload's own that current settings write differently is reported", () => {
    const old = { ...S214, injector: { ...S214.injector, applicationProbeProxyPort: 9500 } };
    const injected = inject(deployment(), old);
    assert.equal(injected.metadata.annotations?.['kuma-inject.dev/user-keys'], '');
    const unmarked = { ...injected, metadata: deployment().metadata };
    const plan = planWorkload(unmarked, context(S214));
    const note = plan?.results.find((r) => r.field?.path === 'spec.template.metadata.annotations["kuma.io/application-probe-proxy-port"]');
    assert.equal(note?.severity, 'info');
    assert.match(note?.message ?? '', /got "9500".*would write "9001"/);
  });
});

describe('zone proxies and extra kinds', () => {
  test('a 2.14 zone proxy in the control-plane namespace keeps its kuma.io/mesh label across re-renders', () => {
    const proxy: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ingress', namespace: 'kuma-system' },
      spec: {
        template: {
          metadata: { labels: { [LABEL]: 'enabled', 'kuma.io/mesh': 'default', 'k8s.kuma.io/zone-proxy-type': 'ingress' } },
          spec: { containers: [{ name: 'app', image: 'a' }] },
        },
      },
    };
    const injected = inject(proxy, S214);
    const again = planWorkload(injected, context(S214));
    assert.equal(again?.decision, 'injected');
    assert.equal(again?.changed, false);
    assert.deepEqual(planWorkload(injected, context({ ...S214, uninject: true }))?.object, proxy);
  });

  test('an Argo Rollout declared in settings.workloadKinds is injected like a Deployment', () => {
    const s = { ...S214, workloadKinds: [{ group: 'argoproj.io', kind: 'Rollout', templatePath: ['spec', 'template'] }] };
    const d = deployment();
    const rollout: KubeObject = { ...d, apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' };
    const plan = planWorkload(rollout, context(s));
    assert.equal(plan?.decision, 'injected');
    assert.deepEqual((plan?.object.spec as { template: unknown }).template, (inject(d, S214).spec as { template: unknown }).template);
    // Without the entry it is not injected, but counted as skipped with the warning that says why.
    const unknown = planWorkload(rollout, context(S214));
    assert.equal(unknown?.decision, 'skipped');
    assert.equal(unknown?.object, rollout);
    assert.match(unknown?.results[0]?.message ?? '', /is not a workload kind kuma-inject knows/);
  });
});

describe('ConfigMap transparent-proxy mode (spec §14)', () => {
  const s: Settings = {
    ...S214,
    injector: { ...S214.injector, transparentProxyConfigMap: 'kuma-transparent-proxy-config' },
    transparentProxyConfigs: {
      'kuma-transparent-proxy-config': { kumaDPUser: '5678', redirect: { dns: { enabled: true, captureAll: true } } },
    },
  };

  test('re-running is a no-op and uninject gives back the original', () => {
    // The pod's own exclusion only lands in the tproxy config; `kuma.io/virtual-probes: disabled`
    // there implies probe port 0, the reverse of the legacy dependency.
    const original = deployment({ 'traffic.kuma.io/exclude-inbound-ports': '7000' });
    const injected = inject(original, s);
    const annotations = (templateOf(injected) as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
    assert.ok(annotations['traffic.kuma.io/transparent-proxy-config']?.includes('- 7000'));
    const again = planWorkload(injected, context(s));
    assert.equal(again?.changed, false);
    assert.equal(again?.results.length, 1, JSON.stringify(again?.results));
    assert.deepEqual(planWorkload(injected, context({ ...s, uninject: true }))?.object, original);
  });

  test('switching between the legacy and the ConfigMap path re-renders exactly', () => {
    // (A pod's own `kuma.io/virtual-probes: disabled` equals what the legacy path writes anyway,
    // so a legacy-injected pod cannot carry it across; the ConfigMap path reads it differently.)
    const original = deployment();
    assert.deepEqual(planWorkload(inject(original, S214), context(s))?.object, inject(original, s));
    assert.deepEqual(planWorkload(inject(original, s), context(S214))?.object, inject(original, S214));
  });
});

describe('uninject', () => {
  test('gives back the original template of every built-in kind', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop', labels: { app: 'p' } },
      spec: { containers: [{ name: 'p', image: 'p' }] },
    };
    for (const original of [deployment(), pod]) {
      const injected = inject(original, S214);
      const plan = planWorkload(injected, context({ ...S214, uninject: true }));
      assert.equal(plan?.decision, 'uninjected');
      assert.deepEqual(plan?.object, original);
      assert.equal(plan?.injected, undefined);
    }
  });

  test('a workload that is not injected stays the same reference', () => {
    const original = deployment();
    const plan = planWorkload(original, context({ ...S214, uninject: true }));
    assert.equal(plan?.decision, 'skipped');
    assert.equal(plan?.object, original);
    assert.equal(plan?.changed, false);
  });

  test('a template without metadata comes back without metadata (the injector created it)', () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', namespace: 'shop' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'j', image: 'j' }] } } },
    };
    const plan = planWorkload(inject(job, S214), context({ ...S214, uninject: true }));
    assert.deepEqual(plan?.object, job);
  });

  test('works when the namespace is not known at all', () => {
    const injected = inject(deployment(), S214);
    const plan = planWorkload(injected, context({ ...S214, uninject: true }, {}));
    assert.equal(plan?.decision, 'uninjected');
    assert.deepEqual(plan?.object, deployment());
  });

  test('works whatever the namespace says now (no injection label)', () => {
    const injected = inject(deployment(), S214);
    const plan = planWorkload(injected, context({ ...S214, uninject: true }, { shop: { labels: {}, annotations: {} } }));
    assert.deepEqual(plan?.object, deployment());
  });
});

describe('injected earlier, not injected now', () => {
  test('namespace label removed: the original comes back, with a warning', () => {
    const injected = inject(deployment(), S214);
    const plan = planWorkload(injected, context(S214, { shop: { labels: {}, annotations: {} } }));
    assert.equal(plan?.decision, 'uninjected');
    assert.deepEqual(plan?.object, deployment());
    assert.equal(plan?.results[0]?.severity, 'warning');
    assert.match(
      plan?.results[0]?.message ?? '',
      /was injected earlier, but the webhook would not inject it now \(namespace shop has no kuma\.io\/sidecar-injection label/,
    );
  });

  test('pod opted out with the label: the original comes back', () => {
    const injected = inject(deployment(), S214);
    const template = templateOf(injected) as { metadata: { labels: Record<string, string> } };
    template.metadata.labels[LABEL] = 'disabled';
    const plan = planWorkload(injected, context(S214));
    assert.equal(plan?.decision, 'uninjected');
    const back = templateOf(plan!.object) as { metadata: { labels: Record<string, string> }; spec: unknown };
    assert.deepEqual(back.metadata.labels, { app: 'web', [LABEL]: 'disabled' });
    assert.deepEqual(back.spec, (templateOf(deployment()) as { spec: unknown }).spec);
  });

  test('unknown namespace: no guess either way, the injected workload stays as it is', () => {
    const injected = inject(deployment(), S214);
    const plan = planWorkload(injected, context(S214, {}));
    assert.equal(plan?.decision, 'skipped');
    assert.equal(plan?.object, injected);
    assert.equal(plan?.results[0]?.severity, 'warning');
    assert.match(plan?.results[0]?.message ?? '', /already injected template is left exactly as it is/);
  });
});

describe('failures leave the workload untouched', () => {
  test('an invalid annotation on an injected workload: error on the workload, same reference', () => {
    const injected = inject(deployment(), S214);
    const template = templateOf(injected) as { metadata: { annotations: Record<string, string> } };
    template.metadata.annotations['kuma.io/sidecar-drain-time'] = 'soon';
    const plan = planWorkload(injected, context(S214));
    assert.equal(plan?.decision, 'failed');
    assert.equal(plan?.object, injected);
    const error = plan?.results.find((r) => r.severity === 'error');
    assert.equal(error?.field?.path, 'spec.template.metadata.annotations["kuma.io/sidecar-drain-time"]');
    assert.match(
      error?.message ?? '',
      /^Deployment shop\/web, spec\.template\.metadata\.annotations\["kuma\.io\/sidecar-drain-time"\]: .*time: invalid duration "soon"/,
    );
  });

  test('a CronJob names the jobTemplate path', () => {
    const cron: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: {
            template: {
              metadata: { annotations: { 'kuma.io/init-first': 'sometimes' } },
              spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'j' }] },
            },
          },
        },
      },
    };
    const plan = planWorkload(cron, context(S214));
    assert.equal(plan?.decision, 'failed');
    assert.equal(
      plan?.results.find((r) => r.severity === 'error')?.field?.path,
      'spec.jobTemplate.spec.template.metadata.annotations["kuma.io/init-first"]',
    );
  });
});

describe('what is written back', () => {
  test('a template without metadata gets only what injection adds; no namespace leaks in', () => {
    const o: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'd', namespace: 'shop' },
      spec: { template: { spec: { containers: [{ name: 'a', image: 'a' }] } } },
    };
    const plan = planWorkload(o, context(S214));
    const template = templateOf(plan!.object) as { metadata: Record<string, unknown> };
    assert.deepEqual(Object.keys(template), ['metadata', 'spec']);
    assert.deepEqual(Object.keys(template.metadata).sort(), ['annotations', 'labels']);
    assert.equal(plan?.injected?.namespace, 'shop');
  });

  test('a bare Pod keeps its own top-level fields and namespace', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop' },
      spec: { containers: [{ name: 'p', image: 'p' }] },
      status: {},
    };
    const out = inject(pod, S214);
    assert.deepEqual(Object.keys(out), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    assert.equal(out.metadata.namespace, 'shop');
  });

  test('never mutates the input', () => {
    const o = deployment();
    const before = structuredClone(o);
    const injected = inject(o, S214);
    assert.deepEqual(o, before);
    const snapshot = structuredClone(injected);
    planWorkload(injected, context({ ...S214, uninject: true }));
    planWorkload(injected, context(S213));
    assert.deepEqual(injected, snapshot);
  });

  test('objects that are not workloads give undefined', () => {
    assert.equal(planWorkload({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' } }, context(S214)), undefined);
  });
});

describe('hand edits to injected containers', () => {
  test('an edited kuma-sidecar is rendered again, and the message says why and points to ContainerPatch', () => {
    const injected = inject(deployment(), S214);
    const edited = structuredClone(injected);
    const template = templateOf(edited) as { spec: { initContainers: { name: string; image?: string }[] } };
    const sidecar = template.spec.initContainers.find((c) => c.name === 'kuma-sidecar')!;
    sidecar.image = 'example.com/my-kuma-dp:1';
    const plan = planWorkload(edited, context(S214));
    assert.deepEqual(plan?.object, injected);
    const first = plan?.results[0];
    assert.equal(first?.severity, 'info');
    assert.match(
      first?.message ?? '',
      /re-rendered from its original form .*; kuma-sidecar was rendered again from the settings, annotations and ContainerPatches, so any hand edit to the injected containers is replaced\. To change them, use a ContainerPatch \(pod annotation kuma\.io\/container-patches\)/,
    );
  });

  test('a re-render that leaves the injected containers as they are says nothing about them', () => {
    const injected = inject(deployment(), S214);
    const edited = structuredClone(injected);
    (templateOf(edited) as { metadata: { annotations: Record<string, string> } }).metadata.annotations['kuma.io/sidecar-uid'] = '1';
    const plan = planWorkload(edited, context(S214));
    assert.equal(plan?.changed, true);
    assert.doesNotMatch(plan?.results[0]?.message ?? '', /hand edit/);
    assert.doesNotMatch(planWorkload(injected, context(S214))?.results[0]?.message ?? '', /hand edit/);
  });
});
