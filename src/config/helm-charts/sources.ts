/**
 * Where the embedded chart values come from: the kuma chart's values.yaml at a release tag, staged
 * (byte for byte, with its git blob id) under the conformance folder. scripts/gen-chart-values.mjs
 * writes one data module per entry; a test compares each module with the staged file.
 */
interface ChartValuesSource {
  /** Module under src/config/helm-charts/. */
  file: string;
  tag: string;
  upstreamPath: string;
  blob: string;
  /** Path under the conformance folder. */
  stagedValues: string;
}

export const CHART_SOURCES: readonly ChartValuesSource[] = [
  {
    file: 'kuma-2.14.3.values.ts',
    tag: 'v2.14.3',
    upstreamPath: 'deployments/charts/kuma/values.yaml',
    blob: '6261d9bb55fbecf496aba64e0c6c7d7d776d92b6',
    stagedValues: 'kuma-2.14/cp-config/chart/values.yaml',
  },
  {
    file: 'kuma-2.13.10.values.ts',
    tag: 'v2.13.10',
    upstreamPath: 'deployments/charts/kuma/values.yaml',
    blob: 'bfe152603a27bb86ebd6017822933afe7c48e084',
    stagedValues: 'kuma-2.14/cp-config/v2.13.10/chart/values.yaml',
  },
];
