import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { previewFileNameProblems } from '../../../src/core/dataplane/preview-file-names.ts';
import type { KubeObject } from '../../../src/core/types.ts';

function deployment(name: string, namespace?: string): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: namespace === undefined ? { name } : { name, namespace } };
}

describe('preview file names: namespaces that are not RFC 1123 labels are errors on metadata.namespace', () => {
  const bad = ['..', '.', '/', '/etc', 'a/b', '../x', 'Shop', '-a', 'a-', 'a.b', 'a_b', 'a b', `${'a'.repeat(64)}`, '\u00e9'];
  for (const namespace of bad) {
    test(JSON.stringify(namespace), () => {
      const problems = previewFileNameProblems(deployment('web', namespace), namespace);
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.severity, 'error');
      assert.equal(problems[0]?.field?.path, 'metadata.namespace');
      assert.equal(problems[0]?.resourceRef?.name, 'web');
    });
  }
  test('a bad defaultNamespace (the object has none) is reported on the setting', () => {
    const problems = previewFileNameProblems(deployment('web'), '..');
    assert.equal(problems[0]?.field?.path, 'defaultNamespace');
  });
  for (const namespace of ['a', 'shop', 'kong-mesh-system', '0', `${'a'.repeat(63)}`]) {
    test(`valid: ${namespace}`, () => assert.deepEqual(previewFileNameProblems(deployment('web', namespace), namespace), []));
  }
});

describe('preview file names: workload names that are not RFC 1123 subdomains are errors on metadata.name', () => {
  const bad = ['..', '.', 'a/b', '../../x', '/etc/passwd', 'Web', 'a..b', '.a', 'a.', '-a', 'a_b', `${'a'.repeat(254)}`, 'a\nb'];
  for (const name of bad) {
    test(JSON.stringify(name), () => {
      const problems = previewFileNameProblems(deployment(name, 'shop'), 'shop');
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.field?.path, 'metadata.name');
      assert.equal(problems[0]?.severity, 'error');
    });
  }
  for (const name of ['web', 'web.v2', 'a-b.c-d', '0', `${'a'.repeat(253)}`]) {
    test(`valid: ${name}`, () => assert.deepEqual(previewFileNameProblems(deployment(name, 'shop'), 'shop'), []));
  }
  test('a kind that is not one identifier is an error on kind', () => {
    const problems = previewFileNameProblems({ ...deployment('web', 'shop'), kind: 'Roll/../out' }, 'shop');
    assert.equal(problems[0]?.field?.path, 'kind');
  });
});
