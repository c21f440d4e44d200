/** Knobs the upstream fixtures do not cover; expected values derived from the spec section named in each test. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { injectPod } from '../../../src/core/inject/inject-pod.ts';
import { container, contextOf, envOf, failedWith, injected, webPod, withAnnotations, type C } from './context.ts';

const classic = {
  settings: (s: { sidecarContainers: boolean }) => {
    s.sidecarContainers = false;
  },
};

describe('sidecar knobs', () => {
  test('§6.5 wait-for-dataplane-ready (classic): postStart waits on the probe port (readiness port with admin UDS)', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/wait-for-dataplane-ready': 'true' })), classic);
    assert.deepEqual(container(pod, 'containers', 'kuma-sidecar').lifecycle, {
      postStart: { exec: { command: ['kuma-dp', 'wait', '--url', 'http://localhost:9902/ready'] } },
    });
  });

  test('§6.5 wait-for-dataplane-ready from config, v2.13: admin port 9901', () => {
    const pod = injected(webPod(), {
      version: '2.13',
      settings: (s) => {
        s.injector.sidecarContainer.waitForDataplaneReady = true;
      },
    });
    assert.deepEqual(container(pod, 'containers', 'kuma-sidecar').lifecycle?.postStart.exec.command, [
      'kuma-dp',
      'wait',
      '--url',
      'http://localhost:9901/ready',
    ]);
  });

  test('§6.5 native layout replaces the postStart by the preStop drain', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/wait-for-dataplane-ready': 'enabled' })));
    assert.deepEqual(container(pod, 'initContainers', 'kuma-sidecar').lifecycle, {
      preStop: { exec: { command: ['killall', '-USR2', 'kuma-dp'] } },
    });
  });

  test('§6.3/§8 kuma.io/envoy-admin-port without admin UDS moves the sidecar probes and is written back', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/envoy-admin-port': '9911' })), {
      settings: (s) => {
        s.bootstrap.envoyAdminUnixSocket = false;
      },
    });
    const sidecar = container(pod, 'initContainers', 'kuma-sidecar');
    assert.equal(sidecar.livenessProbe.httpGet.port, 9911);
    assert.equal(sidecar.startupProbe.httpGet.port, 9911);
    assert.equal(pod.metadata.annotations?.['kuma.io/envoy-admin-port'], '9911');
    assert.equal(pod.metadata.annotations?.['traffic.kuma.io/exclude-inbound-ports'], undefined);
  });

  test('§6.3 with admin UDS the probes stay on the readiness port whatever the admin-port annotation', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/envoy-admin-port': '9911' })));
    assert.equal(container(pod, 'initContainers', 'kuma-sidecar').readinessProbe.httpGet.port, 9902);
  });

  test('§6.1 envoy log levels and unified naming go to env; sidecar-env-vars win last', () => {
    const pod = injected(
      webPod(
        withAnnotations({
          'kuma.io/envoy-log-level': 'debug',
          'kuma.io/envoy-component-log-level': 'upstream:debug,connection:trace',
          'kuma.io/sidecar-env-vars': 'KUMA_DNS_ENABLED=false;EMPTY=',
        }),
      ),
      {
        settings: (s) => {
          s.injector.unifiedResourceNamingEnabled = true;
          s.injector.sidecarContainer.envVars = { FROM_CONFIG: 'x', KUMA_DNS_ENABLED: 'cfg' };
        },
      },
    );
    const sidecar = container(pod, 'initContainers', 'kuma-sidecar');
    const env = envOf(sidecar);
    assert.equal(env.KUMA_DATAPLANE_RUNTIME_ENVOY_LOG_LEVEL, 'debug');
    assert.equal(env.KUMA_DATAPLANE_RUNTIME_ENVOY_COMPONENT_LOG_LEVEL, 'upstream:debug,connection:trace');
    assert.equal(env.KUMA_DATAPLANE_RUNTIME_UNIFIED_RESOURCE_NAMING_ENABLED, 'true');
    assert.equal(env.FROM_CONFIG, 'x');
    assert.equal(env.KUMA_DNS_ENABLED, 'false');
    assert.deepEqual(
      (sidecar.env as C[]).find((e) => e.name === 'EMPTY'),
      { name: 'EMPTY' },
    );
    const names = (sidecar.env as C[]).map((e) => e.name as string);
    assert.deepEqual(names, [...names].sort(), 'sorted by name in byte order');
  });

  test('§6.1 OTel pipe off (v2.14) writes the opt-out variable instead of HOST_IP', () => {
    const env = envOf(
      container(
        injected(webPod(), {
          settings: (s) => {
            s.injector.otelPipeEnabled = false;
          },
        }),
        'initContainers',
        'kuma-sidecar',
      ),
    );
    assert.equal(env.HOST_IP, undefined);
    assert.equal(env.KUMA_DATAPLANE_RUNTIME_OTEL_PIPE_ENABLED, 'false');
  });

  test('§6.1 builtin DNS without experimentalProxy uses the CoreDNS variables (port, port+2)', () => {
    const env = envOf(
      container(
        injected(webPod(), {
          settings: (s) => {
            s.injector.builtinDNS.experimentalProxy = false;
            s.injector.builtinDNS.logging = true;
          },
        }),
        'initContainers',
        'kuma-sidecar',
      ),
    );
    assert.equal(env.KUMA_DNS_CORE_DNS_PORT, '15053');
    assert.equal(env.KUMA_DNS_ENVOY_DNS_PORT, '15055');
    assert.equal(env.KUMA_DNS_CORE_DNS_BINARY_PATH, 'coredns');
    assert.equal(env.KUMA_DNS_ENABLE_LOGGING, 'true');
    assert.equal(env.KUMA_DNS_PROXY_PORT, undefined);
  });

  test('§6.1 an empty CA certificate leaves KUMA_CONTROL_PLANE_CA_CERT with its name only', () => {
    const sidecar = container(
      injected(webPod(), {
        settings: (s) => {
          s.controlPlane.caCert = '';
        },
      }),
      'initContainers',
      'kuma-sidecar',
    );
    assert.deepEqual(
      (sidecar.env as C[]).find((e) => e.name === 'KUMA_CONTROL_PLANE_CA_CERT'),
      { name: 'KUMA_CONTROL_PLANE_CA_CERT' },
    );
  });

  test('§6.2 concurrency: annotation wins, 0 means no flag; 2.14 CPU limit 3 → 3', () => {
    const withLimit = {
      settings: (s: { injector: { sidecarContainer: { resources: { limits: { cpu: string } } } } }) => {
        s.injector.sidecarContainer.resources.limits.cpu = '3';
      },
    };
    assert.deepEqual(container(injected(webPod(), withLimit), 'initContainers', 'kuma-sidecar').args, [
      'run',
      '--log-level=info',
      '--concurrency=3',
    ]);
    const zero = injected(webPod(withAnnotations({ 'kuma.io/sidecar-proxy-concurrency': '0' })), withLimit);
    assert.deepEqual(container(zero, 'initContainers', 'kuma-sidecar').args, ['run', '--log-level=info']);
  });

  test('§6.2/A.3 v2.13 gives --concurrency=2 even with a zero CPU limit, and writes cpu "0"', () => {
    const pod = injected(webPod(), {
      version: '2.13',
      settings: (s) => {
        s.injector.sidecarContainer.resources.limits.cpu = '0';
      },
    });
    const sidecar = container(pod, 'containers', 'kuma-sidecar');
    assert.deepEqual(sidecar.args, ['run', '--log-level=info', '--concurrency=2']);
    assert.equal(sidecar.resources.limits.cpu, '0');
  });

  test('§6.7/§12 SPIRE by annotation: env, CSI volume after the tmp volumes, mount before the token copy', () => {
    const pod = injected(
      webPod((p) => {
        p.metadata.annotations = { 'k8s.kuma.io/spire-support': 'enabled' };
        (p.spec.containers as C[])[0]!.volumeMounts = [
          { name: 'tok', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
        ];
        p.spec.volumes = [{ name: 'tok', secret: { secretName: 'tok' } }];
      }),
    );
    const sidecar = container(pod, 'initContainers', 'kuma-sidecar');
    assert.equal(envOf(sidecar).KUMA_DATAPLANE_RUNTIME_SPIRE_SUPPORTED, 'true');
    assert.deepEqual(
      (pod.spec.volumes as C[]).map((v) => v.name),
      ['tok', 'kuma-init-tmp', 'kuma-sidecar-tmp', 'kuma-spire-agent-socket'],
    );
    assert.deepEqual(sidecar.volumeMounts, [
      { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
      { name: 'kuma-spire-agent-socket', mountPath: '/run/spire/sockets', readOnly: true },
      { name: 'tok', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ]);
  });

  test('§6.6 kuma.io/service-account-token-volume mounts that volume and no SPIRE socket', () => {
    const pod = injected(
      webPod((p) => {
        p.metadata.annotations = { 'kuma.io/service-account-token-volume': 'tok', 'k8s.kuma.io/spire-support': 'true' };
        p.spec.volumes = [{ name: 'tok', projected: { sources: [] } }];
      }),
    );
    assert.deepEqual(container(pod, 'initContainers', 'kuma-sidecar').volumeMounts, [
      { name: 'kuma-sidecar-tmp', mountPath: '/tmp' },
      { name: 'tok', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ]);
  });
});

describe('transparent proxy knobs (legacy path)', () => {
  test('§9.2 exclude-outbound-ports-for-uids: one flag per non-empty rule, in order', () => {
    const pod = injected(webPod(withAnnotations({ 'traffic.kuma.io/exclude-outbound-ports-for-uids': 'tcp:22:1000;;udp:53:1001-1005' })));
    assert.deepEqual(container(pod, 'initContainers', 'kuma-init').args, [
      '--exclude-outbound-ports-for-uids=tcp:22:1000',
      '--exclude-outbound-ports-for-uids=udp:53:1001-1005',
      '--exclude-inbound-ports=9902,9001',
      '--redirect-all-dns-traffic',
      '--verbose',
    ]);
  });

  test('§8/§9 config uid, ports, IP family and outbound exclusions become flags in kumactl order', () => {
    const pod = injected(webPod(withAnnotations({ 'traffic.kuma.io/exclude-outbound-ips': ' 10.0.0.1 ,,10.0.0.0/8' })), {
      settings: (s) => {
        const sc = s.injector.sidecarContainer;
        sc.uid = 1234;
        sc.redirectPortOutbound = 15011;
        sc.redirectPortInbound = 15016;
        sc.ipFamilyMode = 'ipv4';
        s.injector.sidecarTraffic.excludeOutboundPorts = [22, 443];
        s.injector.sidecarTraffic.excludeInboundIPs = ['192.168.0.0/16'];
        s.injector.builtinDNS.port = 15054;
        s.bootstrap.envoyAdminUnixSocket = false;
      },
    });
    assert.deepEqual(container(pod, 'initContainers', 'kuma-init').args, [
      '--kuma-dp-user=1234',
      '--ip-family-mode=ipv4',
      '--redirect-outbound-port=15011',
      '--exclude-outbound-ports=22,443',
      '--exclude-outbound-ips=10.0.0.1,10.0.0.0/8',
      '--redirect-inbound-port=15016',
      '--exclude-inbound-ports=9001',
      '--exclude-inbound-ips=192.168.0.0/16',
      '--redirect-all-dns-traffic',
      '--redirect-dns-port=15054',
      '--verbose',
    ]);
    assert.equal(pod.metadata.annotations?.['traffic.kuma.io/exclude-outbound-ips'], ' 10.0.0.1 ,,10.0.0.0/8', 'written verbatim');
    assert.equal(pod.metadata.annotations?.['kuma.io/sidecar-uid'], '1234');
  });

  test('§8 an empty exclude-inbound-ports annotation still gets the readiness port with admin UDS', () => {
    const pod = injected(webPod(withAnnotations({ 'traffic.kuma.io/exclude-inbound-ports': '' })));
    assert.equal(pod.metadata.annotations?.['traffic.kuma.io/exclude-inbound-ports'], '9902');
  });

  test('§9.1 drop-invalid-packets / iptables-logs: invalid values count as false silently', () => {
    const pod = injected(
      webPod(withAnnotations({ 'traffic.kuma.io/drop-invalid-packets': 'maybe', 'traffic.kuma.io/iptables-logs': 'yes' })),
    );
    const args = container(pod, 'initContainers', 'kuma-init').args as string[];
    assert.ok(!args.includes('--drop-invalid-packets'));
    assert.ok(args.includes('--iptables-logs'));
  });

  test('§11 eBPF by pod annotation only: flags and annotations from config paths, container shape unchanged', () => {
    const pod = injected(
      webPod(
        withAnnotations({ 'kuma.io/transparent-proxying-ebpf': 'enabled', 'kuma.io/transparent-proxying-ebpf-tc-attach-iface': 'eth1' }),
      ),
    );
    const ann = pod.metadata.annotations ?? {};
    assert.equal(ann['kuma.io/transparent-proxying-ebpf'], 'enabled');
    assert.equal(ann['kuma.io/transparent-proxying-ebpf-bpf-fs-path'], '/sys/fs/bpf');
    assert.equal(ann['kuma.io/transparent-proxying-ebpf-cgroup-path'], '/sys/fs/cgroup');
    assert.equal(ann['kuma.io/transparent-proxying-ebpf-programs-source-path'], '/tmp/kuma-ebpf');
    assert.equal(
      ann['kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name'],
      undefined,
      'quirk: config name is a lookup key, not a default',
    );
    const init = container(pod, 'initContainers', 'kuma-init');
    assert.deepEqual(init.args, [
      '--exclude-inbound-ports=9902,9001',
      '--redirect-all-dns-traffic',
      '--ebpf-enabled',
      '--ebpf-bpffs-path=/sys/fs/bpf',
      '--ebpf-cgroup-path=/sys/fs/cgroup',
      '--ebpf-tc-attach-iface=eth1',
      '--ebpf-programs-source-path=/tmp/kuma-ebpf',
      '--verbose',
    ]);
    assert.deepEqual(init.securityContext.capabilities, { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] });
    assert.equal((pod.spec.volumes as C[]).length, 2, 'no host-path volumes without config ebpf.enabled');
  });

  test('§11 eBPF instance-IP flag only when the pod names the variable', () => {
    const pod = injected(
      webPod(
        withAnnotations({
          'kuma.io/transparent-proxying-ebpf': 'true',
          'kuma.io/transparent-proxying-ebpf-instance-ip-env-var-name': 'MY_IP',
        }),
      ),
    );
    assert.ok((container(pod, 'initContainers', 'kuma-init').args as string[]).includes('--ebpf-instance-ip=$(MY_IP)'));
  });

  test('§10 CNI: kuma-validation with family and inbound port, kuma-cni network, no kuma-init', () => {
    const pod = injected(webPod(withAnnotations({ 'k8s.v1.cni.cncf.io/networks': 'other' })), {
      settings: (s) => {
        s.injector.cniEnabled = true;
        s.injector.sidecarContainer.redirectPortInbound = 15055;
      },
    });
    assert.equal(pod.metadata.annotations?.['k8s.v1.cni.cncf.io/networks'], 'kuma-cni');
    const inits = pod.spec.initContainers as C[];
    assert.deepEqual(
      inits.map((c) => c.name),
      ['kuma-validation', 'kuma-sidecar'],
    );
    assert.deepEqual(inits[0]?.args, ['--config-file=/tmp/.kumactl', '--ip-family-mode=dualstack', '--validation-server-port=15055']);
    assert.deepEqual(inits[0]?.securityContext, {
      capabilities: { drop: ['ALL'] },
      runAsUser: 5678,
      runAsGroup: 5678,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    assert.deepEqual(inits[0]?.resources, { requests: { cpu: '20m', memory: '20M' }, limits: { memory: '50M' } });
  });

  test('§7 init-first: classic puts kuma-init first; native ignores it', () => {
    const withUserInit = (p: { spec: Record<string, unknown>; metadata: { annotations?: Record<string, string> } }) => {
      p.spec.initContainers = [{ name: 'setup', image: 'busybox' }];
      p.metadata.annotations = { 'kuma.io/init-first': 'true' };
    };
    const classicPod = injected(webPod(withUserInit), classic);
    assert.deepEqual(
      (classicPod.spec.initContainers as C[]).map((c) => c.name),
      ['kuma-init', 'setup'],
    );
    const nativePod = injected(webPod(withUserInit));
    assert.deepEqual(
      (nativePod.spec.initContainers as C[]).map((c) => c.name),
      ['kuma-init', 'kuma-sidecar', 'setup'],
    );
  });
});

describe('probes', () => {
  test('§13.3 the first Host header is renamed, scheme and timeout headers appended, host/scheme dropped', () => {
    const pod = injected(
      webPod((p) => {
        (p.spec.containers as C[])[0]!.livenessProbe = {
          httpGet: {
            path: 'live',
            port: 8443,
            scheme: 'HTTPS',
            host: '10.0.0.1',
            httpHeaders: [
              { name: 'X-A', value: '1' },
              { name: 'Host', value: 'a.example' },
              { name: 'Host', value: 'b.example' },
            ],
          },
          timeoutSeconds: 5,
          periodSeconds: 7,
        };
      }),
    );
    assert.deepEqual(container(pod, 'containers', 'web').livenessProbe, {
      httpGet: {
        path: '/8443/live',
        port: 9001,
        httpHeaders: [
          { name: 'X-A', value: '1' },
          { name: 'X-Kuma-Probes-Host', value: 'a.example' },
          { name: 'Host', value: 'b.example' },
          { name: 'X-Kuma-Probes-Scheme', value: 'HTTPS' },
          { name: 'X-Kuma-Probes-Timeout', value: '5' },
        ],
      },
      timeoutSeconds: 5,
      periodSeconds: 7,
    });
  });

  test('§13.3 a probe on the proxy port itself is rejected with the webhook text', () => {
    const outcome = failedWith(
      webPod((p) => {
        (p.spec.containers as C[])[0]!.readinessProbe = { tcpSocket: { port: 9001 } };
      }),
    );
    assert.equal(
      outcome.message,
      "cannot override Pod's probes. Port for probe cannot be set to 9001. It is reserved for the dataplane that will serve pods without mTLS.",
    );
  });

  test('§13.4 virtual probes keep scheme, host and headers, take the last port of that name', () => {
    const pod = injected(
      webPod((p) => {
        p.metadata.annotations = { 'kuma.io/application-probe-proxy-port': '0' };
        const c = (p.spec.containers as C[])[0]!;
        c.ports = [
          { name: 'http', containerPort: 8080 },
          { name: 'http', containerPort: 8081 },
        ];
        c.readinessProbe = { httpGet: { path: 'ready', port: 'http', scheme: 'HTTPS', httpHeaders: [{ name: 'Host', value: 'x' }] } };
        c.livenessProbe = { tcpSocket: { port: 8080 } };
      }),
    );
    const web = container(pod, 'containers', 'web');
    assert.deepEqual(web.readinessProbe, {
      httpGet: { path: '/8081/ready', port: 9000, scheme: 'HTTPS', httpHeaders: [{ name: 'Host', value: 'x' }] },
    });
    assert.deepEqual(web.livenessProbe, { tcpSocket: { port: 8080 } });
    assert.equal(pod.metadata.annotations?.['kuma.io/virtual-probes'], 'enabled');
    assert.deepEqual(container(pod, 'initContainers', 'kuma-init').args, [
      '--exclude-inbound-ports=9902',
      '--redirect-all-dns-traffic',
      '--verbose',
    ]);
  });

  test('§13.1 a gateway pod gets probe proxy 0 even for kuma.io/gateway: disabled (P-legacy)', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/gateway': 'disabled' })));
    assert.equal(pod.metadata.annotations?.['kuma.io/application-probe-proxy-port'], '0');
    assert.equal(envOf(container(pod, 'initContainers', 'kuma-sidecar')).KUMA_APPLICATION_PROBE_PROXY_PORT, '0');
    assert.ok(!(container(pod, 'initContainers', 'kuma-init').args as string[]).includes('--redirect-inbound=false'));
  });
});

describe('ContainerPatches', () => {
  test('§15 config containerPatches apply before the pod annotation ones', () => {
    const pod = injected(webPod(withAnnotations({ 'kuma.io/container-patches': 'second' })), {
      settings: (s) => {
        s.injector.containerPatches = ['first'];
      },
      patches: {
        first: { sidecarPatch: [{ op: 'add', path: '/env/-', value: '{"name":"ORDER","value":"first"}' }] },
        second: { sidecarPatch: [{ op: 'replace', path: '/args/1', value: '"--log-level=debug"' }] },
      },
    });
    const env = container(pod, 'initContainers', 'kuma-sidecar').env as C[];
    assert.deepEqual(env.at(-1), { name: 'ORDER', value: 'first' });
    assert.deepEqual(container(pod, 'initContainers', 'kuma-sidecar').args, ['run', '--log-level=debug']);
  });

  test('§15 a missing config patch fails with every missing name, in order', () => {
    const outcome = failedWith(webPod(withAnnotations({ 'kuma.io/container-patches': 'b,,c' })), {
      settings: (s) => {
        s.injector.containerPatches = ['a'];
      },
    });
    assert.equal(outcome.message, 'it appears some expected container patches are missing: ["a" "b" "c"]');
  });
});

describe('pre-check', () => {
  test('§2.3 exception label with "*" skips; §2.4 an existing kuma-sidecar skips', () => {
    const ctx = contextOf();
    assert.equal(
      injectPod(
        webPod((p) => {
          p.metadata.labels = { 'openshift.io/build.name': 'x' };
        }),
        ctx,
      ).kind,
      'skipped',
    );
    assert.equal(
      injectPod(
        webPod((p) => {
          p.spec.initContainers = [{ name: 'kuma-sidecar' }];
        }),
        ctx,
      ).kind,
      'skipped',
    );
  });

  test('§2.6 namespace label absent → skip; pod label enabled wins over namespace disabled', () => {
    assert.equal(injectPod(webPod(), contextOf({ namespaceLabels: {} })).kind, 'skipped');
    const outcome = injectPod(
      webPod((p) => {
        p.metadata.labels = { 'kuma.io/sidecar-injection': 'yes' };
      }),
      contextOf({ namespaceLabels: { 'kuma.io/sidecar-injection': 'disabled' } }),
    );
    assert.equal(outcome.kind, 'injected');
  });

  test('§2.7 mesh from the namespace label; §2.8 missing mesh fails', () => {
    const pod = injected(webPod(), {
      namespaceLabels: { 'kuma.io/sidecar-injection': 'enabled', 'kuma.io/mesh': 'payments' },
      meshes: ['payments'],
    });
    assert.equal(pod.metadata.labels?.['kuma.io/mesh'], 'payments');
    assert.equal(failedWith(webPod(), { meshes: [] }).message, 'meshes.kuma.io "default" not found');
  });

  test('§2.8 zone proxies may precede their Mesh in 2.14 only', () => {
    const zoneProxy = webPod((p) => {
      p.metadata.labels = { 'kuma.io/mesh': 'edge', 'k8s.kuma.io/zone-proxy-type': 'egress' };
    });
    assert.equal(injectPod(zoneProxy, contextOf({ meshes: [] })).kind, 'injected');
    assert.equal(failedWith(zoneProxy, { meshes: [], version: '2.13' }).message, 'meshes.kuma.io "edge" not found');
  });

  test('§2.9 an init container with the sidecar UID is a warning result naming the pod', () => {
    const outcome = injectPod(
      webPod((p) => {
        p.spec.initContainers = [{ name: 'setup', securityContext: { runAsUser: 5678 } }];
      }),
      contextOf(),
    );
    assert.equal(outcome.kind, 'injected');
    assert.equal(outcome.results.length, 1);
    assert.equal(outcome.results[0]?.severity, 'warning');
    assert.match(
      outcome.results[0]?.message ?? '',
      /^Pod app\/web, spec\.initContainers: init container setup runs as the sidecar UID 5678/,
    );
  });
});

describe('products and purity', () => {
  test('kong-mesh profile: its images, namespace and control-plane address', () => {
    const pod = injected(webPod(), { product: 'kong-mesh' });
    const sidecar = container(pod, 'initContainers', 'kuma-sidecar');
    assert.equal(sidecar.image, 'docker.io/kong/kuma-dp:2.14.3');
    assert.equal(container(pod, 'initContainers', 'kuma-init').image, 'docker.io/kong/kuma-init:2.14.3');
    assert.equal(envOf(sidecar).KUMA_CONTROL_PLANE_URL, 'https://kong-mesh-control-plane.kong-mesh-system:5678');
  });

  test('the input pod is never mutated, on success and on failure', () => {
    const pod = webPod(withAnnotations({ 'kuma.io/gateway': 'enabled' }));
    const before = structuredClone(pod);
    injectPod(pod, contextOf());
    injectPod(webPod(withAnnotations({ 'kuma.io/sidecar-drain-time': 'x' })), contextOf());
    assert.deepEqual(pod, before);
  });

  test('§14 ConfigMap mode without the ConfigMap in the bundle fails as the webhook does', () => {
    const outcome = failedWith(webPod(), {
      settings: (s) => {
        s.injector.transparentProxyConfigMap = 'kuma-transparent-proxy-config';
      },
    });
    assert.equal(
      outcome.message,
      'could not retrieve transparent proxy configuration: configmaps "kuma-transparent-proxy-config" not found',
    );
    assert.equal(outcome.field, 'injector.transparentProxyConfigMap');
  });
});

describe('deprecations (spec §2 step 2: logged by the webhook, reported by us)', () => {
  test('§2.2 ignored annotations are warnings, deprecated-but-honoured ones are info', () => {
    const outcome = injectPod(
      webPod(
        withAnnotations({
          'kuma.io/sidecar-injection': 'enabled',
          'kuma.io/builtindns': 'enabled',
          'kuma.io/virtual-probes-port': '9000',
          'kuma.io/gateway': 'no',
        }),
      ),
      contextOf(),
    );
    assert.equal(outcome.kind, 'injected');
    const found = outcome.results.map((r) => [r.severity, r.field?.path]);
    assert.deepEqual(found, [
      ['warning', 'metadata.annotations["kuma.io/builtindns"]'],
      ['info', 'metadata.annotations["kuma.io/virtual-probes-port"]'],
      ['warning', 'metadata.annotations["kuma.io/sidecar-injection"]'],
      ['info', 'metadata.annotations["kuma.io/gateway"]'],
    ]);
    assert.match(
      outcome.results[2]?.message ?? '',
      /^Pod app\/web, metadata\.annotations\["kuma\.io\/sidecar-injection"\]: deprecated annotation that the webhook ignores \(got "enabled"\); expected it as a LABEL/,
    );
  });

  test('§2.2 the MeshMetric deprecations exist in 2.14 only', () => {
    const pod = webPod(
      withAnnotations({ 'prometheus.metrics.kuma.io/port': '1234', 'prometheus.metrics.kuma.io/aggregate-app-port': '9' }),
    );
    const in214 = injectPod(pod, contextOf());
    const in213 = injectPod(pod, contextOf({ version: '2.13' }));
    assert.equal(in214.results.length, 2);
    assert.equal(in213.results.length, 0);
  });
});
