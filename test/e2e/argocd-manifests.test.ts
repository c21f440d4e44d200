import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { explain, REPO, requireTool, sh } from './harness.ts';
import { find, objectsOf, type Obj } from '../cli/kube-objects.ts';
import { SETTING_FLAGS } from '../../src/cli/setting-flags.ts';

const ARGOCD = join(REPO, 'functions/kuma-inject/argocd');

/** The parts of the upstream argocd-repo-server Deployment the patch relies on. */
const REPO_SERVER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: argocd-repo-server}
  template:
    metadata:
      labels: {app.kubernetes.io/name: argocd-repo-server}
    spec:
      initContainers:
        - name: copyutil
          image: quay.io/argoproj/argocd:v2.14.0
          command: [/bin/cp, -n, /usr/local/bin/argocd, /var/run/argocd/argocd-cmp-server]
          volumeMounts: [{name: var-files, mountPath: /var/run/argocd}]
      containers:
        - name: argocd-repo-server
          image: quay.io/argoproj/argocd:v2.14.0
          volumeMounts: [{name: plugins, mountPath: /home/argocd/cmp-server/plugins}, {name: tmp, mountPath: /tmp}]
      volumes:
        - {name: var-files, emptyDir: {}}
        - {name: plugins, emptyDir: {}}
        - {name: tmp, emptyDir: {}}
`;

describe('Argo CD manifests', () => {
  test('repo-server-patch.yaml patches argocd-repo-server into a sidecar whose every mount has a volume', () => {
    requireTool('kubectl', 'the patch is applied with kubectl kustomize');
    const dir = mkdtempSync(join(tmpdir(), 'kuma-inject-argocd-'));
    writeFileSync(join(dir, 'repo-server.yaml'), REPO_SERVER);
    cpSync(join(ARGOCD, 'repo-server-patch.yaml'), join(dir, 'repo-server-patch.yaml'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [repo-server.yaml]\npatches: [{path: repo-server-patch.yaml}]\n');
    const ran = sh('kubectl', ['kustomize', dir]);
    assert.equal(ran.status, 0, explain('kubectl kustomize', ran));
    const spec = find(objectsOf(ran.stdout), 'Deployment', 'argocd-repo-server')['spec']['template']['spec'] as Obj;
    const sidecar = (spec['containers'] as Obj[]).find((c) => c['name'] === 'kuma-inject');
    assert.ok(sidecar, 'the kuma-inject sidecar is added');
    assert.ok(
      (spec['containers'] as Obj[]).some((c) => c['name'] === 'argocd-repo-server'),
      'the repo-server container is kept',
    );
    assert.deepEqual(sidecar['command'], ['/var/run/argocd/argocd-cmp-server']);
    const volumes = new Set((spec['volumes'] as Obj[]).map((v) => v['name']));
    for (const mount of sidecar['volumeMounts'] as Obj[]) assert.ok(volumes.has(mount['name']), `volume ${mount['name']} exists`);
    const mounts = Object.fromEntries((sidecar['volumeMounts'] as Obj[]).map((m) => [m['mountPath'], m]));
    assert.equal(mounts['/home/argocd/cmp-server/config/plugin.yaml']?.['subPath'], 'plugin.yaml');
    assert.notEqual(mounts['/tmp']?.['name'], 'tmp', 'the sidecar has its own /tmp, not the repo-server one');
  });

  test('plugin.yaml: a CMP v2 plugin whose parameters are all settings argocd-generate reads', () => {
    const plugin = parse(readFileSync(join(ARGOCD, 'plugin.yaml'), 'utf8')) as Obj;
    assert.equal(plugin['apiVersion'], 'argoproj.io/v1alpha1');
    assert.equal(plugin['kind'], 'ConfigManagementPlugin');
    assert.deepEqual(plugin['spec']['generate']['command'], ['kuma-inject', 'argocd-generate']);
    assert.equal(plugin['spec']['discover']['fileName'], './kuma-inject.yaml');
    const known = new Set([...SETTING_FLAGS.map((f) => f.env), 'CONFIG']);
    for (const parameter of plugin['spec']['parameters']['static'] as Obj[]) {
      const env = String(parameter['name'])
        .toUpperCase()
        .replace(/[^A-Z0-9_]/g, '_');
      assert.ok(known.has(env), `parameter ${parameter['name']} (PARAM_${env}) is read by argocd-generate`);
      const flag = SETTING_FLAGS.find((f) => f.env === env);
      if (flag?.type === 'list') assert.equal(parameter['collectionType'], 'array', `${parameter['name']} is a list`);
    }
  });

  test('the function README names every setting argocd-generate reads from ARGOCD_ENV_ / PARAM_', () => {
    const readme = readFileSync(join(REPO, 'functions/kuma-inject/README.md'), 'utf8');
    const missing = [...SETTING_FLAGS.map((f) => f.env), 'CONFIG'].filter((env) => !readme.includes(`\`${env}\``));
    assert.deepEqual(missing, [], 'functions/kuma-inject/README.md (Argo CD) lacks these settings');
  });
});
