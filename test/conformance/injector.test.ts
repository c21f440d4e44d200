/**
 * Upstream conformance of the sidecar injector: every case of the v2.14.3 and v2.13.10 goldens
 * (classic and native layouts), compared after exactly the three normalisations of the README,
 * plus the Go-only assertions of extra.go-only.cases.yaml. Every injected output is fed back in
 * to prove idempotency (the webhook skips a pod that has kuma-sidecar).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { injectPod, type PodLike } from '../../src/core/inject/inject-pod.ts';
import type { Version } from '../../src/core/settings.ts';
import type { KubeObject } from '../../src/core/types.ts';
import {
  DIR_213,
  DIR_214,
  contextFor,
  normalise,
  readYaml,
  settingsFor,
  type Cluster,
  type Harness,
} from '../core/inject/upstream-harness.ts';

interface Run {
  variant: 'classic' | 'native';
  runtime: { sidecarContainersEnabled: boolean };
  golden: string | null;
}

interface CaseFile {
  id: string;
  expect: 'inject' | 'skip' | 'error';
  input: string;
  injectorConfig: string;
  cluster: Cluster;
  runs: Run[];
  expectedErrorMessage?: string;
}

interface ExtraCase {
  id: string;
  expect: 'inject' | 'error';
  runtimeOverrides: { sidecarContainersEnabled: boolean; deltaXdsEnabled?: boolean };
  pod: PodLike;
  injectorConfig: string;
  cluster: Cluster;
  expectedErrorSubstring?: string;
  checks: string[];
}

const harness = readYaml<Harness>(new URL('harness.common.yaml', DIR_214));
const caCert = readFileSync(new URL('server-cert.pem', DIR_214), 'utf8');
const caseFiles = readdirSync(DIR_214)
  .filter((f) => f.endsWith('.case.yaml'))
  .sort()
  .map((f) => readYaml<CaseFile>(new URL(f, DIR_214)));

/** Where a profile's files live (v2.13 reuses the v2.14 inputs and case files, profile.yaml). */
const PROFILES: { version: Version; goldens: URL; configs: URL }[] = [
  { version: '2.14', goldens: DIR_214, configs: DIR_214 },
  { version: '2.13', goldens: DIR_213, configs: DIR_213 },
];

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((c) => (c as { name?: string }).name ?? '') : [];
}

function runCase(version: Version, goldens: URL, configs: URL, c: CaseFile, run: Run): void {
  const settings = settingsFor(version, harness, new URL(c.injectorConfig, configs), caCert, run.runtime);
  const ctx = contextFor(settings, harness, c.cluster);
  const input = readYaml<PodLike>(new URL(c.input, DIR_214));
  const frozen = structuredClone(input);
  const outcome = injectPod(input, ctx);
  assert.deepEqual(input, frozen, 'injectPod must not mutate its input');
  if (c.expect === 'error') {
    assert.equal(outcome.kind, 'failed', `expected an error, got ${outcome.kind}`);
    if (outcome.kind === 'failed') assert.equal(outcome.message, c.expectedErrorMessage);
    return;
  }
  const golden = readYaml(new URL(run.golden ?? '', goldens));
  if (c.expect === 'skip') {
    assert.equal(outcome.kind, 'skipped', `expected a skip, got ${JSON.stringify(outcome)}`);
    assert.deepEqual(normalise(input), normalise(golden));
    return;
  }
  assert.equal(outcome.kind, 'injected', `expected injection, got ${JSON.stringify(outcome)}`);
  if (outcome.kind !== 'injected') return;
  const pod = outcome.pod;
  if (run.variant === 'classic') assert.equal(names(pod.spec.containers)[0], 'kuma-sidecar');
  else assert.ok(names(pod.spec.initContainers).includes('kuma-sidecar'));
  assert.deepEqual(normalise(pod), normalise(golden));
  const again = injectPod(pod, ctx);
  assert.equal(again.kind, 'skipped', 'injecting the output again must change nothing');
}

function runExtra(version: Version, configs: URL, c: ExtraCase): void {
  const settings = settingsFor(version, harness, new URL(c.injectorConfig, configs), caCert, c.runtimeOverrides);
  const ctx = contextFor(settings, harness, c.cluster);
  const outcome = injectPod(c.pod, ctx);
  if (c.expect === 'error') {
    assert.equal(outcome.kind, 'failed', `expected an error, got ${outcome.kind}`);
    if (outcome.kind === 'failed') assert.ok(outcome.message.includes(c.expectedErrorSubstring ?? ''), outcome.message);
    return;
  }
  assert.equal(outcome.kind, 'injected', `expected injection, got ${JSON.stringify(outcome)}`);
  if (outcome.kind !== 'injected') return;
  const sidecar = (outcome.pod.spec.containers as KubeObject[])[0] as unknown as { name: string; env: { name: string; value?: string }[] };
  assert.equal(sidecar.name, 'kuma-sidecar');
  for (const check of c.checks) {
    const m = /env contains \{name: (\S+), value: (\S+)\}/.exec(check);
    if (m !== null) assert.ok(sidecar.env.some((e) => e.name === m[1] && e.value === m[2]), `${check}: ${JSON.stringify(sidecar.env)}`);
  }
}

for (const profile of PROFILES) {
  const label = `kuma-${profile.version} injector`;
  describe(label, () => {
    let passed = 0;
    let total = 0;
    for (const c of caseFiles) {
      for (const run of c.runs) {
        total += 1;
        test(`${c.id} ${run.variant}`, () => {
          runCase(profile.version, profile.goldens, profile.configs, c, run);
          passed += 1;
        });
      }
    }
    const extra = readYaml<{ cases: ExtraCase[] }>(new URL('extra.go-only.cases.yaml', DIR_214)).cases.filter(
      (c) => profile.version === '2.14' || c.id.startsWith('extra.delta-xds.'),
    );
    let extraPassed = 0;
    for (const c of extra) {
      test(c.id, () => {
        runExtra(profile.version, profile.configs, c);
        extraPassed += 1;
      });
    }
    test('summary', () => {
      console.log(`${label}: ${passed}/${total}`);
      console.log(`${label} extra (Go-only assertions): ${extraPassed}/${extra.length}`);
      assert.equal(passed, total);
      assert.equal(extraPassed, extra.length);
    });
  });
}
