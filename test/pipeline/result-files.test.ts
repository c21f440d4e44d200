import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withFiles } from '../../src/krm/result-files.ts';
import type { KubeObject, Result } from '../../src/core/types.ts';

/** An item as kpt fn render passes it (annotations seen on kpt 1.0.0-beta.56). */
const item = (name: string, packagePath: string, path: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name,
    namespace: 'shop',
    annotations: {
      'internal.config.kubernetes.io/package-path': packagePath,
      'internal.config.kubernetes.io/path': path,
      'internal.config.kubernetes.io/index': '0',
      'config.kubernetes.io/path': path,
    },
  },
});

const about = (name: string): Result => ({
  severity: 'error',
  message: 'x',
  resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: 'shop' },
});

describe('withFiles', () => {
  test('files of subpackages are named relative to the package being rendered', () => {
    const items = [item('root-web', '/repo/shop', 'deployment.yaml'), item('sub-web', '/repo/shop/backend', 'deployment.yaml')];
    const results = withFiles([about('root-web'), about('sub-web')], items);
    assert.deepEqual(
      results.map((r) => r.file),
      [
        { path: 'deployment.yaml', index: 0 },
        { path: 'backend/deployment.yaml', index: 0 },
      ],
    );
  });

  test('without package paths (kpt fn eval, kustomize) the path is kept as given', () => {
    const plain = item('web', '', 'web.yaml');
    delete plain.metadata.annotations?.['internal.config.kubernetes.io/package-path'];
    assert.deepEqual(withFiles([about('web')], [plain])[0]?.file, { path: 'web.yaml', index: 0 });
  });

  test('a result without an object, or with a file already, is left as it is', () => {
    const own: Result = { ...about('web'), file: { path: 'elsewhere.yaml' } };
    const none: Result = { severity: 'info', message: 'summary' };
    assert.deepEqual(withFiles([own, none], [item('web', '/r', 'web.yaml')]), [own, none]);
  });
});
