/**
 * Helm values ⇒ control-plane env, without Helm: every case of
 * ../shared/conformance/kuma-2.14/cp-config/cases/helm-render.cases.yaml (45 upstream kumactl/Helm
 * goldens, Check A: the env of container control-plane equals the golden's exactly — names,
 * values, valueFrom, order), and the hand-derived cases of helm-values.derived.cases.yaml (21,
 * labelled derived in the output).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { renderControlPlane, type RenderedEnvVar } from '../../src/core/cp-config/helm/render.ts';
import { fromPlain, type HelmMap } from '../../src/core/cp-config/helm/values.ts';
import { versionProfile } from '../../src/config/releases.ts';
import { CASES_DIR, caseValues, goldenControlPlaneEnv, readHelmRenderCases } from './cp-helm-cases.ts';

const CHART = versionProfile('2.14').helmChart;

function plainEnv(env: RenderedEnvVar[]): unknown[] {
  return JSON.parse(JSON.stringify(env)) as unknown[];
}

/** kuma-cp's view of the two keys that decide whether an injector exists: env last-wins (the chart always sets both). */
function injectorActive(env: RenderedEnvVar[]): boolean {
  const last = (name: string): string | undefined => [...env].reverse().find((e) => e.name === name)?.value;
  return last('KUMA_ENVIRONMENT') === 'kubernetes' && last('KUMA_MODE') !== 'global';
}

test('helm-render cases, Check A: the control-plane env rendered from values equals the golden (exact list)', () => {
  assert.ok(CHART !== undefined, 'release 2.14 has no Helm chart record');
  const { cases, counts } = readHelmRenderCases();
  assert.ok(cases.length > 0, 'no helm-render case found');
  assert.equal(cases.length, counts.cases, "case count differs from the file's own count");
  let pass = 0;
  let inactive = 0;
  const failures: string[] = [];
  for (const c of cases) {
    const outcome = renderControlPlane({ chart: CHART.kuma, values: caseValues(c), namespace: c.release.namespace });
    if (!outcome.ok) {
      failures.push(`${c.id}: render failed: ${outcome.error}`);
      continue;
    }
    const golden = goldenControlPlaneEnv(`${CASES_DIR}${c.golden}`, outcome.render.deploymentName);
    if (golden === undefined) {
      failures.push(`${c.id}: golden has no Deployment ${outcome.render.deploymentName}`);
      continue;
    }
    const ours = plainEnv(outcome.render.env);
    try {
      assert.equal(golden.length, c.expect.controlPlaneEnvCount, `${c.id}: golden env count`);
      assert.deepEqual(ours, golden, `${c.id}: env list`);
      assert.equal(injectorActive(outcome.render.env), c.expect.injectorActive, `${c.id}: injectorActive`);
      if (!c.expect.injectorActive) inactive += 1;
      pass += 1;
    } catch (error) {
      failures.push((error as Error).message.split('\n').slice(0, 12).join('\n'));
    }
  }
  console.log(`kuma-2.14 cp-config helm-render Check A (env): ${pass}/${cases.length} (${inactive} with no injector)`);
  assert.deepEqual(failures, []);
  assert.equal(inactive, counts.cases - counts.injectorActive);
});

interface DerivedCase {
  id: string;
  release?: { name: string; namespace: string };
  values: Record<string, unknown>;
  env?: Record<string, string | { absent: true } | { valueFrom: unknown }>;
  effectiveEnv?: Record<string, string>;
  envOrder?: string[];
  expectRenderError?: string;
}

test('helm-values derived cases (derived by hand from the chart, not upstream): env entries, absences, order, render errors', () => {
  assert.ok(CHART !== undefined);
  const text = readFileSync(`${CASES_DIR}helm-values.derived.cases.yaml`, 'utf8');
  const file = parse(text) as { defaults: { release: { namespace: string }; chartAppVersion: string }; cases: DerivedCase[] };
  // Expected env values are texts as written (`1e+06` is the rendered text, not a number): read them untyped.
  const expected = (parse(text, { schema: 'failsafe' }) as { cases: DerivedCase[] }).cases;
  assert.ok(file.cases.length > 0, 'no derived helm-values case found');
  assert.equal(CHART.kuma.appVersion, file.defaults.chartAppVersion, "the release record's chart appVersion");
  let pass = 0;
  const failures: string[] = [];
  for (const [i, c] of file.cases.entries()) {
    const want = expected[i] as DerivedCase;
    const namespace = (c.release ?? file.defaults.release).namespace;
    const outcome = renderControlPlane({ chart: CHART.kuma, values: fromPlain(c.values) as HelmMap, namespace });
    try {
      if (c.expectRenderError !== undefined) {
        assert.ok(!outcome.ok, `${c.id}: rendered, expected the error ${c.expectRenderError}`);
        assert.ok(
          outcome.error.includes(c.expectRenderError),
          `${c.id}: error ${JSON.stringify(outcome.error)} lacks ${JSON.stringify(c.expectRenderError)}`,
        );
      } else {
        assert.ok(outcome.ok, `${c.id}: ${outcome.ok ? '' : outcome.error}`);
        const env = outcome.render.env;
        const last = (name: string): RenderedEnvVar | undefined => [...env].reverse().find((e) => e.name === name);
        for (const [name, entry] of Object.entries({ ...want.env, ...want.effectiveEnv })) {
          const got = last(name);
          if (typeof entry === 'string') assert.equal(got?.value, entry, `${c.id}: ${name}`);
          else if ('absent' in entry) assert.equal(got, undefined, `${c.id}: ${name} should be absent`);
          else assert.deepEqual(JSON.parse(JSON.stringify(got?.valueFrom)), entry.valueFrom, `${c.id}: ${name} valueFrom`);
        }
        if (c.envOrder !== undefined) {
          const names = env.map((e) => e.name);
          const gap = c.envOrder.findIndex((n) => n.startsWith('...'));
          const head = c.envOrder.slice(0, gap);
          assert.deepEqual(names.slice(0, head.length), head, `${c.id}: leading entries`);
          const chartPart = names.slice(head.length, names.length - 3);
          assert.deepEqual(chartPart, [...chartPart].sort(), `${c.id}: chart entries sorted by name`);
          for (const n of c.envOrder.slice(gap + 1)) assert.ok(chartPart.includes(n), `${c.id}: ${n} among the chart entries`);
        }
      }
      pass += 1;
    } catch (error) {
      failures.push((error as Error).message.split('\n')[0] as string);
    }
  }
  console.log(`kuma-2.14 cp-config helm-values (derived): ${pass}/${file.cases.length}`);
  assert.deepEqual(failures, []);
});
