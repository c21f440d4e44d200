import type { ChartRules, KumaChart, WrappingChart } from '../../core/cp-config/helm/chart.ts';
import { fromPlain, type HelmMap } from '../../core/cp-config/helm/values.ts';
import { VALUES as VALUES_2_13_10 } from './kuma-2.13.10.values.ts';
import { VALUES as VALUES_2_14_3 } from './kuma-2.14.3.values.ts';

/**
 * The Helm charts of each release as data (the release records in ../releases.ts point here).
 * Template rules are read from deployments/charts/kuma/templates/{_helpers.tpl,cp-deployment.yaml}
 * at each tag; the published chart's version and appVersion equal the release (the tag's Chart.yaml
 * says 0.0.0-preview.vlocal-build, which the release pipeline replaces).
 */

/**
 * Keys every template of the chart reads (`.Values.a.b` in deployments/charts/kuma/templates/* at the
 * tag) that its values.yaml does not list; found by listing the templates' `.Values` paths at each tag.
 */
const TEMPLATE_ONLY_2_14 = [
  'nameOverride',
  'fullnameOverride',
  'controlPlane.config',
  'controlPlane.globalZoneSyncService.name',
  'ingress.service.name',
  'egress.service.name',
];
const TEMPLATE_ONLY_2_13 = [...TEMPLATE_ONLY_2_14, 'meshes'];

const RULES_2_14: ChartRules = {
  madsServerEnv: true,
  injectorResourcesEnv: true,
  sidecarContainersAlways: true,
  inboundTagsDisabledEnv: true,
  exposeZoneProxyMetricsEnv: true,
  envoyAdminUnixSocketEnv: true,
  goRuntimeDivisors: true,
  certManagerDnsNamesFromValues: true,
};

const RULES_2_13: ChartRules = {
  madsServerEnv: false,
  injectorResourcesEnv: false,
  sidecarContainersAlways: false,
  inboundTagsDisabledEnv: false,
  exposeZoneProxyMetricsEnv: false,
  envoyAdminUnixSocketEnv: false,
  goRuntimeDivisors: false,
  certManagerDnsNamesFromValues: false,
};

/**
 * A chart's values as Helm reads them, converted on first use: a run that renders nothing from
 * values (most) should not pay for converting both charts at start-up.
 */
function valuesOf(plain: unknown): () => HelmMap {
  let values: HelmMap | undefined;
  return () => (values ??= fromPlain(plain) as HelmMap);
}
const VALUES_2_14 = valuesOf(VALUES_2_14_3);
const VALUES_2_13 = valuesOf(VALUES_2_13_10);

export const KUMA_CHART_2_14_3: KumaChart = {
  version: '2.14.3',
  appVersion: '2.14.3',
  get values() {
    return VALUES_2_14();
  },
  rules: RULES_2_14,
  source: 'kuma chart 2.14.3 (kumahq/kuma v2.14.3 deployments/charts/kuma)',
  templateOnlyValues: TEMPLATE_ONLY_2_14,
};

export const KUMA_CHART_2_13_10: KumaChart = {
  version: '2.13.10',
  appVersion: '2.13.10',
  get values() {
    return VALUES_2_13();
  },
  rules: RULES_2_13,
  source: 'kuma chart 2.13.10 (kumahq/kuma v2.13.10 deployments/charts/kuma)',
  templateOnlyValues: TEMPLATE_ONLY_2_13,
};

/**
 * Kong Mesh's `kong-mesh` chart wraps the kuma chart of the same version as its one dependency
 * (`name: kuma`, no alias: values nest under `kuma:`). Known from Kong's public index.yaml and docs:
 * the default install's objects are named `kong-mesh-*` (so `kuma.nameOverride: kong-mesh`), its
 * images are `kong/kuma-*` (registry docker.io/kong), the namespace is kong-mesh-system. Its own
 * values.yaml and its overrides of `kuma.parentEnv` / `kuma.parentSecrets` are not public.
 */
export function kongMeshChart(kuma: KumaChart): WrappingChart {
  return {
    name: 'kong-mesh',
    version: kuma.version,
    subchartKey: 'kuma',
    values: fromPlain({ kuma: { nameOverride: 'kong-mesh', global: { image: { registry: 'docker.io/kong' } } } }) as HelmMap,
    defaultRegistry: 'docker.io/kong',
    product: 'Kong Mesh',
    tagPrefix: 'kuma.',
    defaultNamespace: 'kong-mesh-system',
    unknowns: [
      "the kong-mesh chart's own values.yaml and the control-plane env and mounts it adds through kuma.parentEnv / kuma.parentSecrets " +
        '(e.g. the license) are not public, so a render from values may miss them; a rendered install (helm template) shows them',
    ],
  };
}
