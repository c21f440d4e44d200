/**
 * The patched container is checked against the Kubernetes Container schema (official OpenAPI
 * definitions, compiled at build time): errors carry the JSON path and the schema's expectation.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyContainerPatches } from '../../../src/core/container-patch/apply.ts';
import { validateContainerSpec } from '../../../src/core/container-patch/validate-container.ts';
import type { ContainerPatchOp } from '../../../src/core/container-patch/types.ts';
import { init, sidecar, sidecarOps } from './helpers.ts';

function errorsOf(ops: ContainerPatchOp[]): string[] {
  const outcome = applyContainerPatches(sidecar(), [sidecarOps('p', ops)], 'sidecarPatch');
  assert.equal(outcome.ok, false, `expected a schema error, got ${JSON.stringify(outcome)}`);
  assert.ok(outcome.results.every((r) => r.severity === 'error'));
  return outcome.results.map((r) => r.message);
}

describe('Container schema', () => {
  test('the unpatched sidecar and init containers are valid', () => {
    assert.deepEqual(validateContainerSpec(sidecar()), []);
    assert.deepEqual(validateContainerSpec(init()), []);
  });

  test('resources.limits.cpu: true is an error with the path and the expected types', () => {
    const [message] = errorsOf([{ op: 'add', path: '/resources/limits/cpu', value: 'true' }]);
    assert.match(
      message!,
      /ContainerPatch kong-mesh-system\/p, spec\.sidecarPatch\[0\] \(op "add", path "\/resources\/limits\/cpu", value 'true'\)/,
    );
    assert.match(
      message!,
      /wrong type at \/resources\/limits\/cpu \(got true\); expected a number or a string as io\.k8s\.api\.core\.v1\.ResourceRequirements\.limits\.cpu/,
    );
  });

  test('an unknown field is an error listing the known ones and a likely fix', () => {
    const [message] = errorsOf([{ op: 'add', path: '/securityContext/priviledged', value: 'true' }]);
    assert.match(message!, /unknown field "priviledged" in \/securityContext/);
    assert.match(message!, /io\.k8s\.api\.core\.v1\.SecurityContext/);
    assert.match(message!, /allowPrivilegeEscalation, appArmorProfile, capabilities, privileged/);
    assert.match(message!, /Did you mean "privileged"\?/);
  });

  test('an unknown top-level field', () => {
    const [message] = errorsOf([{ op: 'add', path: '/resource', value: '{}' }]);
    assert.match(message!, /unknown field "resource" in the container/);
    assert.match(message!, /Did you mean "resources"\?/);
  });

  test('wrong types: integer fields, booleans, lists', () => {
    assert.match(
      errorsOf([{ op: 'add', path: '/securityContext/runAsUser', value: '"0"' }])[0]!,
      /\/securityContext\/runAsUser \(got "0"\); expected an integer/,
    );
    assert.match(errorsOf([{ op: 'add', path: '/readinessProbe/timeoutSeconds', value: '1.5' }])[0]!, /expected an integer/);
    assert.match(errorsOf([{ op: 'add', path: '/securityContext/privileged', value: '"yes"' }])[0]!, /expected a boolean/);
    assert.match(errorsOf([{ op: 'replace', path: '/args', value: '"--verbose"' }])[0]!, /\/args \(got "--verbose"\); expected a list/);
  });

  test('int-or-string accepts both, quantities accept numbers and strings', () => {
    const outcome = applyContainerPatches(
      sidecar(),
      [
        sidecarOps('p', [
          { op: 'replace', path: '/readinessProbe/httpGet/port', value: '"admin"' },
          { op: 'add', path: '/resources/limits/cpu', value: '1' },
        ]),
      ],
      'sidecarPatch',
    );
    assert.ok(outcome.ok, JSON.stringify(outcome.results));
  });

  test('enums from the OpenAPI definitions', () => {
    const [message] = errorsOf([{ op: 'add', path: '/securityContext/seccompProfile', value: '{"type": "Default"}' }]);
    assert.match(
      message!,
      /\/securityContext\/seccompProfile\/type \(got "Default"\); expected one of "Localhost", "RuntimeDefault", "Unconfined"/,
    );
  });

  test('required fields', () => {
    assert.match(errorsOf([{ op: 'remove', path: '/name' }])[0]!, /lacks required field "name" in the container/);
    assert.match(errorsOf([{ op: 'add', path: '/env/-', value: '{"value": "x"}' }])[0]!, /lacks required field "name" in \/env\/2/);
  });

  test('a null member counts as unset (Go decoding), so removing a required field this way is caught', () => {
    assert.match(errorsOf([{ op: 'replace', path: '/name', value: 'null' }])[0]!, /lacks required field "name"/);
    const outcome = applyContainerPatches(
      sidecar(),
      [sidecarOps('p', [{ op: 'add', path: '/workingDir', value: 'null' }])],
      'sidecarPatch',
    );
    assert.ok(outcome.ok);
    assert.equal('workingDir' in outcome.container, false);
  });

  test('all schema errors are reported, each pointing at the op that wrote there', () => {
    const outcome = applyContainerPatches(
      sidecar(),
      [
        sidecarOps('p', [
          { op: 'add', path: '/tty', value: 'true' },
          { op: 'add', path: '/resources/limits/cpu', value: 'true' },
          { op: 'add', path: '/securityContext/privileged', value: '"yes"' },
        ]),
      ],
      'sidecarPatch',
    );
    assert.equal(outcome.ok, false);
    assert.deepEqual(outcome.results.map((r) => r.field?.path).sort(), ['spec.sidecarPatch[1]', 'spec.sidecarPatch[2]']);
  });

  test('a whole-container replacement must still be a container', () => {
    const messages = errorsOf([{ op: 'add', path: '', value: '{"image": "x"}' }]);
    assert.match(messages[0]!, /lacks required field "name"/);
    assert.match(errorsOf([{ op: 'replace', path: '', value: '[1]' }])[0]!, /needs an object/);
  });
});
