/**
 * Properties of the workload layer over generated Deployments (fast-check):
 * - opted-out workloads come back untouched (same reference, input not mutated);
 * - user containers are never removed or reordered by injection;
 * - a second run on the output changes nothing; uninject gives back the original template;
 * - re-rendering with another profile equals injecting the original with it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planWorkload, type WorkloadContext } from '../../src/core/workloads/plan-workload.ts';
import { findPodTemplate } from '../../src/core/workloads/pod-template.ts';
import { defaultSettings } from '../../src/config/profiles.ts';
import type { NamespaceInfo, Settings } from '../../src/core/settings.ts';
import type { KubeObject } from '../../src/core/types.ts';
import { plainContext } from '../core/workloads/plain-context.ts';

const LABEL = 'kuma.io/sidecar-injection';
const INJECTED = new Set(['kuma-sidecar', 'kuma-init', 'kuma-validation']);

const NAMESPACES: Record<string, NamespaceInfo> = {
  enabled: { labels: { [LABEL]: 'enabled' }, annotations: {} },
  disabled: { labels: { [LABEL]: 'disabled' }, annotations: {} },
  unlabelled: { labels: {}, annotations: { [LABEL]: 'enabled' } },
};

function context(s: Settings): WorkloadContext {
  return plainContext(s, NAMESPACES);
}

const settingsArb = fc.constantFrom(
  defaultSettings('kuma', '2.14'),
  defaultSettings('kuma', '2.13'),
  { ...defaultSettings('kong-mesh', '2.14'), sidecarContainers: false },
  { ...defaultSettings('kuma', '2.13'), sidecarContainers: true },
  // The opt-in ConfigMap transparent-proxy path (spec §14).
  {
    ...defaultSettings('kuma', '2.14'),
    injector: { ...defaultSettings('kuma', '2.14').injector, transparentProxyConfigMap: 'kuma-transparent-proxy-config' },
    transparentProxyConfigs: {
      'kuma-transparent-proxy-config': { kumaDPUser: '5678', redirect: { dns: { enabled: true, captureAll: true } } },
    },
  },
);

/** Plain objects, as a YAML parser gives (assert's deepEqual compares prototypes). */
const NO_NULL_PROTO = { noNullPrototype: true } as const;

const nameArb = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/).filter((n) => !n.startsWith('kuma'));
const portArb = fc.integer({ min: 1024, max: 8999 });

/** A probe the injector may rewrite and that the injected pod records fully (no host, no explicit HTTP scheme). */
const probeArb = fc.oneof(
  fc.record(
    {
      httpGet: fc.record({ path: fc.stringMatching(/^\/[a-z]{1,6}$/), port: portArb }, NO_NULL_PROTO),
      periodSeconds: fc.integer({ min: 1, max: 9 }),
    },
    NO_NULL_PROTO,
  ),
  fc.record({ tcpSocket: fc.record({ port: portArb }, NO_NULL_PROTO), timeoutSeconds: fc.integer({ min: 1, max: 5 }) }, NO_NULL_PROTO),
  fc.record({ exec: fc.record({ command: fc.constant(['true']) }, NO_NULL_PROTO) }, NO_NULL_PROTO),
);

const containerArb = (name: string) =>
  fc.record(
    {
      name: fc.constant(name),
      image: fc.constantFrom('app:1', 'nginx:1.27'),
      readinessProbe: fc.option(probeArb, { nil: undefined }),
    },
    { requiredKeys: ['name', 'image'], noNullPrototype: true },
  );

const containersArb = fc.uniqueArray(nameArb, { minLength: 1, maxLength: 4 }).chain((names) => fc.tuple(...names.map(containerArb)));

const userAnnotationsArb = fc.dictionary(fc.stringMatching(/^example\.com\/[a-z]{1,5}$/), fc.string({ maxLength: 8 }), {
  maxKeys: 3,
  noNullPrototype: true,
});

function deployment(
  namespace: string,
  podLabels: Record<string, string>,
  annotations: Record<string, string>,
  containers: unknown[],
  initContainers: unknown[],
): KubeObject {
  const spec: Record<string, unknown> = { containers };
  if (initContainers.length > 0) spec.initContainers = initContainers;
  const metadata: Record<string, unknown> = { labels: { app: 'x', ...podLabels } };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x', namespace },
    spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata, spec } },
  };
}

const templateOf = (o: KubeObject) =>
  findPodTemplate(o, [])?.template as {
    metadata?: Record<string, unknown>;
    spec: { containers: { name: string }[]; initContainers?: { name: string }[] };
  };

/** Namespace × pod labels that keep the webhook away or make it skip (spec §1, §2). */
const optedOutArb = fc.oneof(
  fc.record({ namespace: fc.constant('enabled'), labels: fc.constant({ [LABEL]: 'disabled' }) }),
  fc.record({ namespace: fc.constant('enabled'), labels: fc.constant({ 'openshift.io/build.name': 'b' }) }),
  fc.record({ namespace: fc.constant('disabled'), labels: fc.constantFrom({}, { [LABEL]: 'true' }, { [LABEL]: 'disabled' }) }),
  fc.record({ namespace: fc.constant('unlabelled'), labels: fc.constantFrom({}, { [LABEL]: 'enabled' }) }),
  fc.record({
    namespace: fc.constantFrom('unknown', 'kube-system', 'kuma-system', 'kong-mesh-system'),
    labels: fc.constantFrom({}, { [LABEL]: 'enabled' }),
  }),
);

describe('workloads: properties', () => {
  test('opted-out workloads are untouched (same reference, not mutated)', () => {
    fc.assert(
      fc.property(settingsArb, optedOutArb, userAnnotationsArb, containersArb, (s, out, annotations, containers) => {
        const object = deployment(out.namespace, out.labels, annotations, containers, []);
        const before = structuredClone(object);
        const plan = planWorkload(object, context(s));
        assert.equal(plan?.object, object);
        assert.equal(plan?.changed, false);
        assert.equal(plan?.decision, 'skipped');
        assert.deepEqual(object, before);
      }),
      { numRuns: 200 },
    );
  });

  test('injection never removes or reorders user containers; a second run changes nothing; uninject gives the original back', () => {
    fc.assert(
      fc.property(
        settingsArb,
        fc.constantFrom({}, { [LABEL]: 'enabled' }),
        userAnnotationsArb,
        containersArb,
        containersArb,
        (s, labels, annotations, containers, inits) => {
          const initNames = new Set(containers.map((c) => c.name));
          const initContainers = inits.filter((c) => !initNames.has(c.name)).map((c) => ({ name: c.name, image: c.image }));
          const object = deployment('enabled', labels, annotations, containers, initContainers);
          const before = structuredClone(object);
          const plan = planWorkload(object, context(s));
          assert.equal(plan?.decision, 'injected', JSON.stringify(plan?.results));
          assert.deepEqual(object, before);
          const spec = templateOf(plan.object).spec;
          assert.deepEqual(
            spec.containers.map((c) => c.name).filter((n) => !INJECTED.has(n)),
            containers.map((c) => c.name),
          );
          assert.deepEqual(
            (spec.initContainers ?? []).map((c) => c.name).filter((n) => !INJECTED.has(n)),
            initContainers.map((c) => c.name),
          );
          const again = planWorkload(plan.object, context(s));
          assert.equal(again?.decision, 'injected', JSON.stringify(again?.results));
          assert.equal(again?.changed, false);
          assert.equal(again?.object, plan.object);
          const back = planWorkload(plan.object, context({ ...s, uninject: true }));
          assert.deepEqual(back?.object, object);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('never throws and never mutates, whatever the template holds (malformed or half-injected shapes)', () => {
    const keys = fc.constantFrom(
      'kuma.io/application-probe-proxy-port',
      'kuma.io/virtual-probes',
      'kuma.io/virtual-probes-port',
      'traffic.kuma.io/exclude-inbound-ports',
      'kuma.io/envoy-admin-port',
      'kuma.io/gateway',
      'kuma.io/mesh',
      'example.com/x',
    );
    const annotations = fc.dictionary(keys, fc.oneof(fc.string(), fc.constantFrom('0', '9001', 'enabled', 'disabled')), NO_NULL_PROTO);
    // The workload's own record (user-keys-marker.ts), well-formed or not.
    const record = fc.dictionary(
      fc.constantFrom('kuma-inject.dev/user-keys', 'kuma-inject.dev/probe-port-names'),
      fc.oneof(
        fc.string(),
        fc.anything(),
        fc.constantFrom(
          'annotations/kuma.io/virtual-probes',
          'labels/kuma.io/mesh=%E0%A4%A',
          'annotations/traffic.kuma.io/exclude-inbound-ports=1%2C2',
          'app/livenessProbe=http,=,a=b=c',
        ),
      ),
      NO_NULL_PROTO,
    );
    fc.assert(
      fc.property(
        settingsArb,
        fc.boolean(),
        annotations,
        fc.array(fc.anything()),
        fc.anything(),
        fc.anything(),
        record,
        (s, uninject, a, extra, probe, volumes, own) => {
          const object: KubeObject = {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'x', namespace: 'enabled', annotations: own as Record<string, string> },
            spec: {
              template: {
                metadata: { annotations: a },
                spec: {
                  containers: [{ name: 'kuma-sidecar', readinessProbe: probe }, { name: 'app', livenessProbe: probe }, ...extra],
                  volumes,
                },
              },
            },
          };
          const before = structuredClone(object);
          planWorkload(object, context({ ...s, uninject }));
          assert.deepEqual(object, before);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('re-rendering output of one profile with another equals injecting the original with the other', () => {
    fc.assert(
      fc.property(settingsArb, settingsArb, userAnnotationsArb, containersArb, (a, b, annotations, containers) => {
        const object = deployment('enabled', {}, annotations, containers, []);
        const withA = planWorkload(object, context(a))!.object;
        const withB = planWorkload(object, context(b))!.object;
        assert.deepEqual(planWorkload(withA, context(b))?.object, withB);
      }),
      { numRuns: 150 },
    );
  });

  test('probe ports written as a number or as the name of a container port come back as written', () => {
    fc.assert(
      fc.property(settingsArb, portArb, fc.boolean(), fc.boolean(), fc.boolean(), (s, port, named, tcp, virtual) => {
        const written = named ? 'http' : port;
        const readinessProbe = tcp ? { tcpSocket: { port: written } } : { httpGet: { path: '/ready', port: written } };
        const container = { name: 'app', image: 'app:1', ports: [{ name: 'http', containerPort: port }], readinessProbe };
        const settings = virtual ? { ...s, injector: { ...s.injector, virtualProbesEnabled: true, applicationProbeProxyPort: 0 } } : s;
        const object = deployment('enabled', {}, {}, [container], []);
        const plan = planWorkload(object, context(settings));
        assert.equal(plan?.decision, 'injected', JSON.stringify(plan?.results));
        assert.deepEqual(planWorkload(plan.object, context({ ...settings, uninject: true }))?.object, object);
        const again = planWorkload(plan.object, context(settings));
        assert.equal(again?.decision, 'injected', JSON.stringify(again?.results));
        assert.equal(again?.changed, false);
      }),
      { numRuns: 150 },
    );
  });

  test('with user values for keys the injector also writes: a second run is a no-op and the uninjected form re-injects to the same', () => {
    const own = fc.dictionary(
      fc.constantFrom(
        'traffic.kuma.io/exclude-inbound-ports',
        'traffic.kuma.io/exclude-outbound-ports',
        'kuma.io/virtual-probes-port',
        'kuma.io/transparent-proxying-ip-family-mode',
        'kuma.io/application-probe-proxy-port',
        'kuma.io/virtual-probes',
        'kuma.io/builtin-dns',
        'kuma.io/builtin-dns-port',
        'kuma.io/envoy-admin-port',
        'kuma.io/mesh',
        'kuma.io/gateway',
        'kubectl.kubernetes.io/default-container',
      ),
      fc.constantFrom('', '0', '1234', '1234,5678', '9000', '9001', '9901', '15053', 'ipv4', 'dualstack', 'enabled', 'disabled', 'default'),
      { noNullPrototype: true },
    );
    let injectedRuns = 0;
    fc.assert(
      fc.property(settingsArb, own, containersArb, fc.boolean(), (s, annotations, containers, meshLabel) => {
        const object = deployment('enabled', meshLabel ? { 'kuma.io/mesh': 'default' } : {}, annotations, containers, []);
        const plan = planWorkload(object, context(s));
        if (plan?.decision !== 'injected') return; // invalid combinations are the webhook's errors
        injectedRuns++;
        const again = planWorkload(plan.object, context(s));
        // Accepted as it is: a run that refuses its own output also leaves it unchanged.
        assert.equal(again?.decision, 'injected', JSON.stringify(again?.results));
        assert.equal(again?.changed, false, JSON.stringify(again?.results));
        const back = planWorkload(plan.object, context({ ...s, uninject: true }));
        // With the marker kuma-inject leaves on the workload, uninject is exact.
        assert.deepEqual(back?.object, object);
        assert.deepEqual(planWorkload(back!.object, context(s))?.object, plan.object);
        // Without it (the webhook's own output) the original is judged, and still re-injects to the same template.
        const unmarked = { ...plan.object, metadata: object.metadata };
        const judged = planWorkload(unmarked, context({ ...s, uninject: true }));
        assert.deepEqual(templateOf(planWorkload(judged!.object, context(s))!.object), templateOf(plan.object));
      }),
      { numRuns: 300 },
    );
    // Many combinations are the webhook's errors; enough are valid for the property to say something.
    assert.ok(injectedRuns > 30, `${injectedRuns} injected runs`);
  });
});

describe('workloads: found by the properties', () => {
  test('probes the injection would point at port 0 fail the workload instead of writing it (seed 763449515)', () => {
    // The probe proxy off and virtual probes on port 0: the webhook rewrites the httpGet probe to
    // port 0, which the API server refuses for every pod (and which the next run refused as input).
    const s = defaultSettings('kuma', '2.14');
    const object = deployment(
      'enabled',
      {},
      { 'kuma.io/virtual-probes-port': '0', 'kuma.io/virtual-probes': 'enabled', 'kuma.io/gateway': 'disabled' },
      [
        { name: 'a', image: 'app:1' },
        { name: 'a0', image: 'app:1', readinessProbe: { httpGet: { path: '/a', port: 1024 }, periodSeconds: 1 } },
      ],
      [],
    );
    for (const settings of [s, { ...s, sidecarContainers: false }]) {
      const plan = planWorkload(object, context(settings));
      assert.equal(plan?.decision, 'failed');
      assert.equal(plan?.object, object, 'the workload is left as it was');
      const error = plan?.results.find((r) => r.severity === 'error');
      assert.equal(error?.tags?.['code'], 'KI0224');
      assert.equal(error?.field?.path, 'spec.template.spec.containers[1].readinessProbe.httpGet.port');
      assert.match(
        error?.message ?? '',
        /container "a0", readinessProbe\.httpGet\.port that must be an integer from 1 to 65535 or a port name \(got 0\)/,
      );
      assert.match(error?.message ?? '', /kuma\.io\/virtual-probes-port/);
    }
  });

  test('a webhook-injected 2.13 template with envoy-admin-port "0" and the user excluding 9901 keeps that exclusion (seed 1680617341)', () => {
    const s = { ...defaultSettings('kuma', '2.13'), sidecarContainers: true };
    const object = deployment(
      'enabled',
      {},
      { 'kuma.io/envoy-admin-port': '0', 'traffic.kuma.io/exclude-inbound-ports': '9901' },
      [{ name: 'a', image: 'app:1' }],
      [],
    );
    const plan = planWorkload(object, context(s));
    assert.equal(plan?.decision, 'injected');
    const unmarked = { ...plan!.object, metadata: object.metadata };
    const judged = planWorkload(unmarked, context({ ...s, uninject: true }));
    const annotations = templateOf(judged!.object).metadata?.['annotations'] as Record<string, string> | undefined;
    assert.equal(annotations?.['traffic.kuma.io/exclude-inbound-ports'], '9901');
  });
});
