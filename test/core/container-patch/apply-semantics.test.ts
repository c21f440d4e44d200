/**
 * The JSON-patch semantics of the webhook (spec §15; Kuma v2.14.3 applyCustomPatches uses
 * evanphx/json-patch v5 with EnsurePathExistsOnAdd and negative indices allowed): what `add`
 * creates, how values are decoded, what fails, and that a failure changes nothing.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyContainerPatches, type PatchOutcome } from '../../../src/core/container-patch/apply.ts';
import { applyParsedOp } from '../../../src/core/container-patch/apply-op.ts';
import type { ContainerPatchOp } from '../../../src/core/container-patch/types.ts';
import { init, named, sidecar, sidecarOps } from './helpers.ts';

type C = Record<string, any>;

function patched(ops: ContainerPatchOp[], container: Record<string, unknown> = sidecar()): C {
  const outcome = applyContainerPatches(container, [sidecarOps('p', ops)], 'sidecarPatch');
  if (!outcome.ok) assert.fail(`expected success, got ${JSON.stringify(outcome.results, null, 1)}`);
  return outcome.container;
}

function failed(ops: ContainerPatchOp[], container: Record<string, unknown> = sidecar()): Extract<PatchOutcome, { ok: false }> {
  const outcome = applyContainerPatches(container, [sidecarOps('p', ops)], 'sidecarPatch');
  assert.equal(outcome.ok, false, `expected failure, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<PatchOutcome, { ok: false }>;
}

describe('add creates what is missing (EnsurePathExistsOnAdd)', () => {
  test('missing objects on the way are created', () => {
    const c = patched([{ op: 'add', path: '/securityContext/seccompProfile/type', value: '"RuntimeDefault"' }]);
    assert.deepEqual(c.securityContext, { runAsUser: 5678, runAsGroup: 5678, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('a missing parent followed by "-" becomes a list', () => {
    const c = patched([{ op: 'add', path: '/ports/-', value: '{"containerPort": 9901, "name": "admin"}' }]);
    assert.deepEqual(c.ports, [{ containerPort: 9901, name: 'admin' }]);
  });

  test('a missing parent followed by index N becomes a list padded with nulls (which the schema then rejects)', () => {
    const outcome = failed([{ op: 'add', path: '/command/2', value: '"x"' }]);
    assert.match(outcome.results[0]!.message, /\/command\/0/);
    assert.match(outcome.results[0]!.message, /wrong type/);
  });

  test('add on an object member overwrites it', () => {
    const c = patched([{ op: 'add', path: '/resources/limits', value: '{"cpu": "500m", "memory": "256Mi"}' }]);
    assert.deepEqual(c.resources.limits, { cpu: '500m', memory: '256Mi' });
  });

  test('add at an array index inserts, "-" appends', () => {
    const c = patched([
      { op: 'add', path: '/args/1', value: '"--concurrency=2"' },
      { op: 'add', path: '/args/-', value: '"--verbose"' },
    ]);
    assert.deepEqual(c.args, ['run', '--concurrency=2', '--log-level=info', '--verbose']);
  });

  test('add at index -1 appends (the library counts from the new length)', () => {
    assert.deepEqual(patched([{ op: 'add', path: '/args/-1', value: '"x"' }]).args, ['run', '--log-level=info', 'x']);
  });

  test('add past the end of an array fails', () => {
    const outcome = failed([{ op: 'add', path: '/args/5', value: '"x"' }]);
    assert.match(outcome.results[0]!.message, /out of range/);
  });

  test('add through a scalar fails', () => {
    const outcome = failed([{ op: 'add', path: '/image/tag', value: '"x"' }]);
    assert.match(outcome.results[0]!.message, /not an object or array/);
  });
});

describe('remove, replace, move, copy, test', () => {
  test('remove of an existing member, incl. a zero value the webhook marshals (golden 28: runAsUser 0)', () => {
    const outcome = applyContainerPatches(
      init(),
      [named('p', { initPatch: [{ op: 'remove', path: '/securityContext/runAsUser' }] })],
      'initPatch',
    );
    assert.ok(outcome.ok);
    assert.deepEqual((outcome.container as C).securityContext, { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] }, runAsGroup: 0 });
  });

  test('remove and replace of a missing path fail', () => {
    assert.match(failed([{ op: 'remove', path: '/securityContext/privileged' }]).results[0]!.message, /does not exist/);
    assert.match(failed([{ op: 'replace', path: '/workingDir', value: '"/x"' }]).results[0]!.message, /does not exist/);
  });

  test('negative indices count from the end for remove and replace', () => {
    assert.deepEqual(patched([{ op: 'remove', path: '/args/-1' }]).args, ['run']);
    assert.deepEqual(patched([{ op: 'replace', path: '/args/-2', value: '"start"' }]).args, ['start', '--log-level=info']);
  });

  test('move and copy', () => {
    const moved = patched([{ op: 'move', from: '/args', path: '/command' }]);
    assert.deepEqual(moved.command, ['run', '--log-level=info']);
    assert.equal(moved.args, undefined);
    const copied = patched([{ op: 'copy', from: '/volumeMounts/0', path: '/volumeMounts/-' }]);
    assert.equal(copied.volumeMounts.length, 2);
  });

  test('copy makes an independent value', () => {
    const c = patched([
      { op: 'copy', from: '/resources/requests', path: '/resources/limits' },
      { op: 'replace', path: '/resources/limits/cpu', value: '"1"' },
    ]);
    assert.equal(c.resources.requests.cpu, '50m');
    assert.equal(c.resources.limits.cpu, '1');
  });

  test('a passing test changes nothing; a failing test fails the whole patch', () => {
    assert.deepEqual(patched([{ op: 'test', path: '/securityContext/runAsUser', value: '5678' }]), sidecar());
    const outcome = failed([
      { op: 'add', path: '/securityContext/privileged', value: 'true' },
      { op: 'test', path: '/securityContext/runAsUser', value: '0' },
    ]);
    assert.equal(outcome.results.length, 1);
    assert.match(outcome.results[0]!.message, /spec\.sidecarPatch\[1\] \(op "test", path "\/securityContext\/runAsUser", value '0'\)/);
    assert.match(outcome.results[0]!.message, /test failed \(got current value 5678\); expected 0/);
  });

  test('test against null passes on a missing member, as in the library', () => {
    assert.deepEqual(patched([{ op: 'test', path: '/securityContext/privileged', value: 'null' }]), sidecar());
  });

  test('the container always has `resources` for the patch, like the Go-marshalled container', () => {
    const bare = { name: 'kuma-validation', image: 'x' };
    const outcome = applyContainerPatches(
      bare,
      [named('p', { initPatch: [{ op: 'test', path: '/resources', value: '{}' }] })],
      'initPatch',
    );
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.container, bare, 'an untouched empty resources is not added to the output');
  });
});

describe('values are JSON text', () => {
  test('"true" is a boolean, \'"100m"\' a string, \'{...}\' an object, "5" a number', () => {
    const c = patched([
      { op: 'add', path: '/securityContext/privileged', value: 'true' },
      { op: 'add', path: '/resources/requests/cpu', value: '"100m"' },
      { op: 'add', path: '/securityContext/seccompProfile', value: '{"type": "RuntimeDefault"}' },
      { op: 'add', path: '/readinessProbe/timeoutSeconds', value: '5' },
    ]);
    assert.equal(c.securityContext.privileged, true);
    assert.equal(c.resources.requests.cpu, '100m');
    assert.deepEqual(c.securityContext.seccompProfile, { type: 'RuntimeDefault' });
    assert.equal(c.readinessProbe.timeoutSeconds, 5);
  });

  test('a bare word is not JSON: error naming patch, op index, op, path and value', () => {
    const outcome = failed([
      { op: 'add', path: '/args/-', value: '"--verbose"' },
      { op: 'add', path: '/resources/requests/cpu', value: '100m' },
    ]);
    assert.equal(outcome.results.length, 1);
    const [result] = outcome.results;
    assert.equal(result!.severity, 'error');
    assert.equal(result!.tags?.['code'], 'KI0405');
    assert.deepEqual(result!.resourceRef, {
      apiVersion: 'kuma.io/v1alpha1',
      kind: 'ContainerPatch',
      name: 'p',
      namespace: 'kong-mesh-system',
    });
    assert.deepEqual(result!.field, { path: 'spec.sidecarPatch[1]' });
    assert.match(
      result!.message,
      /^ContainerPatch kong-mesh-system\/p, spec\.sidecarPatch\[1\] \(op "add", path "\/resources\/requests\/cpu", value '100m'\): /,
    );
    assert.match(result!.message, /value is not valid JSON/);
    assert.match(result!.message, /Write value: '"100m"'/);
  });

  test('add without a value, and a value that is not a string, are errors', () => {
    assert.match(failed([{ op: 'add', path: '/tty' }]).results[0]!.message, /add needs a value/);
    const notString = { op: 'add', path: '/tty', value: true } as unknown as ContainerPatchOp;
    assert.match(failed([notString]).results[0]!.message, /value is not a string.*value: 'true'/);
  });

  test('remove ignores a value, as the library does', () => {
    assert.deepEqual(patched([{ op: 'remove', path: '/args', value: 'not json' }]).args, undefined);
  });
});

describe('unknown ops and bad pointers', () => {
  test('unknown op is an error naming the op', () => {
    const outcome = failed([{ op: 'merge', path: '/resources', value: '{}' }]);
    assert.match(
      outcome.results[0]!.message,
      /unknown operation \(got op "merge"\); expected one of add, remove, replace, move, copy, test/,
    );
  });

  test('a path without a leading slash is an error', () => {
    assert.match(failed([{ op: 'add', path: 'resources/limits/cpu', value: '"1"' }]).results[0]!.message, /not a JSON pointer/);
  });

  test('move without from is an error', () => {
    assert.match(failed([{ op: 'move', path: '/command' }]).results[0]!.message, /move needs a from pointer/);
  });

  test('every statically broken op is reported, not only the first', () => {
    const outcome = failed([
      { op: 'add', path: '/a', value: 'nope' },
      { op: 'add', path: '/b', value: '"ok"' },
      { op: 'frobnicate', path: '/c' },
    ]);
    assert.deepEqual(
      outcome.results.map((r) => r.field?.path),
      ['spec.sidecarPatch[0]', 'spec.sidecarPatch[2]'],
    );
  });
});

describe('all or nothing, in the webhook order', () => {
  test('the input is never mutated, on success or failure', () => {
    const input = sidecar();
    const before = structuredClone(input);
    applyContainerPatches(
      input,
      [
        sidecarOps('p', [
          { op: 'add', path: '/securityContext/privileged', value: 'true' },
          { op: 'remove', path: '/args' },
        ]),
      ],
      'sidecarPatch',
    );
    applyContainerPatches(
      input,
      [
        sidecarOps('p', [
          { op: 'remove', path: '/args' },
          { op: 'remove', path: '/nope' },
        ]),
      ],
      'sidecarPatch',
    );
    assert.deepEqual(input, before);
  });

  test('a failure after successful ops returns no container, only the error of the failing op', () => {
    const outcome = failed([
      { op: 'add', path: '/securityContext/privileged', value: 'true' },
      { op: 'remove', path: '/args' },
      { op: 'remove', path: '/nope' },
    ]);
    assert.equal('container' in outcome, false);
    assert.deepEqual(
      outcome.results.map((r) => [r.severity, r.field?.path]),
      [['error', 'spec.sidecarPatch[2]']],
    );
  });

  test('patches apply in the order given, each list in its order', () => {
    const first = sidecarOps('first', [
      { op: 'add', path: '/args/-', value: '"a"' },
      { op: 'add', path: '/args/-', value: '"b"' },
    ]);
    const second = sidecarOps('second', [{ op: 'add', path: '/args/-', value: '"c"' }]);
    const outcome = applyContainerPatches(sidecar(), [first, second, first], 'sidecarPatch');
    assert.ok(outcome.ok);
    assert.deepEqual((outcome.container as C).args, ['run', '--log-level=info', 'a', 'b', 'c', 'a', 'b']);
  });

  test('a later patch sees what an earlier one made', () => {
    const a = sidecarOps('a', [{ op: 'add', path: '/securityContext/capabilities', value: '{"drop": ["ALL"]}' }]);
    const b = sidecarOps('b', [{ op: 'replace', path: '/securityContext/capabilities/drop/0', value: '"NET_RAW"' }]);
    const outcome = applyContainerPatches(sidecar(), [a, b], 'sidecarPatch');
    assert.ok(outcome.ok);
    assert.deepEqual((outcome.container as C).securityContext.capabilities, { drop: ['NET_RAW'] });
  });

  test('the error of a later patch names that patch', () => {
    const a = sidecarOps('a', [{ op: 'add', path: '/tty', value: 'true' }]);
    const b = sidecarOps('b', [{ op: 'replace', path: '/stdin', value: 'true' }]);
    const outcome = applyContainerPatches(sidecar(), [a, b], 'sidecarPatch');
    assert.equal(outcome.ok, false);
    assert.equal(outcome.results[0]!.resourceRef?.name, 'b');
    assert.match(outcome.results[0]!.message, /^ContainerPatch kong-mesh-system\/b, spec\.sidecarPatch\[0\]/);
  });

  test('only the target list applies; no ops returns the container as is', () => {
    const onlyInit = named('p', { initPatch: [{ op: 'remove', path: '/args' }] });
    const input = sidecar();
    const outcome = applyContainerPatches(input, [onlyInit], 'sidecarPatch');
    assert.ok(outcome.ok);
    assert.equal(outcome.container, input);
    assert.deepEqual(outcome.results, []);
  });
});

test('a broken patch listed twice is reported once', () => {
  const broken = sidecarOps('p', [{ op: 'add', path: '/tty', value: 'yes' }]);
  const outcome = applyContainerPatches(sidecar(), [broken, broken], 'sidecarPatch');
  assert.equal(outcome.ok, false);
  assert.equal(outcome.results.length, 1);
});

test('add through a null array item inserts a new parent at that index, as the library does', () => {
  const before = { root: { a: [1, null] } as unknown };
  assert.equal(applyParsedOp(before, { op: 'add', path: ['a', '1', 'x'], value: 2 }), undefined);
  assert.deepEqual(before.root, { a: [1, { x: 2 }, null] });
  const negative = { root: { a: [1, null] } as unknown };
  assert.equal(applyParsedOp(negative, { op: 'add', path: ['a', '-1', 'x'], value: 2 }), undefined);
  assert.deepEqual(negative.root, { a: [1, null, { x: 2 }] });
});
