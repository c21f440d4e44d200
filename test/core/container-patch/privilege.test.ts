/**
 * Patches that give the sidecar or init container more privileges are applied (the webhook
 * applies them) but reported as warnings that point at the responsible patch and op.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyContainerPatches } from '../../../src/core/container-patch/apply.ts';
import type { ContainerPatchOp } from '../../../src/core/container-patch/types.ts';
import type { Result } from '../../../src/core/types.ts';
import { init, named, sidecar, sidecarOps } from './helpers.ts';

function warnings(ops: ContainerPatchOp[], container = sidecar()): Result[] {
  const outcome = applyContainerPatches(container, [sidecarOps('p', ops)], 'sidecarPatch');
  assert.ok(outcome.ok, JSON.stringify(outcome.results));
  assert.ok(outcome.results.every((r) => r.severity === 'warning' && r.tags?.['code'] === 'KI0409'));
  return outcome.results;
}

function initWarnings(ops: ContainerPatchOp[], container = init()): Result[] {
  const outcome = applyContainerPatches(container, [named('p', { initPatch: ops })], 'initPatch');
  assert.ok(outcome.ok, JSON.stringify(outcome.results));
  return outcome.results;
}

describe('privilege escalation warnings', () => {
  test('privileged: true', () => {
    const [warning, ...rest] = warnings([
      { op: 'add', path: '/args/-', value: '"--verbose"' },
      { op: 'add', path: '/securityContext/privileged', value: 'true' },
    ]);
    assert.deepEqual(rest, []);
    assert.deepEqual(warning!.field, { path: 'spec.sidecarPatch[1]' });
    assert.deepEqual(warning!.resourceRef, {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'ContainerPatch',
      name: 'p',
      namespace: 'kong-mesh-system',
    });
    assert.match(
      warning!.message,
      /^ContainerPatch kong-mesh-system\/p, spec\.sidecarPatch\[1\] \(op "add", path "\/securityContext\/privileged", value 'true'\): makes container "kuma-sidecar" privileged/,
    );
    assert.match(warning!.message, /got securityContext\.privileged: true/);
  });

  test('added capabilities name the new ones only', () => {
    const [warning] = initWarnings([{ op: 'add', path: '/securityContext/capabilities/add/-', value: '"SYS_ADMIN"' }]);
    assert.match(
      warning!.message,
      /makes container "kuma-init" hold extra Linux capabilities \(got securityContext\.capabilities\.add \+= \["SYS_ADMIN"\]\)/,
    );
    assert.deepEqual(warnings([{ op: 'add', path: '/securityContext/capabilities', value: '{"add": ["NET_ADMIN"]}' }]).length, 1);
  });

  test('run as root and allow privilege escalation', () => {
    const found = warnings([
      { op: 'replace', path: '/securityContext/runAsUser', value: '0' },
      { op: 'add', path: '/securityContext/allowPrivilegeEscalation', value: 'true' },
      { op: 'add', path: '/securityContext/runAsNonRoot', value: 'false' },
    ]);
    assert.deepEqual(
      found.map((w) => w.field?.path),
      ['spec.sidecarPatch[1]', 'spec.sidecarPatch[0]', 'spec.sidecarPatch[2]'],
    );
    assert.match(found[1]!.message, /run as root \(UID 0\)/);
  });

  test('switching off seccomp or AppArmor, or unmasking /proc', () => {
    const found = warnings([
      { op: 'add', path: '/securityContext/seccompProfile', value: '{"type": "Unconfined"}' },
      { op: 'add', path: '/securityContext/appArmorProfile/type', value: '"Unconfined"' },
      { op: 'add', path: '/securityContext/procMount', value: '"Unmasked"' },
    ]);
    assert.deepEqual(
      found.map((w) => w.field?.path),
      ['spec.sidecarPatch[0]', 'spec.sidecarPatch[1]', 'spec.sidecarPatch[2]'],
    );
    assert.match(found[0]!.message, /without a seccomp profile/);
    assert.deepEqual(warnings([{ op: 'add', path: '/securityContext/seccompProfile', value: '{"type": "RuntimeDefault"}' }]), []);
  });

  test('a whole securityContext replacement is blamed on that op', () => {
    const [warning] = warnings([{ op: 'replace', path: '/securityContext', value: '{"privileged": true}' }]);
    assert.deepEqual(warning!.field, { path: 'spec.sidecarPatch[0]' });
  });

  test('privileges the container already had are not reported (kuma-init runs as root with NET_ADMIN)', () => {
    assert.deepEqual(initWarnings([{ op: 'add', path: '/securityContext/seccompProfile', value: '{"type": "RuntimeDefault"}' }]), []);
    assert.deepEqual(initWarnings([{ op: 'add', path: '/securityContext/capabilities/add', value: '["NET_RAW", "NET_ADMIN"]' }]), []);
  });

  test('lowering privileges, or raising then lowering again, is not reported', () => {
    assert.deepEqual(warnings([{ op: 'add', path: '/securityContext/privileged', value: 'false' }]), []);
    assert.deepEqual(
      warnings([
        { op: 'add', path: '/securityContext/privileged', value: 'true' },
        { op: 'replace', path: '/securityContext/privileged', value: 'false' },
      ]),
      [],
    );
  });

  test('the warning points at the last patch that set it', () => {
    const a = sidecarOps('a', [{ op: 'add', path: '/securityContext/privileged', value: 'true' }]);
    const b = sidecarOps('b', [
      { op: 'add', path: '/securityContext/privileged', value: 'true' },
      { op: 'add', path: '/tty', value: 'true' },
    ]);
    const outcome = applyContainerPatches(sidecar(), [a, b], 'sidecarPatch');
    assert.ok(outcome.ok);
    assert.deepEqual(
      outcome.results.map((r) => [r.resourceRef?.name, r.field?.path]),
      [['b', 'spec.sidecarPatch[0]']],
    );
  });

  test('the CNI validation container (drop ALL, non-root) gets the same checks', () => {
    const validation = {
      name: 'kuma-validation',
      image: 'docker.io/kong/kuma-init:2.14.3',
      securityContext: {
        runAsUser: 5678,
        runAsGroup: 5678,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      },
    };
    const found = initWarnings([{ op: 'replace', path: '/securityContext/allowPrivilegeEscalation', value: 'true' }], validation);
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /makes container "kuma-validation" able to gain more privileges/);
  });
});
