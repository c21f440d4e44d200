import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isResourceList, krmHost, problemsOnly } from '../../src/cli/detect-input.ts';

describe('telling a ResourceList from a stream', () => {
  const cases: { name: string; text: string; expected: boolean }[] = [
    { name: 'block YAML', text: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n', expected: true },
    {
      name: 'kind first, quoted, with a comment',
      text: '# from kpt\nkind: "ResourceList" # wire format\napiVersion: config.kubernetes.io/v1beta1\nitems: []\n',
      expected: true,
    },
    { name: 'JSON', text: '{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[]}', expected: true },
    {
      name: 'flow YAML as kpt forwards JSON',
      text: '{"apiVersion": "config.kubernetes.io/v1", kind: ResourceList, items: []}\n',
      expected: true,
    },
    {
      name: 'a plain stream',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\n',
      expected: false,
    },
    { name: 'a List', text: 'apiVersion: v1\nkind: List\nitems: []\n', expected: false },
    {
      name: 'a manifest that mentions ResourceList in a value',
      text: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  doc: |\n    kind: ResourceList\n',
      expected: false,
    },
    { name: 'a JSON object of another kind', text: '{"apiVersion":"v1","kind":"ConfigMap","data":{"k":"ResourceList"}}', expected: false },
  ];
  for (const { name, text, expected } of cases) {
    test(name, () => assert.equal(isResourceList(text), expected));
  }
});

describe('which orchestrator sent the ResourceList', () => {
  test('kustomize marks items with kustomize.config.k8s.io/id', () => {
    assert.equal(
      krmHost('kind: ResourceList\nitems:\n- metadata:\n    annotations:\n      kustomize.config.k8s.io/id: |\n        kind: Deployment\n')
        .name,
      'kustomize function',
    );
  });
  test('kustomize keeps the function annotation on the functionConfig', () => {
    assert.equal(
      krmHost(
        'kind: ResourceList\nfunctionConfig:\n  metadata:\n    annotations:\n      config.kubernetes.io/function: |\n        exec: {path: kuma-inject}\n',
      ).name,
      'kustomize function',
    );
  });
  test('anything else is kpt', () => {
    assert.equal(
      krmHost('kind: ResourceList\nitems:\n- metadata:\n    annotations:\n      internal.config.kubernetes.io/path: a.yaml\n').name,
      'kpt',
    );
  });
});

describe('report lines shown inside build logs', () => {
  const report = 'info: [Deployment a/b] injected\nwarning: [ContainerPatch x/y] ignored\nerror: [Deployment a/c] broken\n';
  test('on success only warnings and errors', () =>
    assert.equal(problemsOnly(report, 0), 'warning: [ContainerPatch x/y] ignored\nerror: [Deployment a/c] broken\n'));
  test('on failure everything', () => assert.equal(problemsOnly(report, 1), report));
});
