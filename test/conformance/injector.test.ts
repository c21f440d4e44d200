/**
 * Upstream conformance of the sidecar injector, for every version profile of
 * src/config/releases.ts: each case of the profile's goldens folder (classic and native layouts
 * where upstream runs both), compared after exactly the normalisations of the folder's README,
 * every `checks` phrase asserted, plus the Go-only assertions of extra.go-only.cases.yaml. Every
 * injected output is fed back in to prove idempotency (the webhook skips a pod that has
 * kuma-sidecar). A folder that yields no case fails.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { injectPod, type PodLike } from '../../src/core/inject/inject-pod.ts';
import { VERSION_PROFILES, type VersionProfile } from '../../src/config/releases.ts';
import { contextFor, normalise, readYaml, settingsFor, type Cluster, type Harness } from '../core/inject/upstream-harness.ts';
import { assertChecks } from './check-phrases.ts';
import { CONFORMANCE } from './conformance-dir.ts';

interface Run {
  variant: 'classic' | 'native';
  runtime?: { sidecarContainersEnabled: boolean };
  golden: string | null;
  checks?: string[];
}

interface CaseFile {
  id: string;
  expect: 'inject' | 'skip' | 'error';
  input: string;
  injectorConfig: string;
  cluster: Cluster;
  /** v2.14 layout: one run per layout. */
  runs?: Run[];
  /** kuma-next layout: one run with the harness's runtime. */
  golden?: string | null;
  checks?: string[];
  expectedErrorMessage?: string;
}

interface ExtraCase {
  id: string;
  expect: 'inject' | 'error';
  runtimeOverrides?: { sidecarContainersEnabled?: boolean; deltaXdsEnabled?: boolean };
  pod?: PodLike;
  input?: string;
  injectorConfig: string;
  cluster: Cluster;
  expectedErrorSubstring?: string;
  checks: string[];
}

/** How one profile's folder is laid out: its own files, or a profile.yaml reusing another folder. */
interface Layout {
  label: string;
  cases: URL;
  inputs: URL;
  goldens: URL;
  configs: URL;
  harness: URL;
  caCert: URL;
  extras: URL;
  /** Go-only case ids, when the profile runs a subset. */
  extraIds?: string[];
}

function layoutOf(profile: VersionProfile): Layout {
  const folder = new URL(`${profile.conformance.injector}/`, CONFORMANCE);
  const label = `${profile.conformance.injector.split('/')[0]} injector`;
  const profileFile = new URL('profile.yaml', folder);
  if (!existsSync(profileFile)) {
    return {
      label,
      cases: folder,
      inputs: folder,
      goldens: folder,
      configs: folder,
      harness: new URL('harness.common.yaml', folder),
      caCert: new URL('server-cert.pem', folder),
      extras: new URL('extra.go-only.cases.yaml', folder),
    };
  }
  const p = readYaml<{
    caseFiles: string;
    resolve: { input: string; golden: string; injectorConfig: string; environment: string; caCertFile: string };
    goOnlyCases: { file: string; include: string[] };
  }>(profileFile);
  const dir = (rel: string): URL => new URL(rel.endsWith('/') ? rel : `${rel}/`, folder);
  return {
    label,
    cases: new URL('./', new URL(p.caseFiles, folder)),
    inputs: dir(p.resolve.input),
    goldens: dir(p.resolve.golden),
    configs: dir(p.resolve.injectorConfig),
    harness: new URL(p.resolve.environment, folder),
    caCert: new URL(p.resolve.caCertFile, folder),
    extras: new URL(p.goOnlyCases.file, folder),
    extraIds: p.goOnlyCases.include,
  };
}

function runsOf(c: CaseFile): Run[] {
  if (c.runs !== undefined) return c.runs;
  return [{ variant: 'native', golden: c.golden ?? null, checks: c.checks ?? [] }];
}

function runCase(profile: VersionProfile, layout: Layout, harness: Harness, caCert: string, c: CaseFile, run: Run): void {
  const settings = settingsFor(profile.version, harness, new URL(c.injectorConfig, layout.configs), caCert, run.runtime ?? {});
  const ctx = contextFor(settings, harness, c.cluster);
  const input = readYaml<PodLike>(new URL(c.input, layout.inputs));
  const frozen = structuredClone(input);
  const outcome = injectPod(input, ctx);
  assert.deepEqual(input, frozen, 'injectPod must not mutate its input');
  const pod = outcome.kind === 'injected' ? outcome.pod : input;
  assertChecks(run.checks ?? [], { outcome, pod });
  if (c.expect === 'error') {
    assert.equal(outcome.kind, 'failed', `expected an error, got ${outcome.kind}`);
    if (outcome.kind === 'failed') assert.equal(outcome.message, c.expectedErrorMessage);
    return;
  }
  const golden = readYaml(new URL(run.golden ?? '', layout.goldens));
  if (c.expect === 'skip') {
    assert.equal(outcome.kind, 'skipped', `expected a skip, got ${JSON.stringify(outcome)}`);
    assert.deepEqual(normalise(input), normalise(golden));
    return;
  }
  assert.equal(outcome.kind, 'injected', `expected injection, got ${JSON.stringify(outcome)}`);
  assert.deepEqual(normalise(pod), normalise(golden));
  const again = injectPod(pod as PodLike, ctx);
  assert.equal(again.kind, 'skipped', 'injecting the output again must change nothing');
}

function runExtra(profile: VersionProfile, layout: Layout, harness: Harness, caCert: string, c: ExtraCase): void {
  const settings = settingsFor(profile.version, harness, new URL(c.injectorConfig, layout.configs), caCert, c.runtimeOverrides ?? {});
  const ctx = contextFor(settings, harness, c.cluster);
  const input = c.pod ?? readYaml<PodLike>(new URL(c.input ?? '', layout.inputs));
  const outcome = injectPod(input, ctx);
  assertChecks(c.checks, { outcome, pod: outcome.kind === 'injected' ? outcome.pod : input });
  if (c.expect === 'error') {
    assert.equal(outcome.kind, 'failed', `expected an error, got ${outcome.kind}`);
    if (outcome.kind === 'failed') assert.ok(outcome.message.includes(c.expectedErrorSubstring ?? ''), outcome.message);
    return;
  }
  assert.equal(outcome.kind, 'injected', `expected injection, got ${JSON.stringify(outcome)}`);
}

for (const profile of VERSION_PROFILES) {
  const layout = layoutOf(profile);
  const harness = readYaml<Harness>(layout.harness);
  const caCert = readFileSync(layout.caCert, 'utf8');
  const caseFiles = readdirSync(layout.cases)
    .filter((f) => f.endsWith('.case.yaml'))
    .sort()
    .map((f) => readYaml<CaseFile>(new URL(f, layout.cases)));
  const allExtras = readYaml<{ cases: ExtraCase[] }>(layout.extras).cases;
  const extras = layout.extraIds === undefined ? allExtras : allExtras.filter((c) => layout.extraIds?.includes(c.id));
  describe(layout.label, () => {
    let passed = 0;
    let total = 0;
    for (const c of caseFiles) {
      for (const run of runsOf(c)) {
        total += 1;
        test(`${c.id} ${run.variant}`, () => {
          runCase(profile, layout, harness, caCert, c, run);
          passed += 1;
        });
      }
    }
    let extraPassed = 0;
    for (const c of extras) {
      test(c.id, () => {
        runExtra(profile, layout, harness, caCert, c);
        extraPassed += 1;
      });
    }
    test('summary', () => {
      console.log(`${layout.label}: ${passed}/${total}`);
      console.log(`${layout.label} extra (Go-only assertions): ${extraPassed}/${extras.length}`);
      assert.ok(total > 0, `no case found in ${layout.cases.pathname}`);
      assert.equal(extras.length, layout.extraIds?.length ?? allExtras.length, 'every Go-only case the profile names exists');
      assert.equal(passed, total);
      assert.equal(extraPassed, extras.length);
    });
  });
}
