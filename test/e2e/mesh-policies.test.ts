/**
 * The policy analysis end to end: the mesh-policies example package rendered by real kpt (previews
 * of Dataplanes and MeshServices as local-config files, what applies listed on each Dataplane
 * preview, the typo reported), and `kuma-inject analyze` through the built bundle.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { REPO, explain, gitRepoWith, kptRender } from './harness.ts';
import { kumaInject } from './bundle-in-process.ts';

const EXAMPLE = 'functions/kuma-inject/examples/mesh-policies';
const run = (args: string[], input?: string) => kumaInject([...args], { cwd: REPO, ...(input === undefined ? {} : { input }) });

type Obj = { kind: string; metadata: { name: string; annotations?: Record<string, string> } } & Record<string, unknown>;

describe('mesh-policies under kpt', () => {
  test('MeshService and Dataplane previews are local-config files; each Dataplane preview lists what applies; the typo is a warning', () => {
    const dir = gitRepoWith(['mesh-policies'], join(REPO, 'functions/kuma-inject/examples'));
    const ran = kptRender(join(dir, 'mesh-policies'), ['--truncate-output=false']);
    assert.equal(ran.status, 0, explain('kpt fn render', ran));
    assert.match(ran.stderr, /payments-from-orders.*selects no Dataplane.*did you mean "payments"/);
    const folder = join(dir, 'mesh-policies', 'kuma-previews', 'shop');
    const files = readdirSync(folder).sort();
    assert.deepEqual(files, [
      'deployment-cart.yaml',
      'deployment-catalog.yaml',
      'deployment-orders.yaml',
      'deployment-payments.yaml',
      'deployment-web.yaml',
      'service-cart.yaml',
      'service-catalog.yaml',
      'service-orders.yaml',
      'service-payments.yaml',
      'service-web.yaml',
    ]);
    const objects = files.map((f) => parse(readFileSync(join(folder, f), 'utf8')) as Obj);
    for (const o of objects)
      assert.equal(o.metadata.annotations?.['config.kubernetes.io/local-config'], 'true', `${o.kind} ${o.metadata.name}`);
    assert.deepEqual(
      objects.filter((o) => o.kind === 'MeshService').map((o) => o.metadata.name),
      ['cart', 'catalog', 'orders', 'payments', 'web'],
    );
    const policies = (name: string): string =>
      objects.find((o) => o.kind === 'Dataplane' && o.metadata.annotations?.['kuma-inject.dev/preview-of'] === `Deployment/shop/${name}`)
        ?.metadata.annotations?.['kuma-inject.dev/policies'] ?? '';
    assert.match(policies('orders'), /^MeshTrafficPermission kuma-system\/orders-from-web-and-cart: inbound http rules\[0\]/m);
    assert.match(policies('web'), /^MeshTimeout shop\/payments-timeouts: outbound MeshService shop\/payments port api to\[0\]/m);
    for (const name of ['web', 'cart', 'catalog', 'orders', 'payments']) assert.doesNotMatch(policies(name), /payments-from-orders/);
  });
});

describe('kuma-inject analyze (the built bundle)', () => {
  test('-o json: per workload what applies, per policy what it selects; nothing else on stdout', () => {
    const ran = run(['analyze', '-f', EXAMPLE, '-o', 'json']);
    assert.equal(ran.status, 0, ran.stderr);
    const doc = JSON.parse(ran.stdout) as {
      workloads: { workload: string; policies: { policy: string; scope: string; on?: string }[] }[];
      policies: { policy: string; selects: { workload: string; inbounds?: string[] }[] }[];
    };
    assert.deepEqual(
      doc.workloads.map((w) => w.workload),
      ['Deployment/shop/web', 'Deployment/shop/cart', 'Deployment/shop/catalog', 'Deployment/shop/orders', 'Deployment/shop/payments'],
    );
    const select = (name: string) => doc.policies.find((p) => p.policy === name)?.selects;
    assert.deepEqual(select('kuma-system/cart-from-web'), [{ workload: 'Deployment/shop/cart', inbounds: ['http'] }]);
    assert.deepEqual(select('kuma-system/payments-from-orders'), []);
    assert.equal(select('shop/payments-timeouts')?.length, 5, 'a producer policy configures every client');
    assert.match(ran.stderr, /\[KI0854\]/);
  });

  test('-o yaml says the same; the default is text for people', () => {
    const json = JSON.parse(run(['analyze', '-f', EXAMPLE, '-o', 'json']).stdout) as unknown;
    const yaml = run(['analyze', '-f', EXAMPLE, '-o', 'yaml']);
    assert.equal(yaml.status, 0, yaml.stderr);
    assert.deepEqual(parse(yaml.stdout), json);
    const text = run(['analyze', '-f', EXAMPLE, '--quiet']);
    assert.match(
      text.stdout,
      /^ {2}MeshTrafficPermission kuma-system\/payments-from-orders \(role system, targetRef Dataplane labels \{app: payment\}\)\n {4}selects: no workload of this bundle$/m,
    );
  });

  test('usage errors: exit 2 for an unknown format or no input', () => {
    const bad = run(['analyze', '-f', EXAMPLE, '-o', 'xml']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /-o takes text, yaml, json \(got "xml"\)/);
    assert.equal(run(['analyze']).status, 2);
  });

  test('stream mode bound for kubectl apply carries no preview, MeshServices included', () => {
    const ran = run(['-f', EXAMPLE]);
    assert.equal(ran.status, 0, ran.stderr);
    const kinds = parseAllDocuments(ran.stdout).map((d) => (d.toJS() as Obj).kind);
    assert.ok(!kinds.includes('MeshService') && !kinds.includes('Dataplane'), kinds.join(','));
  });
});
