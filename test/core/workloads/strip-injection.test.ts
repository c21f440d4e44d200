/**
 * stripInjection(golden, harness context) over every upstream golden of both profiles and both
 * layouts: the result must deep-equal the case's input Pod (after the
 * README's normalisations). Where it cannot, the test proves why: two different originals — the
 * input and what we return — inject to the very same golden, so no function of the golden can
 * return the input.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stripInjection } from '../../../src/core/workloads/strip-injection.ts';
import { stripInjectedParts, type PodView } from '../../../src/core/workloads/injected-parts.ts';
import { injectPod, type PodLike } from '../../../src/core/inject/inject-pod.ts';
import { loadCases } from './conformance-cases.ts';
import { injectContext } from './harness-context.ts';

/**
 * The user annotation equals what the case's config writes anyway, so injecting with or without
 * it gives the same golden (proved below for each run).
 */
const AMBIGUOUS: Record<string, { field: string; why: string }> = {
  'inject.29': { field: 'metadata.annotations["kuma.io/builtin-dns-port"]', why: 'pod value "25053" = config builtinDNS.port 25053' },
  'inject.33': {
    field: 'metadata.annotations["kuma.io/transparent-proxying-ip-family-mode"]',
    why: 'pod value "ipv4" = config sidecarContainer.ipFamilyMode ipv4',
  },
  'inject.34': {
    field: 'metadata.annotations["kuma.io/transparent-proxying-ip-family-mode"]',
    why: 'pod value "ipv4" = config sidecarContainer.ipFamilyMode ipv4',
  },
};

function annotationKey(field: string): string {
  return /\["(.+)"\]$/.exec(field)?.[1] ?? field;
}

for (const version of ['2.14', '2.13'] as const) {
  describe(`kuma-${version}: stripInjection(golden) gives back the input`, () => {
    let exact = 0;
    let proved = 0;
    let goldens = 0;
    for (const c of loadCases(version)) {
      for (const run of c.runs) {
        if (run.golden === undefined) continue;
        test(`${c.id} ${run.variant}`, () => {
          goldens++;
          const golden = run.golden as unknown as PodView;
          const input = c.input as unknown as PodView;
          // The spec part alone (containers, volumes, probes) is exact for every golden.
          assert.deepEqual(stripInjectedParts(golden).spec, input.spec);
          const ctx = injectContext(c, run.settings);
          const original = stripInjection(golden, ctx);
          const ambiguous = AMBIGUOUS[c.id];
          if (ambiguous === undefined) {
            assert.deepEqual(original, input);
            exact++;
            return;
          }
          // Proof: what differs is exactly the listed annotation, missing from our result ...
          const key = annotationKey(ambiguous.field);
          assert.notDeepEqual(original, input);
          const inputWithout = structuredClone(input);
          delete inputWithout.metadata.annotations?.[key];
          if (Object.keys(inputWithout.metadata.annotations ?? {}).length === 0) delete inputWithout.metadata.annotations;
          assert.deepEqual(original, inputWithout, ambiguous.why);
          // ... and both originals inject to the same golden.
          const fromInput = injectPod(input as PodLike, ctx);
          const fromOurs = injectPod(original as PodLike, ctx);
          assert.equal(fromInput.kind, 'injected');
          assert.equal(fromOurs.kind, 'injected');
          if (fromInput.kind === 'injected' && fromOurs.kind === 'injected') {
            assert.deepEqual(fromInput.pod, golden);
            assert.deepEqual(fromOurs.pod, golden);
          }
          proved++;
        });
      }
    }
    test('summary', () => {
      console.log(
        `kuma-${version} injector: stripInjection(golden) == input ${exact}/${goldens}, ${proved} proved ambiguous (${Object.keys(AMBIGUOUS).join(', ')}; both layouts)`,
      );
      assert.equal(exact + proved, goldens);
      assert.equal(proved, Object.keys(AMBIGUOUS).length * 2);
    });
  });
}

describe('stripInjection without a judge (structure only)', () => {
  test('a pod that is not injected comes back as the same reference', () => {
    const pod: PodView = { metadata: { name: 'a' }, spec: { containers: [{ name: 'app' }] } };
    assert.equal(stripInjection(pod), pod);
    assert.equal(stripInjectedParts(pod), pod);
  });

  test('without a judge, values the injector may have written are kept; always-overwritten ones go', () => {
    const pod: PodView = {
      metadata: {
        annotations: { 'kuma.io/sidecar-injected': 'true', 'kuma.io/sidecar-uid': '5678', 'kuma.io/virtual-probes-port': '9000' },
        labels: { 'kuma.io/mesh': 'default' },
      },
      spec: { containers: [{ name: 'kuma-sidecar' }, { name: 'app' }] },
    };
    assert.deepEqual(stripInjection(pod), {
      metadata: { annotations: { 'kuma.io/virtual-probes-port': '9000' }, labels: { 'kuma.io/mesh': 'default' } },
      spec: { containers: [{ name: 'app' }] },
    });
  });

  test('never mutates its input', () => {
    const c = loadCases('2.14').find((x) => x.id === 'inject.03');
    const golden = c?.runs[1]?.golden as unknown as PodView;
    const before = structuredClone(golden);
    stripInjection(golden);
    assert.deepEqual(golden, before);
  });

  test("a kuma-sidecar container without the injector's kuma.io/sidecar-injected mark is the pod's own: nothing is stripped", () => {
    const marks: (Record<string, string> | undefined)[] = [
      undefined,
      {},
      { 'kuma.io/sidecar-injected': 'false' },
      { 'kuma.io/sidecar-injected': 'TRUE' },
    ];
    for (const annotations of marks) {
      for (const list of ['containers', 'initContainers']) {
        const pod: PodView = {
          metadata: annotations === undefined ? {} : { annotations },
          spec: {
            containers: [{ name: 'app' }],
            [list]: [{ name: 'kuma-sidecar', image: 'mine' }],
            volumes: [{ name: 'kuma-sidecar-tmp', emptyDir: {} }],
          },
        };
        assert.equal(stripInjection(pod), pod, JSON.stringify(pod));
      }
    }
  });

  test('a user volume named like an injector volume stays while a user container mounts it', () => {
    const pod: PodView = {
      metadata: { annotations: { 'kuma.io/sidecar-injected': 'true' } },
      spec: {
        containers: [{ name: 'kuma-sidecar' }, { name: 'app', volumeMounts: [{ name: 'bpf-fs', mountPath: '/x' }] }],
        volumes: [
          { name: 'bpf-fs', emptyDir: {} },
          { name: 'kuma-init-tmp', emptyDir: { sizeLimit: '10M' } },
        ],
      },
    };
    assert.deepEqual(stripInjection(pod).spec, {
      containers: [{ name: 'app', volumeMounts: [{ name: 'bpf-fs', mountPath: '/x' }] }],
      volumes: [{ name: 'bpf-fs', emptyDir: {} }],
    });
  });

  test('proxy-rewritten probes come back with scheme, Host header and gRPC service (spec §13.3)', () => {
    const pod: PodView = {
      metadata: { annotations: { 'kuma.io/sidecar-injected': 'true', 'kuma.io/application-probe-proxy-port': '9001' } },
      spec: {
        containers: [
          { name: 'kuma-sidecar' },
          {
            name: 'app',
            livenessProbe: {
              httpGet: {
                path: '/8443/healthz',
                port: 9001,
                httpHeaders: [
                  { name: 'X-Kuma-Probes-Host', value: 'example.com' },
                  { name: 'X-Custom', value: '1' },
                  { name: 'X-Kuma-Probes-Scheme', value: 'HTTPS' },
                  { name: 'X-Kuma-Probes-Timeout', value: '3' },
                ],
              },
              timeoutSeconds: 3,
            },
            readinessProbe: {
              httpGet: { path: '/grpc/5000', port: 9001, httpHeaders: [{ name: 'X-Kuma-Probes-GRPC-Service', value: 'svc' }] },
            },
            startupProbe: { httpGet: { path: '/tcp/6000', port: 9001 }, periodSeconds: 2 },
          },
        ],
      },
    };
    assert.deepEqual(stripInjection(pod).spec.containers, [
      {
        name: 'app',
        livenessProbe: {
          httpGet: {
            path: '/healthz',
            port: 8443,
            scheme: 'HTTPS',
            httpHeaders: [
              { name: 'Host', value: 'example.com' },
              { name: 'X-Custom', value: '1' },
            ],
          },
          timeoutSeconds: 3,
        },
        readinessProbe: { grpc: { port: 5000, service: 'svc' } },
        startupProbe: { tcpSocket: { port: 6000 }, periodSeconds: 2 },
      },
    ]);
  });

  test('virtual probes come back with only port and path restored (spec §13.4)', () => {
    const pod: PodView = {
      metadata: {
        annotations: {
          'kuma.io/sidecar-injected': 'true',
          'kuma.io/application-probe-proxy-port': '0',
          'kuma.io/virtual-probes': 'enabled',
          'kuma.io/virtual-probes-port': '9000',
        },
      },
      spec: {
        initContainers: [
          { name: 'kuma-sidecar' },
          { name: 'helper', restartPolicy: 'Always', readinessProbe: { httpGet: { path: '/81/ready', port: 9000, scheme: 'HTTPS' } } },
        ],
        containers: [
          { name: 'app', livenessProbe: { httpGet: { path: '/8080/', port: 9000 } }, readinessProbe: { exec: { command: ['true'] } } },
        ],
      },
    };
    const spec = stripInjection(pod).spec;
    assert.deepEqual(spec.containers, [
      { name: 'app', livenessProbe: { httpGet: { path: '/', port: 8080 } }, readinessProbe: { exec: { command: ['true'] } } },
    ]);
    assert.deepEqual(spec.initContainers, [
      { name: 'helper', restartPolicy: 'Always', readinessProbe: { httpGet: { path: '/ready', port: 81, scheme: 'HTTPS' } } },
    ]);
  });

  test('probes of init containers are left alone in the classic layout (the injector never rewrote them there)', () => {
    const probe = { httpGet: { path: '/81/ready', port: 9001 } };
    const pod: PodView = {
      metadata: { annotations: { 'kuma.io/sidecar-injected': 'true', 'kuma.io/application-probe-proxy-port': '9001' } },
      spec: {
        containers: [{ name: 'kuma-sidecar' }, { name: 'app' }],
        initContainers: [{ name: 'helper', restartPolicy: 'Always', readinessProbe: probe }, { name: 'kuma-init' }],
      },
    };
    assert.deepEqual(stripInjection(pod).spec.initContainers, [{ name: 'helper', restartPolicy: 'Always', readinessProbe: probe }]);
  });
});
