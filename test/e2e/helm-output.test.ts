import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explain, REPO, requireTool, sh } from './harness.ts';
import { argoParse } from '../fixtures/e2e/argocd/argo-parse.ts';
import { kumaInject } from './bundle-in-process.ts';
import { find, objectsOf, podSpecOf, sidecarOf, type Obj } from '../cli/kube-objects.ts';

/**
 * What `helm template` prints for a typical chart: `# Source:` comments, a leading `---`, quoted
 * names, `{}` placeholders, a checksum annotation, an HPA, a PDB, a pre-install hook Job and a
 * `helm test` Pod.
 */
const CHART_OUTPUT = readFileSync(join(REPO, 'test/fixtures/e2e/helm/payments-chart-output.yaml'), 'utf8');

function documents(stream: string): string[] {
  return stream.split(/^---\n/m);
}

function kindOf(document: string): string | undefined {
  return /^kind: (\S+)$/m.exec(document)?.[1];
}

describe('Helm chart output piped through kuma-inject (helm template | kuma-inject, or a post-renderer: a plain stream on stdin)', () => {
  test('untouched documents come out byte for byte; workloads, the hook Job and the test Pod are injected', () => {
    const ran = kumaInject([], { input: CHART_OUTPUT });
    assert.equal(ran.status, 0, explain('kuma-inject', ran));
    const before = documents(CHART_OUTPUT);
    const after = documents(ran.stdout);
    assert.equal(after.length, before.length, 'no document added (no previews in a stream unless asked) or dropped');
    for (const [index, document] of before.entries()) {
      const kind = kindOf(document);
      if (kind === 'Deployment' || kind === 'Job' || kind === 'Pod') continue;
      assert.equal(after[index], document, `${kind ?? 'leading ---'} document unchanged`);
    }
    const objects = objectsOf(ran.stdout);
    const deployment = find(objects, 'Deployment', 'payments');
    assert.ok(sidecarOf(deployment));
    assert.equal(
      deployment['spec']['template']['metadata']['annotations']['checksum/config'],
      '5b1e0cd1c6cfbd5a0f8a4e4e3b3d2f3f3f0c0a7e9b4b1c2d3e4f5a6b7c8d9e0f',
    );
    const job = find(objects, 'Job', 'payments-migrate');
    assert.equal(job['metadata']['annotations']['helm.sh/hook'], 'pre-install,pre-upgrade', 'hook annotations kept');
    // 2.14 default: a native sidecar, so the Job completes without the control plane's help.
    assert.equal((podSpecOf(job)['initContainers'] as Obj[]).find((c) => c['name'] === 'kuma-sidecar')?.['restartPolicy'], 'Always');
    assert.ok(sidecarOf(find(objects, 'Pod', 'payments-test-connection')));
    assert.match(
      ran.stdout,
      /^# Source: payments\/templates\/deployment\.yaml\napiVersion: apps\/v1\nkind: Deployment$/m,
      'comments of injected documents kept',
    );
  });

  test('the output parses the way Argo CD and kubectl parse YAML, and a second run changes nothing', () => {
    requireTool('kubectl', 'kubectl kustomize parses the output offline');
    const first = kumaInject(['-f', '-'], { input: CHART_OUTPUT });
    assert.equal(first.status, 0, explain('kuma-inject', first));
    const parsed = argoParse(first.stdout);
    assert.ok('objects' in parsed, JSON.stringify(parsed));
    assert.equal(parsed.objects.length, 8);
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-helm-'));
    writeFileSync(join(dir, 'injected.yaml'), first.stdout);
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [injected.yaml]\n');
    const built = sh('kubectl', ['kustomize', dir]);
    assert.equal(built.status, 0, explain('kubectl kustomize', built));
    const second = kumaInject(['-f', '-'], { input: first.stdout });
    assert.equal(second.status, 0, explain('kuma-inject', second));
    assert.equal(second.stdout, first.stdout);
  });

  test('classic sidecars: the hook Job is injected all the same (its completion then needs kuma-cp, see README); the opt-out label keeps it out', () => {
    const classic = kumaInject(['-f', '-', '--no-sidecar-containers'], { input: CHART_OUTPUT });
    assert.equal(classic.status, 0, explain('kuma-inject', classic));
    const job = find(objectsOf(classic.stdout), 'Job', 'payments-migrate');
    assert.ok(
      (podSpecOf(job)['containers'] as Obj[]).some((c) => c['name'] === 'kuma-sidecar'),
      'classic layout: kuma-sidecar among the containers',
    );
    const optedOut = CHART_OUTPUT.replace(
      '      name: "payments-migrate"\n',
      '      name: "payments-migrate"\n      labels:\n        kuma.io/sidecar-injection: disabled\n',
    );
    const ran = kumaInject(['-f', '-', '--no-sidecar-containers'], { input: optedOut });
    assert.equal(ran.status, 0, explain('kuma-inject', ran));
    assert.equal(sidecarOf(find(objectsOf(ran.stdout), 'Job', 'payments-migrate')), undefined);
    assert.match(ran.stderr, /Job pay\/payments-migrate: not injected: the pod label kuma\.io\/sidecar-injection disables injection/);
  });
});
