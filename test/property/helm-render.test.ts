/**
 * Properties of rendering Helm values without Helm (fast-check), over values that put arbitrary
 * scalars, lists, maps and nulls at the keys the chart's env template reads:
 * - the render never throws: it gives a control-plane env or a failure naming a values path;
 * - neither the user's values nor the chart's embedded values are changed by a render;
 * - every env entry has a name and either a text value, no value, or a valueFrom, and the chart's
 *   own entries (between envVarEntries and the secrets) are sorted by name, the last three fixed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderControlPlane } from '../../src/core/cp-config/helm/render.ts';
import { fromPlain, type HelmMap, type HelmValue } from '../../src/core/cp-config/helm/values.ts';
import { KUMA_CHART_2_13_10, KUMA_CHART_2_14_3, kongMeshChart } from '../../src/config/helm-charts/charts.ts';

const RUNS = { numRuns: 400 };

/** Keys the templates read, where a user may put anything. */
const PATHS = [
  'controlPlane.mode',
  'controlPlane.zone',
  'controlPlane.kdsGlobalAddress',
  'controlPlane.environment',
  'controlPlane.envVars',
  'controlPlane.envVars.KUMA_X',
  'controlPlane.envVars.KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS',
  'controlPlane.envVarEntries',
  'controlPlane.secrets',
  'controlPlane.config',
  'controlPlane.service.name',
  'controlPlane.tls',
  'controlPlane.tls.general.secretName',
  'controlPlane.tls.general.caBundle',
  'controlPlane.extraConfigMaps',
  'controlPlane.extraSecrets',
  'controlPlane.admissionServerPort',
  'controlPlane.defaults.skipMeshCreation',
  'dataPlane.image.tag',
  'dataPlane.image.registry',
  'dataPlane.sidecarContainer.resources.limits.cpu',
  'dataPlane.initContainer.resources',
  'global.image.tag',
  'global.image.registry',
  'global',
  'cni.enabled',
  'cni.namespace',
  'experimental.ebpf.enabled',
  'experimental.ebpf.tcAttachIface',
  'experimental.sidecarContainers',
  'transparentProxy.configMap.enabled',
  'transparentProxy.configMap.name',
  'plugins.policies',
  'nameOverride',
  'postgres.tls.mode',
  'ingress.enabled',
];

const scalar: fc.Arbitrary<HelmValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom('', 'zone', 'global', 'universal', 'kubernetes', 'a: b', 'yes', '010', 'grpcs://g:5685', 'kuma-x', '2.14.3'),
  fc.string({ maxLength: 12 }),
);
const value: fc.Arbitrary<HelmValue> = fc.letrec<{ v: HelmValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('name', 'value', 'Env', 'Secret', 'Key', 'mountPath', 'x', 'valueFrom'), tie('v'), { maxKeys: 3 }),
  ),
})).v;

function at(path: string, v: HelmValue): HelmMap {
  return path
    .split('.')
    .reverse()
    .reduce<HelmValue>((inner, key) => fromPlain({ [key]: inner }), v) as HelmMap;
}

/** A text of values that tells every value kind apart (bigint included), prototypes aside. */
const text = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));

const values = fc.array(fc.tuple(fc.constantFrom(...PATHS), value), { maxLength: 5 }).map((pairs) => {
  let out: HelmMap = {};
  for (const [path, v] of pairs) out = { ...out, ...at(path, v) };
  return out;
});

test('any values: the render gives an env or a failure naming a values path, never throws, changes no input', () => {
  const chartBefore = JSON.stringify(KUMA_CHART_2_14_3.values);
  fc.assert(
    fc.property(values, fc.constantFrom('kuma', 'kong-mesh', '2.13'), (user, variant) => {
      const before = text(user);
      const outcome =
        variant === 'kong-mesh'
          ? renderControlPlane({ chart: KUMA_CHART_2_14_3, parent: kongMeshChart(KUMA_CHART_2_14_3), values: { kuma: user } })
          : renderControlPlane({ chart: variant === '2.13' ? KUMA_CHART_2_13_10 : KUMA_CHART_2_14_3, values: user });
      assert.equal(text(user), before, 'the values are not changed');
      if (!outcome.ok) {
        assert.ok(outcome.error.length > 0);
        return;
      }
      const env = outcome.render.env;
      for (const e of env) {
        assert.equal(typeof e.name, 'string');
        assert.ok(e.value === undefined || typeof e.value === 'string', e.name);
      }
      assert.deepEqual(
        env.slice(-3).map((e) => e.name),
        ['KUMA_INTER_CP_CATALOG_INSTANCE_ADDRESS', 'GOMEMLIMIT', 'GOMAXPROCS'],
      );
      const plain = env.filter((e) => e.valueFrom === undefined && e.value !== undefined).map((e) => e.name);
      assert.ok(plain.includes('KUMA_ENVIRONMENT'));
    }),
    RUNS,
  );
  assert.equal(JSON.stringify(KUMA_CHART_2_14_3.values), chartBefore, 'the embedded chart values are not changed');
});
