/**
 * Properties of injectPod over random annotation values (valid and invalid) on the keys the
 * webhook reads: it never throws, never mutates its input, answers with the webhook's outcome
 * kinds, and an injected pod is left alone when injected again (spec §19).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { injectPod } from '../../../src/core/inject/inject-pod.ts';
import { KEY } from '../../../src/core/inject/keys.ts';
import { contextOf, webPod } from './context.ts';
import { VERSIONS } from '../../../src/config/releases.ts';

const keys = Object.values(KEY).filter((k) => k !== KEY.sidecarInjection && k !== KEY.mesh && k !== KEY.containerPatches);
const values = fc.oneof(
  fc.constantFrom(
    'enabled',
    'disabled',
    'true',
    'false',
    'yes',
    'no',
    '',
    '0',
    '9000',
    '9001',
    '15053',
    '10s',
    '-1',
    'A=1;B=2',
    'ipv4',
    'dualstack',
    '80,443',
    'tcp:22:1000',
    'x',
  ),
  // Names of JS object members, alone and as a duration unit: lookups in our own tables must not find them.
  fc.constantFrom('constructor', 'toString', '__proto__', '1constructor', '1hasOwnProperty', 'constructor=1', '10s\n', '2\u00a0'),
  fc.string({ maxLength: 6 }),
);
const annotations = fc.dictionary(fc.constantFrom(...keys), values, { maxKeys: 6 });
const worlds = fc.record({
  version: fc.constantFrom(...VERSIONS),
  native: fc.boolean(),
  cni: fc.boolean(),
  ebpf: fc.boolean(),
  uds: fc.boolean(),
});

test('§19 injectPod is total, pure and idempotent over random annotations', () => {
  fc.assert(
    fc.property(annotations, worlds, (ann, w) => {
      const ctx = contextOf({
        version: w.version,
        settings: (s) => {
          s.sidecarContainers = w.native;
          s.injector.cniEnabled = w.cni;
          s.injector.ebpf.enabled = w.ebpf;
          s.bootstrap.envoyAdminUnixSocket = w.uds;
        },
      });
      const pod = webPod((p) => {
        p.metadata.annotations = { ...ann };
      });
      const before = structuredClone(pod);
      const outcome = injectPod(pod, ctx);
      assert.deepEqual(pod, before);
      assert.ok(outcome.kind === 'injected' || outcome.kind === 'failed', outcome.kind);
      if (outcome.kind === 'failed') {
        assert.ok(outcome.message.length > 0);
        assert.equal(outcome.results[0]?.severity, 'error');
        return;
      }
      assert.equal(injectPod(outcome.pod, ctx).kind, 'skipped');
    }),
    { numRuns: 400, seed: 20261126 },
  );
});
