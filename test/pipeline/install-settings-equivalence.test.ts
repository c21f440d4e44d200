/**
 * The proof that settings derived from a rendered control-plane install are the settings the
 * cluster injects with: for every upstream kumactl install golden that registers an injector, a
 * plain Deployment injected with the golden in the input (no KumaInject at all) equals the same
 * Deployment injected with the install's settings written by hand in KumaInject (read off each
 * golden's kuma-cp env by a person, not produced by our code). A golden without an injector
 * (global, universal) derives nothing, and says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { processInput } from '../../src/krm/process.ts';
import { streamHost } from '../../src/krm/host-profile.ts';
import { CONFORMANCE } from '../conformance/conformance-dir.ts';

const DIR = fileURLToPath(new URL('kuma-2.14/cp-config/install/', CONFORMANCE));

const APP = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    kuma.io/sidecar-injection: enabled
---
apiVersion: kuma.io/v1alpha1
kind: Mesh
metadata:
  name: default
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /ready, port: 8080}}
`;

const KUMA_0_0_1 = `injector:
  sidecarContainer: {image: docker.io/kumahq/kuma-dp:0.0.1}
  initContainer: {image: docker.io/kumahq/kuma-init:0.0.1}
`;

/** KumaInject bodies written by hand from each golden's control-plane env (images, CNI, zone, ...). */
const BY_HAND: Readonly<Record<string, string | null>> = {
  'install-control-plane.defaults.golden.yaml': `product: kuma\nsystemNamespace: kuma-system\n${KUMA_0_0_1}`,
  'install-control-plane.cni-enabled.golden.yaml': `product: kuma\n${KUMA_0_0_1}  cniEnabled: true\n`,
  'install-control-plane.override-env-vars.golden.yaml': `product: kuma\nmeshes: []\n${KUMA_0_0_1}`,
  'install-control-plane.overrides.golden.yaml': `product: kuma
systemNamespace: kuma
controlPlane: {address: "https://kuma-ctrl-plane.kuma:5678"}
zone: zone-1
meshes: []
injector:
  sidecarContainer: {image: "kuma-ci/kuma-dp:greatest"}
  initContainer: {image: "kuma-ci/kuma-init:greatest"}
`,
  'install-control-plane.registry.golden.yaml': `product: kuma
injector:
  sidecarContainer: {image: gcr.io/octo-dataplane/kuma-dp:0.0.1}
  initContainer: {image: gcr.io/octo/kuma-init:0.0.1}
`,
  'install-control-plane.tproxy-ebpf-experimental-enabled.golden.yaml': `product: kuma\n${KUMA_0_0_1}  ebpf: {enabled: true}\n`,
  'install-control-plane.with-egress.golden.yaml': `product: kuma\n${KUMA_0_0_1}`,
  'install-control-plane.with-ingress.golden.yaml': `product: kuma\nzone: zone-1\nmeshes: []\n${KUMA_0_0_1}`,
  'install-control-plane.zone.golden.yaml': `product: kuma\nzone: zone-1\nmeshes: []\n${KUMA_0_0_1}`,
  // No injector registered: nothing to derive.
  'install-control-plane.global.golden.yaml': null,
  'install-control-plane.global-universal-on-k8s.golden.yaml': null,
  'install-control-plane.zone-universal-on-k8s.golden.yaml': null,
};

function injectedWeb(output: string): unknown {
  const docs = parseAllDocuments(output).map((d) => d.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null);
  const web = docs.find((d) => d?.kind === 'Deployment' && d.metadata?.name === 'web' && d.metadata.namespace === 'shop');
  assert.ok(web !== undefined, 'the app Deployment is in the output');
  return web;
}

test('a Deployment injected with the settings of each install golden equals its injection with those settings written by hand', () => {
  const goldens = readdirSync(DIR)
    .filter((f) => /^install-control-plane\..*\.golden\.yaml$/.test(f))
    .sort();
  assert.deepEqual(goldens, Object.keys(BY_HAND).sort(), 'every install golden has a hand-written counterpart');
  let equal = 0;
  let inactive = 0;
  for (const golden of goldens) {
    const install = readFileSync(DIR + golden, 'utf8');
    const derived = processInput(`${install}\n---\n${APP}`, { host: streamHost('none') });
    const hand = BY_HAND[golden];
    if (hand === null || hand === undefined) {
      assert.ok(
        derived.results.some((r) => r.tags?.['code'] === 'KI0908'),
        `${golden}: reports that no injector is registered`,
      );
      assert.ok(!derived.results.some((r) => r.tags?.['code'] === 'KI0901'), `${golden}: derives no settings`);
      inactive++;
      continue;
    }
    assert.equal(derived.exitCode, 0, `${golden}: ${derived.report}`);
    assert.ok(
      derived.results.some((r) => r.tags?.['code'] === 'KI0901'),
      `${golden}: settings derived from the install`,
    );
    const config = `apiVersion: fn.kuma-inject.dev/v1alpha1\nkind: KumaInject\nmetadata: {name: by-hand}\n${hand}`;
    const written = processInput(APP, { host: streamHost('none'), functionConfig: config });
    assert.equal(written.exitCode, 0, `${golden} by hand: ${written.report}`);
    assert.deepEqual(injectedWeb(derived.output), injectedWeb(written.output), `${golden}: derived vs by hand`);
    equal++;
  }
  console.log(`install goldens: ${equal} injections equal to the hand-written settings, ${inactive} without an injector`);
  assert.equal(equal + inactive, goldens.length);
});

test('the hand-written settings are not the release defaults: without the install the injection differs', () => {
  const install = readFileSync(DIR + 'install-control-plane.registry.golden.yaml', 'utf8');
  const derived = processInput(`${install}\n---\n${APP}`, { host: streamHost('none') });
  const plain = processInput(APP, { host: streamHost('none'), overrides: { product: 'kuma' } });
  assert.notDeepEqual(injectedWeb(derived.output), injectedWeb(plain.output));
  assert.match(JSON.stringify(injectedWeb(derived.output)), /gcr\.io\/octo-dataplane\/kuma-dp:0\.0\.1/);
});
