/**
 * Edge cases the upstream goldens do not cover; each expectation is derived from Kuma's Go source
 * at v2.14.3 (file and function named per test).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/core/types.ts';
import { readBundleContext } from '../../../src/core/bundle-context.ts';
import { deployment, inbounds, preview, service, settings } from './helpers.ts';

const app = deployment('web', 'shop', { app: 'web', empty: '' }, [
  { name: 'side', ports: [{ containerPort: 5353, name: 'dns', protocol: 'UDP' }] },
  {
    name: 'main',
    ports: [
      { containerPort: 8080, name: 'http' },
      { containerPort: 5353, name: 'dns-tcp' },
    ],
  },
]);
const ports = (dp: KubeObject | undefined): number[] => inbounds(dp).map((i) => i.port);

describe('Service selection (pod_controller.go findMatchingServices, util.go MatchServiceThatSelectsPod/Ignored/AnySelector)', () => {
  test('a selector-less Service never attaches by selector (only via EndpointSlices at runtime)', () => {
    assert.deepEqual(ports(preview(app, [service('bare', 'shop', {}, [{ port: 80, targetPort: 8080 }])]).dataplane), [49151]);
  });
  test('kuma.io/ignore is read with GetEnabled: "yes"/"enabled" ignore, "True" (case) does not', () => {
    const svc = (value: string) =>
      service('web', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }], {}, { 'kuma.io/ignore': value });
    assert.deepEqual(ports(preview(app, [svc('yes')]).dataplane), [49151]);
    assert.deepEqual(ports(preview(app, [svc('enabled')]).dataplane), [49151]);
    assert.deepEqual(ports(preview(app, [svc('True')]).dataplane), [8080]);
  });
  test('inbound_converter.go inboundInterfacesFor: an ExternalName Service with a selector gives no inbound, so the service-less one', () => {
    const svc = service('ext', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }], {
      type: 'ExternalName',
      externalName: 'x.example',
    });
    assert.deepEqual(ports(preview(app, [svc]).dataplane), [49151]);
  });
  test('Services are ordered by name (byte order, SortedKeys), not bundle order', () => {
    const got = inbounds(
      preview(app, [
        service('b', 'shop', { app: 'web' }, [{ port: 2, targetPort: 8080 }]),
        service('B', 'shop', { app: 'web' }, [{ port: 1, targetPort: 8080 }]),
        service('a', 'shop', { app: 'web' }, [{ port: 3, targetPort: 8080 }]),
      ]).dataplane,
    ).map((i) => i.tags?.['k8s.kuma.io/service-name']);
    assert.deepEqual(got, ['B', 'a', 'b']);
  });
});

describe('targetPort (util.go FindPort, inbound_converter.go inboundForService)', () => {
  test('UDP and SCTP Service ports are skipped', () => {
    const svc = service('web', 'shop', { app: 'web' }, [
      { port: 53, targetPort: 5353, protocol: 'UDP' },
      { port: 9, targetPort: 9, protocol: 'SCTP' },
      { port: 80, targetPort: 'http' },
    ]);
    assert.deepEqual(ports(preview(app, [svc]).dataplane), [8080]);
  });
  test('a named target matches only a container port of the same protocol, in any container', () => {
    const svc = service('web', 'shop', { app: 'web' }, [
      { port: 53, targetPort: 'dns' },
      { port: 54, targetPort: 'dns-tcp' },
    ]);
    assert.deepEqual(
      inbounds(preview(app, [svc]).dataplane).map((i) => [i.port, i.name]),
      [[5353, 'dns-tcp']],
    );
  });
  test('a numeric target skips a UDP container port of that number and takes the TCP one with its name', () => {
    const svc = service('web', 'shop', { app: 'web' }, [{ port: 53, targetPort: 5353 }]);
    assert.deepEqual(
      inbounds(preview(app, [svc]).dataplane).map((i) => [i.port, i.name]),
      [[5353, 'dns-tcp']],
    );
  });
  test('targetPort 0 or "" is defaulted to the port by the API server (k8s SetDefaults_Service), as an absent one is', () => {
    const svc = service('web', 'shop', { app: 'web' }, [
      { port: 8080, targetPort: 0 },
      { port: 5353, targetPort: '' },
    ]);
    assert.deepEqual(
      inbounds(preview(app, [svc]).dataplane).map((i) => [i.port, i.name]),
      [
        [8080, 'http'],
        [5353, 'dns-tcp'],
      ],
    );
  });
  test('a named target found nowhere drops only that port; none left gives the service-less inbound', () => {
    const one = service('web', 'shop', { app: 'web' }, [
      { port: 80, targetPort: 'nope' },
      { port: 81, targetPort: 'http' },
    ]);
    assert.deepEqual(ports(preview(app, [one]).dataplane), [8080]);
    const none = service('web', 'shop', { app: 'web' }, [{ port: 80, targetPort: 'nope' }]);
    assert.deepEqual(ports(preview(app, [none]).dataplane), [49151]);
  });
});

describe('protocol (inbound_converter.go ProtocolTagFor, pkg/core/metadata/protocol.go ParseProtocol)', () => {
  const proto = (port: Record<string, unknown>, annotations?: Record<string, string>): string | undefined =>
    inbounds(preview(app, [service('web', 'shop', { app: 'web' }, [{ targetPort: 8080, ...port }], {}, annotations)]).dataplane)[0]?.tags?.[
      'kuma.io/protocol'
    ];
  test('a known appProtocol wins over the annotation, lower-cased', () => {
    assert.equal(proto({ port: 80, appProtocol: 'HTTP2' }, { '80.service.kuma.io/protocol': 'grpc' }), 'http2');
  });
  test('an unknown appProtocol (incl. raw_buffer) falls back to the annotation', () => {
    assert.equal(proto({ port: 80, appProtocol: 'kubernetes.io/h2c' }, { '80.service.kuma.io/protocol': 'grpc' }), 'grpc');
    assert.equal(proto({ port: 80, appProtocol: 'raw_buffer' }), 'tcp');
  });
  test('an unknown annotation value is kept lower-cased; an empty one means tcp; the key uses the Service port', () => {
    assert.equal(proto({ port: 80 }, { '80.service.kuma.io/protocol': 'WebSocket' }), 'websocket');
    assert.equal(proto({ port: 80 }, { '80.service.kuma.io/protocol': '' }), 'tcp');
    assert.equal(proto({ port: 80 }, { '8080.service.kuma.io/protocol': 'http' }), 'tcp');
  });
});

describe('duplicates and tags (inbound_converter.go deduplicateInboundsByAddressAndPort, InboundTagsForService)', () => {
  const two = [
    service('a', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }]),
    service('b', 'shop', { app: 'web' }, [{ port: 81, targetPort: 8080 }]),
  ];
  test('legacy path (no Mesh in Exclusive mode): two Services on one target port keep both inbounds', () => {
    assert.deepEqual(ports(preview(app, two).dataplane), [8080, 8080]);
  });
  test('pod labels with an empty value give no tag', () => {
    const [first] = inbounds(preview(app, two).dataplane);
    assert.equal(first?.tags !== undefined && 'empty' in first.tags, false);
    assert.equal(first?.tags?.['app'], 'web');
  });
  test('headless Service: kuma.io/instance tag; ClusterIP Service: none', () => {
    const headless = inbounds(
      preview(app, [service('h', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }], { clusterIP: 'None' })]).dataplane,
    )[0];
    assert.ok(headless?.tags?.['kuma.io/instance'] !== undefined);
    const plain = inbounds(preview(app, [two[0] as KubeObject]).dataplane)[0];
    assert.equal(plain?.tags !== undefined && 'kuma.io/instance' in plain.tags, false);
  });
  test('kuma.io/gateway: enabled drops a non-tcp protocol tag from the gateway tags; provided on a Deployment (GatewayByDeploymentFor) gives only kuma.io/service-name', () => {
    const svc = service('gw', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080, appProtocol: 'http' }]);
    const gw = (mode: string) =>
      (
        preview(app, [svc], {}, 'default', { 'kuma.io/gateway': mode }).dataplane?.['spec'] as {
          networking: { gateway?: { tags?: Record<string, string> } };
        }
      ).networking.gateway;
    assert.equal(gw('enabled')?.tags !== undefined && 'kuma.io/protocol' in (gw('enabled')?.tags ?? {}), false);
    assert.deepEqual(gw('provided')?.tags, { 'kuma.io/service-name': 'web_shop_svc' });
  });
});

describe('virtual probes (controllers/probes.go ProbesFor/probeFor, probes/probe.go KumaProbe.Port/ToReal)', () => {
  const probed = (port: unknown, path: string): ReturnType<typeof preview> =>
    preview(deployment('web', 'shop', { app: 'web' }, [{ name: 'main', livenessProbe: { httpGet: { port, path } } }]), [], {}, 'default', {
      'kuma.io/virtual-probes': 'enabled',
      'kuma.io/virtual-probes-port': '9000',
    });
  const errorOf = (outcome: ReturnType<typeof preview>): string =>
    outcome.results
      .filter((r) => r.severity === 'error')
      .map((r) => r.message)
      .join('\n');
  test('a numeric-string port is the port (Atoi)', () => {
    const spec = probed('9000', '/8080/healthz').dataplane?.['spec'] as { probes?: unknown };
    assert.deepEqual(spec.probes, { port: 9000, endpoints: [{ inboundPort: 8080, inboundPath: '/healthz', path: '/8080/healthz' }] });
  });
  test('a port string Atoi rejects ("9000x") reads as 0, so it is not the virtual port: kuma-cp fails', () => {
    const outcome = probed('9000x', '/8080/healthz');
    assert.equal(outcome.dataplane, undefined);
    assert.match(errorOf(outcome), /probe's port 0 should be equal to virtual port 9000/);
  });
  test('a path port beyond int32 (ParseInt bitSize 32) is an invalid port value', () => {
    const outcome = probed(9000, '/4294967296/healthz');
    assert.equal(outcome.dataplane, undefined);
    assert.match(errorOf(outcome), /invalid port value 4294967296/);
  });
});

describe('namespace-less manifests (pod_controller.go findMatchingServices lists Services InNamespace(pod.Namespace))', () => {
  test('a Service without metadata.namespace lands where the workload does (defaultNamespace), so it selects the Pods there', () => {
    const svc = service('web', 'shop', { app: 'web' }, [{ port: 80, targetPort: 8080 }]);
    delete (svc.metadata as { namespace?: string }).namespace;
    const bare = deployment('web', 'shop', { app: 'web' }, [{ name: 'main', ports: [{ containerPort: 8080 }] }]);
    delete (bare.metadata as { namespace?: string }).namespace;
    const withDefault = { ...settings, defaultNamespace: 'shop' };
    const ctx = readBundleContext([bare, svc], withDefault);
    const [inbound] = inbounds(preview(bare, [], { namespace: 'shop', services: ctx.services, settings: withDefault }).dataplane);
    assert.equal(inbound?.port, 8080);
    assert.equal(inbound?.tags?.['kuma.io/service'], 'web_shop_svc_80');
    assert.equal(inbound?.tags?.['k8s.kuma.io/namespace'], 'shop');
  });
});
