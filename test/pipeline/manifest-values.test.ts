import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dump } from 'js-yaml';
import { processInput } from '../../src/krm/process.ts';
import { KPT_HOST, streamHost } from '../../src/krm/host-profile.ts';

/**
 * Values of the manifests the API server would refuse are errors naming the field and the valid
 * form or range, the input comes back unchanged (exit 1), and nothing says "[object Object]":
 * identity fields that are not strings, and every port field of a pod spec or a Service that is
 * not an integer from 1 to 65535. The edges of each valid range pass.
 */
type Obj = Record<string, unknown>;
const ns: Obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } } };
const run = (objects: readonly Obj[]) => {
  const input = [ns, ...objects].map((o) => dump(o)).join('---\n');
  return { input, out: processInput(input, { host: streamHost('none') }) };
};
function deployment(container: Obj, metadata: Obj = { name: 'web', namespace: 'shop' }, init?: Obj): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'nginx', ...container }], ...(init === undefined ? {} : { initContainers: [init] }) },
      },
    },
  };
}
const service = (port: Obj): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, ...port }] },
});

describe('identity fields that are not strings', () => {
  const NOT_STRINGS: Record<string, unknown> = { 'a mapping': { a: 1 }, 'a list': ['web'], 'a number': 5, 'a boolean': true };
  for (const field of ['name', 'namespace', 'generateName']) {
    for (const [what, value] of Object.entries(NOT_STRINGS)) {
      test(`metadata.${field} that is ${what}: error naming the field, input unchanged, the workload counted as failed`, () => {
        for (const object of [
          deployment({}, { name: 'web', namespace: 'shop', [field]: value }),
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop', [field]: value } },
        ]) {
          const { input, out } = run([object]);
          assert.equal(out.exitCode, 1, out.report);
          assert.equal(out.output, input);
          const errors = out.results.filter((r) => r.severity === 'error');
          assert.equal(errors.length, 1, out.report);
          assert.equal(errors[0]?.field?.path, `metadata.${field}`);
          assert.match(
            errors[0]?.message ?? '',
            new RegExp(
              `metadata\\.${field}: must be a string \\(a Kubernetes name such as "web"; got ${what === 'a number' || what === 'a boolean' ? `the ${typeof value}` : what}`,
            ),
          );
          if (typeof value !== 'object')
            assert.match(errors[0]?.message ?? '', new RegExp(`Quote it in YAML: ${field}: "${String(value)}"`));
          assert.ok(!out.report.includes('[object Object]'), out.report);
          if (object['kind'] === 'Deployment') assert.match(out.report, /0 injected, 0 skipped, 1 failed/);
        }
      });
    }
  }
  test('label and annotation values that are not strings on objects that are not workloads (a Namespace read for injection, a ConfigMap): errors naming the key', () => {
    for (const [on, value] of [
      ['labels', true],
      ['labels', 1],
      ['annotations', null],
      ['annotations', { a: 1 }],
    ] as const) {
      const namespace = { ...ns, metadata: { name: 'shop', [on]: { 'kuma.io/sidecar-injection': value } } };
      const input = [namespace, deployment({})].map((o) => dump(o)).join('---\n');
      const out = processInput(input, { host: streamHost('none') });
      assert.equal(out.exitCode, 1, out.report);
      assert.equal(out.output, input);
      const error = out.results.find((r) => r.severity === 'error');
      assert.equal(error?.field?.path, `metadata.${on}["kuma.io/sidecar-injection"]`, out.report);
      assert.match(error?.message ?? '', /values must be strings/);
    }
  });

  test('null identity fields are absent ones, not errors', () => {
    const { out } = run([deployment({}, { name: 'web', namespace: 'shop', generateName: null })]);
    assert.equal(out.exitCode, 0, out.report);
  });
});

test('a policy whose metadata.namespace is a number, in a ResourceList with no default namespace: the error, never an internal one (fuzz, seed 2024)', () => {
  const route = { apiVersion: 'kuma.io/v1alpha1', kind: 'MeshHTTPRoute', metadata: { name: 'demo-app', namespace: -1 } };
  const input = dump({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [route] });
  const out = processInput(input, { host: KPT_HOST });
  assert.equal(out.exitCode, 1, out.report);
  assert.ok(!out.results.some((r) => r.tags?.['code'] === 'KI0702'), out.report);
  const error = out.results.find((r) => r.severity === 'error');
  assert.equal(error?.field?.path, 'metadata.namespace', out.report);
});

test('control-plane objects whose metadata.name is not a string (a Secret, a ConfigMap, the kuma-cp Deployment): KI0223 on each, never an internal error (fuzz, seed 101)', () => {
  const system = 'kong-mesh-system';
  const cp = deployment({ name: 'control-plane', image: 'kong/kuma-cp:2.14.3', args: ['run'] }, { name: 5, namespace: system });
  const objects = [
    cp,
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: false, namespace: system } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: { a: 1 }, namespace: system }, data: { 'config.yaml': 'mode: zone' } },
  ];
  for (const host of [KPT_HOST, streamHost('none')]) {
    const input =
      host === KPT_HOST
        ? dump({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: objects })
        : objects.map((o) => dump(o)).join('---\n');
    const out = processInput(input, { host });
    assert.equal(out.exitCode, 1, out.report);
    assert.doesNotMatch(out.report, /internal error/);
    const named = out.results.filter((r) => r.tags?.['code'] === 'KI0223').map((r) => r.resourceRef?.kind);
    assert.deepEqual(named.sort(), ['ConfigMap', 'Deployment', 'Secret'], out.report);
  }
});

test('a Namespace whose injection label is a map, with a Service in it: the messages say "a map", never "[object Object]" (fuzz, seed 555)', () => {
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', labels: { 'kuma.io/sidecar-injection': {} } } };
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis', namespace: 'demo' }, spec: { ports: [{ port: 6379 }] } };
  // With previews, kuma-inject also previews the MeshServices kuma-cp would generate for the Service.
  const out = processInput([namespace, service].map((o) => dump(o)).join('---\n'), { host: streamHost('inline') });
  assert.equal(out.exitCode, 1, out.report);
  assert.ok(!out.report.includes('[object Object]'), out.report);
  assert.match(out.report, /kuma-cp cannot read \(got a map\)/);
  // A workload there: not injected, with a fix that is not `quote it: "[object Object]"`.
  const workload = deployment({}, { name: 'redis', namespace: 'demo' });
  const withWorkload = processInput([namespace, workload].map((o) => dump(o)).join('---\n'), { host: streamHost('inline') });
  assert.ok(!withWorkload.report.includes('[object Object]'), withWorkload.report);
  assert.match(withWorkload.report, /label is a map \(label values are strings; write one, e\.g\. kuma\.io\/sidecar-injection: enabled\)/);
});

describe('port fields out of range', () => {
  const prefix = 'spec.template.spec.containers[0]';
  const BAD: Record<string, { objects: Obj[]; field: string; range: RegExp }> = {
    'containerPort 70000': {
      objects: [deployment({ ports: [{ containerPort: 70000 }] })],
      field: `${prefix}.ports[0].containerPort`,
      range: /an integer from 1 to 65535 \(got 70000\)/,
    },
    'containerPort 0': {
      objects: [deployment({ ports: [{ containerPort: 0 }] })],
      field: `${prefix}.ports[0].containerPort`,
      range: /from 1 to 65535 \(got 0\)/,
    },
    'containerPort -1': {
      objects: [deployment({ ports: [{ containerPort: -1 }] })],
      field: `${prefix}.ports[0].containerPort`,
      range: /got -1/,
    },
    'containerPort 80.5': {
      objects: [deployment({ ports: [{ containerPort: 80.5 }] })],
      field: `${prefix}.ports[0].containerPort`,
      range: /got 80\.5/,
    },
    'containerPort "8080" (a string)': {
      objects: [deployment({ ports: [{ containerPort: '8080' }] })],
      field: `${prefix}.ports[0].containerPort`,
      range: /got "8080"/,
    },
    'containerPort missing': {
      objects: [deployment({ ports: [{ name: 'http' }] })],
      field: `${prefix}.ports[0].containerPort`,
      range: /is missing; expected an integer from 1 to 65535/,
    },
    'containerPort 1e300': {
      objects: [deployment({ ports: [{ containerPort: 1e300 }] })],
      field: `${prefix}.ports[0].containerPort`,
      range: /got 1e\+300/,
    },
    'hostPort 70000': {
      objects: [deployment({ ports: [{ containerPort: 80, hostPort: 70000 }] })],
      field: `${prefix}.ports[0].hostPort`,
      range: /from 1 to 65535 \(or 0 for none\)/,
    },
    'an init container port': {
      objects: [deployment({}, undefined, { name: 'init', image: 'x', ports: [{ containerPort: 65536 }] })],
      field: 'spec.template.spec.initContainers[0].ports[0].containerPort',
      range: /got 65536/,
    },
    'httpGet probe port 70000': {
      objects: [deployment({ readinessProbe: { httpGet: { path: '/', port: 70000 } } })],
      field: `${prefix}.readinessProbe.httpGet.port`,
      range: /from 1 to 65535 or a port name \(got 70000\)/,
    },
    'tcpSocket probe port 0': {
      objects: [deployment({ livenessProbe: { tcpSocket: { port: 0 } } })],
      field: `${prefix}.livenessProbe.tcpSocket.port`,
      range: /got 0/,
    },
    // A missing handler port reads as 0 (found by the fuzz, seed 2442028400: injected, then the
    // uninjected Pod had port 0 and its re-injection failed).
    'httpGet probe without a port': {
      objects: [deployment({ readinessProbe: { httpGet: {} } })],
      field: `${prefix}.readinessProbe.httpGet.port`,
      range: /is missing; expected an integer from 1 to 65535 or a port name/,
    },
    'httpGet probe port named ""': {
      objects: [deployment({ readinessProbe: { httpGet: { port: '' } } })],
      field: `${prefix}.readinessProbe.httpGet.port`,
      range: /or a port name \(got ""\)/,
    },
    'httpGet probe port "8080" (a number in quotes: a port name needs a letter)': {
      objects: [deployment({ readinessProbe: { httpGet: { port: '8080' } } })],
      field: `${prefix}.readinessProbe.httpGet.port`,
      range: /or a port name \(got "8080": a port name has a letter; for a number, write it without quotes\)/,
    },
    'tcpSocket probe port "HTTP" (upper case)': {
      objects: [deployment({ ports: [{ containerPort: 8080, name: 'http' }], livenessProbe: { tcpSocket: { port: 'HTTP' } } })],
      field: `${prefix}.livenessProbe.tcpSocket.port`,
      range: /\(got "HTTP": a port name has only a-z, 0-9 and -\)/,
    },
    'container port name "8080"': {
      objects: [deployment({ ports: [{ containerPort: 8080, name: '8080' }] })],
      field: `${prefix}.ports[0].name`,
      range: /must be a port name such as "http" \(got "8080": a port name has a letter/,
    },
    'container port name of 16 characters': {
      objects: [deployment({ ports: [{ containerPort: 8080, name: 'http-metrics-abc' }] })],
      field: `${prefix}.ports[0].name`,
      range: /at most 15 characters/,
    },
    'container port name "-http"': {
      objects: [deployment({ ports: [{ containerPort: 8080, name: '-http' }] })],
      field: `${prefix}.ports[0].name`,
      range: /no -- and no - at either end/,
    },
    'container port name 5 (a number)': {
      objects: [deployment({ ports: [{ containerPort: 8080, name: 5 }] })],
      field: `${prefix}.ports[0].name`,
      range: /got 5: a port name is text/,
    },
    'Service targetPort "8080" (a number in quotes)': {
      objects: [service({ targetPort: '8080' })],
      field: 'spec.ports[0].targetPort',
      range: /got "8080": a port name has a letter/,
    },
    'tcpSocket probe without a port': {
      objects: [deployment({ livenessProbe: { tcpSocket: {} } })],
      field: `${prefix}.livenessProbe.tcpSocket.port`,
      range: /is missing/,
    },
    'grpc probe port given as a name': {
      objects: [deployment({ startupProbe: { grpc: { port: 'grpc' } } })],
      field: `${prefix}.startupProbe.grpc.port`,
      range: /from 1 to 65535 \(got "grpc"\)/,
    },
    'preStop httpGet port 99999': {
      objects: [deployment({ lifecycle: { preStop: { httpGet: { port: 99999 } } } })],
      field: `${prefix}.lifecycle.preStop.httpGet.port`,
      range: /got 99999/,
    },
    'a bare Pod': {
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', namespace: 'shop' },
          spec: { containers: [{ name: 'a', image: 'a', ports: [{ containerPort: 70000 }] }] },
        },
      ],
      field: 'spec.containers[0].ports[0].containerPort',
      range: /got 70000/,
    },
    'Service port 70000': { objects: [service({ port: 70000 })], field: 'spec.ports[0].port', range: /got 70000/ },
    'Service targetPort 70000': {
      objects: [service({ targetPort: 70000 })],
      field: 'spec.ports[0].targetPort',
      range: /or a port name \(got 70000\)/,
    },
    'Service nodePort 70000': { objects: [service({ nodePort: 70000 })], field: 'spec.ports[0].nodePort', range: /got 70000/ },
  };
  for (const [what, shape] of Object.entries(BAD)) {
    test(`${what}: error naming ${shape.field} and the range, input unchanged`, () => {
      const { input, out } = run(shape.objects);
      assert.equal(out.exitCode, 1, out.report);
      assert.equal(out.output, input);
      const error = out.results.find((r) => r.severity === 'error');
      assert.equal(error?.field?.path, shape.field, out.report);
      assert.match(error?.message ?? '', shape.range);
      assert.match(error?.message ?? '', /the API server refuses it\. Fix the port\./);
    });
  }
  test('the edges of every range pass: ports 1 and 65535, hostPort and nodePort 0, named probe and target ports, port names of 15 characters', () => {
    const { out } = run([
      deployment({
        ports: [
          { containerPort: 1 },
          { containerPort: 65535, hostPort: 0 },
          { containerPort: 8080, hostPort: 65535, name: 'http' },
          { containerPort: 9090, name: 'abcdefghijklm-1' },
          { containerPort: 9091, name: '1-a' },
        ],
        startupProbe: { tcpSocket: { port: 'abcdefghijklm-1' } },
        readinessProbe: { httpGet: { path: '/', port: 'http' } },
        livenessProbe: { tcpSocket: { port: 65535 } },
      }),
      service({ port: 65535, targetPort: 'http', nodePort: 0 }),
    ]);
    assert.equal(out.exitCode, 0, out.report);
    assert.match(out.report, /1 injected/);
  });
});
