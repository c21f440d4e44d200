/**
 * The upstream harness guards itself: a check phrase no rule understands fails the case instead
 * of passing unchecked, each known phrase can fail, and a missing conformance folder stops the
 * suite with a message naming the setting.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertChecks } from './check-phrases.ts';
import { CONFORMANCE_ENV, conformanceDir } from './conformance-dir.ts';

const injected = {
  outcome: { kind: 'injected' as const },
  pod: {
    spec: {
      initContainers: [{ name: 'kuma-init' }, { name: 'kuma-sidecar', env: [{ name: 'A', value: '1' }], resources: {} }],
      containers: [{ name: 'app', restartPolicy: 'Always' }],
    },
  },
};

describe('check phrases', () => {
  test('an unknown phrase fails, naming it', () => {
    assert.throws(() => assertChecks(['the sidecar is happy'], injected), /unknown check phrase "the sidecar is happy"/);
  });

  test('every known phrase passes on a pod that satisfies it and fails on one that does not', () => {
    const holds: string[] = [
      'no error',
      'output Pod matches golden (see README)',
      'initContainers contains a container named kuma-sidecar',
      'spec.initContainers contains kuma-init',
      'spec.containers does not contain kuma-sidecar',
      'no container named kuma-sidecar in spec.containers',
      'spec.containers[0].name == app',
      'spec.containers is not empty and spec.containers[0].name == app',
      'spec.containers[0] has no startupProbe',
      'kuma-sidecar env contains {name: A, value: 1}',
      'the kuma-sidecar entry in spec.initContainers has empty resources (no requests, no limits)',
    ];
    assertChecks(holds, injected);
    const fails: string[] = [
      'an error is returned',
      'injector returns an error',
      'spec.containers contains kuma-sidecar',
      'spec.initContainers does not contain kuma-sidecar',
      'no container named app in spec.containers',
      'spec.containers[0].name == kuma-sidecar',
      'spec.containers[0] has no restartPolicy',
      'kuma-sidecar env contains {name: A, value: 2}',
      'the kuma-init entry in spec.containers has empty resources (no requests, no limits)',
    ];
    for (const phrase of fails) assert.throws(() => assertChecks([phrase], injected), { name: 'AssertionError' }, phrase);
  });
});

describe('conformance folder', () => {
  test(`${CONFORMANCE_ENV} names the folder; a missing one is an error saying how to fix it`, () => {
    assert.throws(
      () => conformanceDir({ [CONFORMANCE_ENV]: '/nonexistent/conformance' }),
      (error: Error) =>
        error.message.includes('/nonexistent/conformance') &&
        error.message.includes(`${CONFORMANCE_ENV}=`) &&
        error.message.includes('kuma-2.14/'),
    );
    const here = conformanceDir({});
    assert.equal(conformanceDir({ [CONFORMANCE_ENV]: here.pathname }).href, here.href);
  });
});
