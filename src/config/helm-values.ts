import type { Result } from '../core/types.ts';
import { codeTag } from '../core/result-codes.ts';
import type { YamlReader } from '../core/go-yaml/yaml-node.ts';
import { renderControlPlane, type HelmRender } from '../core/cp-config/helm/render.ts';
import type { KumaChart } from '../core/cp-config/helm/chart.ts';
import { installFromHelmRender } from '../core/cp-config/helm/render-install.ts';
import type { ControlPlaneInstall } from '../core/cp-config/install.ts';
import { mergeMaps } from '../core/cp-config/helm/merge-values.ts';
import { getKey, isTable, valuesFromYaml, type HelmMap } from '../core/cp-config/helm/values.ts';
import { kongMeshChart } from './helm-charts/charts.ts';
import { VERSION_PROFILES, type VersionProfile } from './releases.ts';

/**
 * `--helm-values FILE` / `helmValues:`: the control plane's Helm values files, layered as `helm -f
 * a -f b` layers them (later files win), rendered with the chart of the selected release into the
 * kuma-cp container the chart would install. Which chart: `helmChart:` when given, else the shape
 * of the values (Kong Mesh's nest the kuma chart's under `kuma:`).
 */

/** A values file as the host read it: `source` names it in messages (never its content). */
export interface HelmValuesFile {
  source: string;
  text: string;
}

type HelmChartName = 'kuma' | 'kong-mesh';

type HelmValuesRender =
  | { ok: true; render: HelmRender; chart: HelmChartName; files: string[]; results: Result[] }
  | { ok: false; results: Result[] };

function error(message: string, path?: string): Result {
  return { severity: 'error', message, ...(path === undefined ? {} : { field: { path } }), tags: codeTag('KI0950') };
}

/**
 * `kong-mesh` when the values nest the kuma chart's under `kuma:` (and have no top-level controlPlane), `kuma` when they have a top-level
 * controlPlane.
 */
function shapeOf(values: HelmMap): HelmChartName | undefined {
  if (isTable(getKey(values, 'kuma')) && getKey(values, 'controlPlane') === undefined) return 'kong-mesh';
  if (getKey(values, 'controlPlane') !== undefined) return 'kuma';
  return undefined;
}

interface HelmValuesOptions {
  profile: VersionProfile;
  /** `helmChart:` when the settings give it. */
  chart?: HelmChartName;
  /** The release namespace: the explicit `systemNamespace`, else the chart's documented one. */
  namespace?: string;
  readYaml: YamlReader;
}

/**
 * Keys of the user's values that another release's kuma chart has but this one neither lists nor
 * reads: the selected chart ignores them (e.g. `dataPlane.sidecarContainer.resources` under 2.13.10,
 * whose templates have no sidecar resources). Only maps both sides hold are descended.
 */
function foreignKeys(user: HelmMap, chart: KumaChart, others: readonly KumaChart[]): { path: string; version: string }[] {
  const found: { path: string; version: string }[] = [];
  const walk = (values: HelmMap, own: HelmMap, theirs: { version: string; map: HelmMap }[], prefix: string): void => {
    for (const key of Object.keys(values).sort()) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const mine = getKey(own, key);
      const value = getKey(values, key);
      if (mine !== undefined) {
        if (isTable(value) && isTable(mine) && Object.keys(mine).length > 0) {
          walk(
            value,
            mine,
            theirs.flatMap((t) => {
              const m = getKey(t.map, key);
              return isTable(m) ? [{ version: t.version, map: m }] : [];
            }),
            path,
          );
        }
        continue;
      }
      if (chart.templateOnlyValues.some((k) => path === k || path.startsWith(`${k}.`))) continue;
      const other = theirs.find((t) => getKey(t.map, key) !== undefined);
      if (other !== undefined) found.push({ path, version: other.version });
    }
  };
  walk(
    user,
    chart.values,
    others.filter((o) => o.version !== chart.version).map((o) => ({ version: o.version, map: o.values })),
    '',
  );
  return found;
}

export function renderHelmValues(files: readonly HelmValuesFile[], options: HelmValuesOptions): HelmValuesRender {
  const names = files.map((f) => f.source);
  const chartRecord = options.profile.helmChart;
  if (chartRecord === undefined) {
    return {
      ok: false,
      results: [
        error(
          `helmValues (${names.join(', ')}): version ${options.profile.version} has no Helm chart record, so its values cannot be rendered; select a released version, or give the rendered install (helm template) in the input or as cluster state.`,
          'helmValues',
        ),
      ],
    };
  }
  const results: Result[] = [];
  let values: HelmMap = {};
  const shapes = new Map<HelmChartName, string[]>();
  for (const file of files) {
    const node = options.readYaml(file.text);
    const read = node.ok ? valuesFromYaml(node.node) : { ok: false as const, error: node.error };
    if (!read.ok) {
      results.push(
        error(`helmValues: ${file.source}: ${read.error}. Give a Helm values file (a YAML mapping), as for helm -f.`, 'helmValues'),
      );
      continue;
    }
    const shape = shapeOf(read.values);
    if (shape !== undefined) shapes.set(shape, [...(shapes.get(shape) ?? []), file.source]);
    values = mergeMaps(values, read.values);
  }
  if (results.length > 0) return { ok: false, results };
  let chart = options.chart;
  if (chart === undefined) {
    if (shapes.size > 1) {
      return {
        ok: false,
        results: [
          error(
            `helmValues: ${(shapes.get('kong-mesh') ?? []).join(', ')} nest the values under kuma: (the kong-mesh chart) but ${(shapes.get('kuma') ?? []).join(', ')} set controlPlane at the top (the kuma chart); use one chart's layout in every file, or say which chart with helmChart: kuma | kong-mesh.`,
            'helmChart',
          ),
        ],
      };
    }
    chart = shapes.has('kong-mesh') ? 'kong-mesh' : 'kuma';
  } else if (chart === 'kuma' && shapes.has('kong-mesh') && !shapes.has('kuma')) {
    results.push({
      severity: 'warning',
      message: `helmValues: ${(shapes.get('kong-mesh') ?? []).join(', ')} nest values under kuma:, which the kuma chart (helmChart: kuma) ignores; set helmChart: kong-mesh if these are Kong Mesh values.`,
      field: { path: 'helmChart' },
      tags: codeTag('KI0952'),
    });
  }
  const others = VERSION_PROFILES.flatMap((p) => (p.helmChart === undefined ? [] : [p.helmChart.kuma]));
  const nestedValues = chart === 'kong-mesh' ? getKey(values, 'kuma') : values;
  for (const foreign of isTable(nestedValues) ? foreignKeys(nestedValues, chartRecord.kuma, others) : []) {
    const written = chart === 'kong-mesh' ? `kuma.${foreign.path}` : foreign.path;
    results.push({
      severity: 'warning',
      message: `helmValues ${names.join(', ')}: ${written} is a value of the kuma chart ${foreign.version} but not of ${chartRecord.kuma.version} (version ${options.profile.version}), whose templates do not read it: it has no effect on this install. Select the version the cluster runs, or drop the key.`,
      field: { path: 'helmValues' },
      tags: codeTag('KI0955'),
    });
  }
  const parent = chart === 'kong-mesh' ? kongMeshChart(chartRecord.kuma) : undefined;
  const outcome = renderControlPlane({
    chart: chartRecord.kuma,
    values,
    ...(parent === undefined ? {} : { parent }),
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
  });
  if (!outcome.ok) {
    // Kong Mesh values name the kuma chart's keys under kuma: (global is shared with the parent chart).
    const nested =
      chart === 'kong-mesh' &&
      outcome.valuesPath !== undefined &&
      outcome.valuesPath !== 'kuma' &&
      !outcome.valuesPath.startsWith('global');
    const at = outcome.valuesPath === undefined ? '' : ` (values ${nested ? `kuma.${outcome.valuesPath}` : outcome.valuesPath})`;
    return {
      ok: false,
      results: [
        ...results,
        {
          severity: 'error',
          message: `helmValues ${names.join(', ')}: the ${chart} chart ${chartRecord.kuma.version} would not render these values${at}: ${outcome.error}. Fix the values; helm install would fail the same way.`,
          field: { path: 'helmValues' },
          tags: codeTag('KI0951'),
        },
      ],
    };
  }
  for (const pitfall of outcome.render.pitfalls) {
    results.push({
      severity: 'warning',
      message: `helmValues ${names.join(', ')}: ${pitfall}.`,
      field: { path: 'helmValues' },
      tags: codeTag('KI0954'),
    });
  }
  for (const warning of outcome.render.warnings) {
    results.push({
      severity: 'warning',
      message: `helmValues ${names.join(', ')}: Helm would warn: ${warning}.`,
      field: { path: 'helmValues' },
      tags: codeTag('KI0952'),
    });
  }
  return { ok: true, render: outcome.render, chart, files: names, results };
}

/** Where the values files come from: the command line's, already read, else the settings' paths, read by the host. */
interface HelmValuesSources {
  /** `--helm-values` files, in order. */
  commandLine?: readonly HelmValuesFile[];
  /** Reads a `helmValues:` path of the settings, confined to the host's root. */
  read?: (path: string) => HelmValuesFile | { error: string };
}

/**
 * The install the Helm values render, for resolveSettings: nothing when no values are given, an
 * error result when a file cannot be used or the chart would not render, else the install (as
 * kuma-cp would be started by the chart) and an info result saying what was rendered.
 */
export function helmValuesInstall(
  sources: HelmValuesSources,
  settings: { helmValues?: unknown; helmChart?: unknown },
  profile: VersionProfile,
  systemNamespace: string | undefined,
  readYaml: YamlReader,
): { install?: ControlPlaneInstall; results: Result[]; settings?: Record<string, unknown> } {
  const paths = Array.isArray(settings.helmValues) ? settings.helmValues.filter((p): p is string => typeof p === 'string') : [];
  const commandLine = sources.commandLine ?? [];
  const results: Result[] = [];
  let files: HelmValuesFile[];
  if (commandLine.length > 0) {
    files = [...commandLine];
    if (paths.length > 0) {
      results.push({
        severity: 'info',
        message: `--helm-values ${commandLine.map((f) => f.source).join(', ')} replace the helmValues of the settings (${paths.join(', ')}), as flags replace settings.`,
        field: { path: 'helmValues' },
        tags: codeTag('KI0953'),
      });
    }
  } else {
    files = [];
    for (const path of paths) {
      const read = sources.read?.(path) ?? {
        error: 'this host reads no files; give the rendered install (helm template) in the input instead',
      };
      if ('error' in read) results.push(error(`helmValues: ${path}: ${read.error}.`, 'helmValues'));
      else files.push(read);
    }
    if (results.length > 0) return { results };
  }
  if (files.length === 0) return { results };
  const chart = settings.helmChart === 'kuma' || settings.helmChart === 'kong-mesh' ? settings.helmChart : undefined;
  const rendered = renderHelmValues(files, {
    profile,
    readYaml,
    ...(chart === undefined ? {} : { chart }),
    ...(systemNamespace === undefined ? {} : { namespace: systemNamespace }),
  });
  if (!rendered.ok) return { results: [...results, ...rendered.results] };
  const chartVersion = profile.helmChart?.kuma.version ?? '';
  const describedAs = `Helm values ${rendered.files.join(', ')} (${rendered.chart} chart ${chartVersion}, release namespace ${rendered.render.namespace})`;
  results.push(...rendered.results, {
    severity: 'info',
    message: `${describedAs}: rendered without Helm as the chart would install kuma-cp (its env, config file and mounts); the injector settings below come from it unless the input holds the rendered install. Namespace: ${systemNamespace === undefined ? `the chart's documented one; set systemNamespace if the release is installed elsewhere` : "the settings' systemNamespace"}.`,
    field: { path: 'helmValues' },
    tags: codeTag('KI0953'),
  });
  // The chart also renders the transparent-proxy ConfigMap the injector reads: its content is known from the values.
  const tproxy = rendered.render.transparentProxy;
  return {
    install: installFromHelmRender(rendered.render, describedAs, rendered.files),
    results,
    ...(tproxy === undefined ? {} : { settings: { transparentProxyConfigs: { [tproxy.name]: tproxy.config } } }),
  };
}
