import type { HelmMap } from './values.ts';

/**
 * A Helm chart of the control plane as data: what kuma-inject needs to render, without Helm, the
 * kuma-cp container env and config file a chart version produces. The records live with the release
 * records (src/config); the core only reads these fields, never a version name.
 */

/** Template behaviours that differ between chart versions (each one a line of `kuma.defaultEnv` or `cp-deployment.yaml`). */
export interface ChartRules {
  /** `KUMA_MONITORING_ASSIGNMENT_SERVER_ENABLED` from `controlPlane.madsServer.enabled`. */
  madsServerEnv: boolean;
  /** `KUMA_INJECTOR_{SIDECAR,INIT,VALIDATION}_CONTAINER_RESOURCES_*` from `dataPlane.*.resources`. */
  injectorResourcesEnv: boolean;
  /** `KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS` written always with the value quoted; false: `"true"` only when set. */
  sidecarContainersAlways: boolean;
  /** `KUMA_EXPERIMENTAL_INBOUND_TAGS_DISABLED` when `experimental.inboundTagsDisabled`. */
  inboundTagsDisabledEnv: boolean;
  /** `KUMA_EXPERIMENTAL_EXPOSE_ZONE_PROXY_METRICS` when `experimental.exposeZoneProxyMetrics`. */
  exposeZoneProxyMetricsEnv: boolean;
  /** `KUMA_BOOTSTRAP_SERVER_PARAMS_ENVOY_ADMIN_UNIX_SOCKET` from `experimental.envoyAdminUnixSocket`. */
  envoyAdminUnixSocketEnv: boolean;
  /** `divisor` on the GOMEMLIMIT / GOMAXPROCS resourceFieldRefs from `controlPlane.runtime.*.divisor`. */
  goRuntimeDivisors: boolean;
  /** cert-manager `dnsNames` come from values (and must not be empty) rather than being fixed. */
  certManagerDnsNamesFromValues: boolean;
}

/** The `kuma` chart of one release. */
export interface KumaChart {
  /** Chart.yaml `version` of the published chart (the release pipeline writes it; the git tag says 0.0.0-preview). */
  version: string;
  /** Chart.yaml `appVersion`: the tag images get when values name none. */
  appVersion: string;
  /** The chart's values.yaml, as Helm reads it (numbers float64). */
  values: HelmMap;
  rules: ChartRules;
  /** Where the values data was taken from, for messages and provenance. */
  source: string;
  /** Keys the templates read that values.yaml does not list (nameOverride, controlPlane.config, ...): not foreign to this chart. */
  templateOnlyValues: readonly string[];
}

/**
 * A chart that wraps `kuma` as a dependency (Kong Mesh's `kong-mesh`): its values hold the kuma
 * chart's under one key, and it overrides the kuma chart's hook templates.
 */
export interface WrappingChart {
  name: string;
  version: string;
  /** The key under which the kuma chart's values live (`kuma`: the dependency has no alias). */
  subchartKey: string;
  /** The parent chart's own defaults that are known (the rest of its values.yaml is not public). */
  values: HelmMap;
  /** The hooks the parent overrides (`kuma.defaultRegistry`, `kuma.product`, `kuma.tagPrefix`). */
  defaultRegistry: string;
  product: string;
  tagPrefix: string;
  /** Namespace of the documented install command, used when none is given. */
  defaultNamespace: string;
  /** What a render from values cannot know about this chart (its `kuma.parentEnv`, ...), worded for users. */
  unknowns: string[];
}

/** The kuma chart's own hook templates, when no parent chart overrides them. */
export const KUMA_HOOKS = {
  chartName: 'kuma',
  defaultRegistry: 'docker.io/kumahq',
  product: 'Kuma',
  tagPrefix: '',
  defaultNamespace: 'kuma-system',
} as const;
