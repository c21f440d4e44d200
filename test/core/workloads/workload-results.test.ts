import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { retarget } from '../../../src/core/workloads/workload-results.ts';
import type { KubeObject, Result } from '../../../src/core/types.ts';

const workload: KubeObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'shop' } };
const podRef = { apiVersion: 'v1', kind: 'Pod', name: '', namespace: 'shop' };

describe('retarget: injector results about the template Pod → results about the workload', () => {
  const prefix = 'spec.jobTemplate.spec.template.';

  test('resourceRef, field path and the path in the message follow the template', () => {
    const [r] = retarget(
      [
        {
          severity: 'error',
          resourceRef: podRef,
          field: { path: 'metadata.annotations["x.io/a:b"]' },
          message: 'Pod shop/*, metadata.annotations["x.io/a:b"]: wrong (got "1"); expected 2.',
        },
      ],
      'Pod shop/*',
      workload,
      prefix,
    );
    assert.deepEqual(r, {
      severity: 'error',
      resourceRef: { apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', namespace: 'shop' },
      field: { path: 'spec.jobTemplate.spec.template.metadata.annotations["x.io/a:b"]' },
      message: 'CronJob shop/nightly, spec.jobTemplate.spec.template.metadata.annotations["x.io/a:b"]: wrong (got "1"); expected 2.',
    });
  });

  test('a path named only in the message is prefixed too; settings paths are not', () => {
    const results: Result[] = [
      { severity: 'warning', resourceRef: podRef, message: 'Pod shop/*, spec.initContainers: init runs as the sidecar UID.' },
      {
        severity: 'error',
        resourceRef: podRef,
        field: { path: 'injector.transparentProxyConfigMap' },
        message: 'Pod shop/*, injector.transparentProxyConfigMap: unsupported.',
      },
    ];
    const [a, b] = retarget(results, 'Pod shop/*', workload, prefix);
    assert.equal(a?.message, 'CronJob shop/nightly, spec.jobTemplate.spec.template.spec.initContainers: init runs as the sidecar UID.');
    assert.equal(b?.message, 'CronJob shop/nightly, injector.transparentProxyConfigMap: unsupported.');
    assert.equal(b?.field?.path, 'injector.transparentProxyConfigMap');
  });

  test('results about other objects (a ContainerPatch) pass through unchanged', () => {
    const patch: Result = {
      severity: 'error',
      resourceRef: { apiVersion: 'kuma.io/v1alpha1', kind: 'ContainerPatch', name: 'p', namespace: 'kuma-system' },
      message: 'ContainerPatch kuma-system/p: bad op.',
    };
    assert.equal(retarget([patch], 'Pod shop/*', workload, prefix)[0], patch);
  });
});
