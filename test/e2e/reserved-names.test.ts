import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dump } from 'js-yaml';
import { REPO, explain } from './harness.ts';
import { kumaInject } from './bundle-in-process.ts';

/**
 * The pod's own containers and volumes with the names the injector uses (built bundle, every
 * mode). A kuma-sidecar container the injector did not add (no `kuma.io/sidecar-injected: "true"`):
 * the webhook skips the pod as already injected, so it is skipped with a warning and left byte for
 * byte as it is (never stripped, in inject or uninject mode). Any other injector name
 * (kuma-init, kuma-validation, the kuma-* volumes): injection would add a second one, which the API
 * server rejects, so the run fails with an error naming the field; the input is echoed.
 */
const run = (args: string[], input: string) => kumaInject([...args], { cwd: REPO, input });
const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kuma.io/sidecar-injection': 'enabled' } } };
const app = { name: 'app', image: 'nginx' };

function workloads(podSpec: Record<string, unknown>, annotations?: Record<string, string>): Record<string, unknown>[] {
  const metadata = annotations === undefined ? { labels: { app: 'a' } } : { labels: { app: 'a' }, annotations };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata, spec: podSpec } },
    },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop', ...metadata }, spec: podSpec },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'shop' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { metadata, spec: { ...podSpec, restartPolicy: 'Never' } } } } },
    },
  ];
}
const stream = (objects: readonly unknown[]) => [ns, ...objects].map((o) => dump(o)).join('---\n');

const OWN_SIDECAR: Record<string, Record<string, unknown>> = {
  'an app container named kuma-sidecar': { containers: [{ name: 'kuma-sidecar', image: 'envoy' }] },
  'kuma-sidecar next to the app container': { containers: [app, { name: 'kuma-sidecar', image: 'envoy' }] },
  'a native sidecar (init, restartPolicy Always) named kuma-sidecar': {
    initContainers: [{ name: 'kuma-sidecar', image: 'envoy', restartPolicy: 'Always' }],
    containers: [app],
  },
  'a plain init container named kuma-sidecar': { initContainers: [{ name: 'kuma-sidecar', image: 'busybox' }], containers: [app] },
};
const MARKS: Record<string, Record<string, string> | undefined> = {
  'no annotations': undefined,
  'sidecar-injected "false"': { 'kuma.io/sidecar-injected': 'false' },
  'other annotations': { team: 'x' },
};

const TAKEN: Record<string, { spec: Record<string, unknown>; args?: string[]; field: RegExp }> = {
  'an init container named kuma-init': {
    spec: { initContainers: [{ name: 'kuma-init', image: 'busybox' }], containers: [app] },
    field: /spec\.(initContainers|containers)\[\d\]/,
  },
  'an app container named kuma-init': {
    spec: { containers: [app, { name: 'kuma-init', image: 'busybox' }] },
    field: /spec\.(initContainers|containers)\[\d\]/,
  },
  'an init container named kuma-init, classic layout': {
    spec: { initContainers: [{ name: 'kuma-init', image: 'busybox' }], containers: [app] },
    args: ['--sidecar-containers=false'],
    field: /spec\.(initContainers|containers)\[\d\]/,
  },
  'an app container named kuma-validation (no CNI, no repeat, but a re-render would remove it)': {
    spec: { containers: [app, { name: 'kuma-validation', image: 'busybox' }] },
    field: /spec\.containers\[1\]/,
  },
  'an init container named kuma-validation under CNI': {
    spec: { initContainers: [{ name: 'kuma-validation', image: 'busybox' }], containers: [app] },
    args: ['--cni'],
    field: /spec\.(initContainers|containers)\[\d\]/,
  },
  'a volume named kuma-sidecar-tmp': {
    spec: { containers: [app], volumes: [{ name: 'kuma-sidecar-tmp', emptyDir: {} }] },
    field: /spec\.volumes\[\d\]/,
  },
  'a volume named kuma-init-tmp': {
    spec: { containers: [app], volumes: [{ name: 'kuma-init-tmp', emptyDir: {} }] },
    field: /spec\.volumes\[\d\]/,
  },
};

describe("containers and volumes of the pod's own with the injector's names", () => {
  test("a kuma-sidecar of the pod's own (every placement × every mark × Deployment, Pod, CronJob): skipped with a warning that says why, left as it is, in every mode", () => {
    // One stream holds every combination (distinct names), so each mode runs once.
    const objects = Object.entries(OWN_SIDECAR).flatMap(([, spec], i) =>
      Object.entries(MARKS).flatMap(([, annotations], j) =>
        workloads(spec, annotations).map((o) => ({
          ...o,
          metadata: { ...(o['metadata'] as object), name: `${String((o['metadata'] as { name: string }).name)}${i}${j}` },
        })),
      ),
    );
    const count = objects.length;
    const input = stream(objects);
    const ran = run(['-f', '-'], input);
    assert.equal(ran.status, 0, explain('stream', ran));
    assert.equal(ran.stdout, input, 'nothing is changed, nothing deleted');
    assert.match(ran.stderr, new RegExp(`: 0 injected, ${count} skipped, 0 errors, ${count} warnings`), ran.stderr);
    const warned = ran.stderr.match(
      /warning: \w+ shop\/\w+, (spec\.template\.|spec\.jobTemplate\.spec\.template\.)?spec: not injected: the pod has its own container named kuma-sidecar .*skips any pod with a kuma-sidecar container as already injected.*Rename that container/g,
    );
    assert.equal(warned?.length, count, ran.stderr);
    assert.equal(run(['-f', '-', '--fail-on', 'warning'], input).status, 1, 'failOn: warning makes it fail');
    const back = run(['uninject', '-f', '-'], input);
    assert.equal(back.status, 0, explain('uninject', back));
    assert.equal(back.stdout, input, "uninject leaves the pod's own kuma-sidecar in place");
    const krm = run([], dump({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [ns, ...objects] }));
    assert.equal(krm.status, 0, explain('krm', krm));
    assert.match(krm.stdout, new RegExp(`0 injected, ${count} skipped`));
    assert.equal((krm.stdout.match(/name: kuma-sidecar/g) ?? []).length, count);
  });

  for (const [what, shape] of Object.entries(TAKEN)) {
    test(`${what}: error naming the field and the name, nothing on stdout, exit 1`, () => {
      const input = stream(workloads(shape.spec));
      const ran = run(['-f', '-', ...(shape.args ?? [])], input);
      assert.equal(ran.status, 1, explain(what, ran));
      assert.equal(ran.stdout, '');
      const errors = ran.stderr.split('\n').filter((line) => line.startsWith('error: '));
      assert.equal(errors.length, 3, ran.stderr);
      for (const line of errors) {
        assert.match(
          line,
          /used twice among its containers or volumes: "kuma-[a-z-]+" \(again at spec\.\w+\[\d\], a name the injector uses\)|has its own container named "kuma-(init|validation)", a name the injector uses for the container it adds; the next render \(or uninject\) would take it for the injected one/,
        );
        assert.match(line, shape.field);
      }
    });
  }

  test('a pod the webhook injected (kuma-sidecar plus kuma.io/sidecar-injected: "true") is still re-rendered and uninjected', () => {
    const input = stream(workloads({ containers: [app] }));
    const injected = run(['-f', '-'], input);
    assert.equal(injected.status, 0, explain('inject', injected));
    assert.match(injected.stderr, /: 3 injected/);
    assert.equal(run(['-f', '-'], injected.stdout).stdout, injected.stdout);
    const back = run(['uninject', '-f', '-'], injected.stdout);
    assert.match(back.stderr, / 3 uninjected/);
  });
});
