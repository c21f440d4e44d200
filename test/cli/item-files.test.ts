import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nameItemFiles } from '../../src/cli/item-files.ts';
import { runCli } from './cli-run.ts';

/** Two items as `kpt fn render` sends a subpackage's resources (paths relative to the subpackage). */
const RENDERED = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: kpt.dev/v1
  kind: Kptfile
  metadata:
    name: backend
    annotations:
      config.kubernetes.io/path: 'Kptfile'
      internal.config.kubernetes.io/package-path: '/repo/shop/backend'
      internal.config.kubernetes.io/path: 'Kptfile'
# a comment between items
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: backend
    annotations:
      config.kubernetes.io/path: 'deployment.yaml'
      internal.config.kubernetes.io/package-path: '/repo/shop/backend'
      internal.config.kubernetes.io/path: 'deployment.yaml'
  spec:
    template:
      spec:
        containers:
        - name: a
          name: b
functionConfig:
  apiVersion: v1
  kind: ConfigMap
`;

describe('nameItemFiles: the file behind "(item N)" of a ResourceList', () => {
  test('kpt fn render: package path and item path', () => {
    assert.equal(
      nameItemFiles('error: input line 27, column 11 (item 1): duplicated mapping key.\n', RENDERED),
      'error: input line 27, column 11 (item 1, /repo/shop/backend/deployment.yaml): duplicated mapping key.\n',
    );
  });

  test('kpt fn eval (no package path, legacy annotation only), indented items, unknown items', () => {
    const evaluated =
      'kind: ResourceList\nitems:\n  - kind: Pod\n    metadata:\n      annotations:\n        config.kubernetes.io/path: "pods/a.yaml"\n  - kind: Pod\n    metadata: {name: b}\n';
    assert.equal(nameItemFiles('(item 0) (item 1) (item 7)', evaluated), '(item 0, pods/a.yaml) (item 1) (item 7)');
    assert.equal(nameItemFiles('(item 0)', '{"kind":"ResourceList","items":[]}'), '(item 0)');
  });

  test('KRM mode names the file of an item that is not valid YAML on stderr', async () => {
    const r = await runCli([], { stdin: RENDERED });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, RENDERED);
    assert.match(
      r.stderr,
      /^error: input line \d+, column \d+ \(item 1, \/repo\/shop\/backend\/deployment\.yaml\): this item is not valid YAML: duplicated mapping key/m,
    );
  });
});
