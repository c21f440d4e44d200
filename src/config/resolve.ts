import type { KubeObject, Result } from '../core/types.ts';
import type { NamespaceInfo, Product, Settings, WorkloadKindRule } from '../core/settings.ts';
import { defaultSettings } from './profiles.ts';
import { DEFAULT_VERSION, previewWarning, versionProfile, type VersionProfile } from './releases.ts';
import type { ControlPlaneInstall } from '../core/cp-config/install.ts';
import { mergeSettings } from './merge.ts';
import { checkOverrides, settingsFromFunctionConfig, type SettingsBody } from './function-config.ts';
import { settingsFromControlPlaneObjects } from './control-plane-objects.ts';
import { controlPlaneInstall } from './control-plane-install.ts';
import { explainSettings, settingsDrift } from './install-precedence.ts';
import type { YamlReader } from '../core/go-yaml/yaml-node.ts';
import { RESULT_CODES, codeTag, isResultCode } from '../core/result-codes.ts';
import { refOf } from '../core/results.ts';

export interface SettingsSources {
  /** The input's objects (what gets applied). */
  items: readonly KubeObject[];
  /** Cluster state given beside the input: read as context, never output. */
  sideItems?: readonly KubeObject[];
  /** The host's YAML reader for kuma-cp's config file (go-yaml typing is done by the core). */
  readYaml?: YamlReader;
  /**
   * The install that Helm values (`--helm-values`, `helmValues:`) render, built once the release
   * and the explicit system namespace are known: used when the input and side inputs hold no
   * rendered install; compared with it (a warning per difference) when they do.
   */
  helmInstall?: (
    profile: VersionProfile,
    systemNamespace: string | undefined,
    settings: { helmValues?: unknown; helmChart?: unknown },
  ) => { install?: ControlPlaneInstall; results: Result[]; settings?: SettingsBody };
  functionConfig: KubeObject | undefined;
  /** From flags or environment variables; highest precedence. */
  overrides?: SettingsBody;
  /** Where the overrides came from, for messages (e.g. "command-line flags", "ARGOCD_ENV_*"). */
  overridesOrigin?: string;
  /**
   * What the host knows about where the bundle goes (e.g. Argo CD's destination namespace):
   * above the bundle's control-plane objects, below anything the user says.
   */
  hostDefaults?: SettingsBody;
}

export type ResolvedSettings = { ok: true; settings: Settings; results: Result[] } | { ok: false; results: Result[] };

/**
 * Settings in order of precedence: version profile defaults ← control-plane objects of the bundle
 * ← functionConfig ← overrides. All problems are reported together.
 */
export function resolveSettings(sources: SettingsSources): ResolvedSettings {
  const fromConfig = settingsFromFunctionConfig(sources.functionConfig);
  const overrides = sources.overrides ?? {};
  const overrideProblems = checkOverrides(overrides, sources.overridesOrigin ?? 'settings overrides');
  if (!fromConfig.ok || overrideProblems.length > 0) {
    return { ok: false, results: [...(fromConfig.ok ? [] : fromConfig.results), ...overrideProblems] };
  }
  const pick = <T>(key: string, fallback: T): T => (overrides[key] ?? fromConfig.body[key] ?? fallback) as T;
  const product = pick<Product>('product', 'kong-mesh');
  const version = pick<string>('version', DEFAULT_VERSION);
  const profile = defaultSettings(product, version);
  const explicitNamespace = pick<string | undefined>('systemNamespace', undefined);
  // The control plane's own install, when the input or the side inputs hold it: kuma-cp's config as it computes it.
  const helm = sources.helmInstall?.(versionProfile(version), explicitNamespace, {
    helmValues: pick<unknown>('helmValues', undefined),
    helmChart: pick<unknown>('helmChart', undefined),
  });
  if (helm !== undefined && helm.results.some((r) => r.severity === 'error')) return { ok: false, results: helm.results };
  const found = controlPlaneInstall(
    sources.items,
    sources.sideItems ?? [],
    explicitNamespace,
    String(sources.hostDefaults?.['defaultNamespace'] ?? ''),
    versionProfile(version).cpConfig,
    sources.readYaml ?? noYamlReader,
    helm?.install,
  );
  const cp = { ...found, results: [...(helm?.results ?? []), ...found.results] } as typeof found;
  if (cp.kind === 'error') return { ok: false, results: cp.results };
  // A values render also knows objects the chart creates beside kuma-cp (the transparent-proxy ConfigMap).
  const fromInstall: SettingsBody =
    cp.kind === 'chosen' && cp.outcome.ok && cp.outcome.injectorActive
      ? { ...cp.outcome.settings, ...(cp.install === helm?.install ? helm?.settings : {}) }
      : {};
  const systemNamespace = explicitNamespace ?? (fromInstall['systemNamespace'] as string | undefined) ?? profile.systemNamespace;
  const allItems = [...(sources.sideItems ?? []), ...sources.items];
  // With an install, its config file and CA come through the Deployment's mounts; the objects of the
  // system namespace still give the transparent-proxy ConfigMaps.
  const fromBundle = settingsFromControlPlaneObjects(allItems, systemNamespace, {
    configAndCa: cp.kind !== 'chosen',
    release: versionProfile(version).cpConfig,
    readYaml: sources.readYaml ?? noYamlReader,
  });
  const defaults = withoutNamedConfigMaps(inSystemNamespace(profile, systemNamespace), [
    fromBundle.body,
    sources.hostDefaults,
    fromConfig.body,
    overrides,
  ]);
  const merged = mergeSettings<Record<string, unknown>>(
    defaults as unknown as Record<string, unknown>,
    fromInstall,
    withoutIdentity(fromBundle.body),
    sources.hostDefaults,
    normalised(fromConfig.body),
    normalised(overrides),
  );
  const results = [...cp.results, ...fromBundle.results];
  if (cp.kind === 'chosen' && cp.outcome.ok && cp.outcome.injectorActive) {
    results.push(
      ...settingsDrift(cp.install, cp.outcome, [
        {
          body: fromConfig.body,
          origin:
            sources.functionConfig === undefined
              ? 'settings'
              : `functionConfig ${sources.functionConfig.kind} ${sources.functionConfig.metadata.name ?? ''}`,
        },
        { body: overrides, origin: sources.overridesOrigin ?? 'settings overrides' },
      ]),
    );
  }
  if (merged['explainSettings'] === true || (cp.kind === 'chosen' && cp.outcome.ok && cp.outcome.injectorActive)) {
    results.push(
      ...explainSettings(
        profile as unknown as Record<string, unknown>,
        [
          {
            body: cp.kind === 'chosen' && cp.outcome.ok ? fromInstall : {},
            origin: cp.kind === 'chosen' ? `the control plane's install (${cp.install.describedAs})` : '',
            install: cp.kind === 'chosen' && cp.outcome.ok ? cp.outcome : undefined,
          },
          { body: withoutIdentity(fromBundle.body), origin: 'control-plane objects of the input' },
          { body: sources.hostDefaults ?? {}, origin: 'the host' },
          {
            body: normalised(fromConfig.body),
            origin:
              sources.functionConfig === undefined
                ? 'settings'
                : `functionConfig ${sources.functionConfig.kind} ${sources.functionConfig.metadata.name ?? ''}`,
          },
          { body: normalised(overrides), origin: sources.overridesOrigin ?? 'settings overrides' },
        ],
        merged,
      ),
    );
  }
  const ignoreProblems = checkIgnore((merged['ignore'] as string[] | undefined) ?? [], sources.functionConfig);
  if (ignoreProblems.some((r) => r.severity === 'error'))
    return { ok: false, results: ignoreProblems.filter((r) => r.severity === 'error') };
  results.push(...ignoreProblems);
  const preview = previewWarning(versionProfile(version));
  if (preview !== undefined)
    results.push({ severity: 'warning', message: `settings, version: ${preview}.`, field: { path: 'version' }, tags: codeTag('KI0112') });
  return { ok: true, settings: merged as unknown as Settings, results };
}

/** Without a host YAML reader kuma-cp's config file cannot be read: it is reported unknown. */
const noYamlReader: YamlReader = () => ({ ok: false, error: 'no YAML reader was given to read it' });

/**
 * A transparent-proxy ConfigMap the bundle or the user gives replaces the chart's default content
 * of the same name as a whole (the injector overlays it on its built-in defaults, never on Helm's).
 */
function withoutNamedConfigMaps(profile: Settings, layers: readonly (SettingsBody | undefined)[]): Settings {
  const named = new Set(layers.flatMap((layer) => Object.keys((layer?.['transparentProxyConfigs'] ?? {}) as object)));
  if (named.size === 0) return profile;
  const kept = Object.fromEntries(Object.entries(profile.transparentProxyConfigs).filter(([name]) => !named.has(name)));
  return { ...profile, transparentProxyConfigs: kept };
}

/**
 * `ignore:` acknowledges warnings and infos only: an entry naming a code that is only ever an
 * error is refused (errors cannot be silenced), one naming no known code is pointed out.
 */
function checkIgnore(entries: readonly string[], config: KubeObject | undefined): Result[] {
  const results: Result[] = [];
  entries.forEach((entry, index) => {
    const code = entry.split('@')[0] ?? '';
    const where = config === undefined ? {} : { resourceRef: refOf(config) };
    const origin = config === undefined ? 'settings' : `functionConfig ${config.kind} ${config.metadata.name ?? ''}`;
    if (!isResultCode(code)) {
      results.push({
        severity: 'warning',
        message: `${origin}, ignore[${index}]: no finding has the code ${code} (got "${entry}"); it acknowledges nothing. See functions/kuma-inject/result-codes.md for the codes.`,
        field: { path: `ignore[${index}]` },
        tags: codeTag('KI0111'),
        ...where,
      });
      return;
    }
    const severities: readonly string[] = RESULT_CODES[code].severities;
    if (severities.every((s) => s === 'error')) {
      results.push({
        severity: 'error',
        message: `${origin}, ignore[${index}]: ${code} is an error (got "${entry}"); errors cannot be ignored, only warnings and infos. Remove the entry and fix the error it reports.`,
        field: { path: `ignore[${index}]` },
        tags: codeTag('KI0110'),
        ...where,
      });
    }
  });
  return results;
}

/** Product and version are chosen by the user, never by a control-plane object of the bundle. */
function withoutIdentity(body: SettingsBody): SettingsBody {
  const { product: _p, version: _v, ...rest } = body;
  return rest;
}

/** Fills the user's shorthand forms into the shapes of Settings (the version became `release`). */
function normalised(body: SettingsBody): SettingsBody {
  const { version: _v, ...out }: SettingsBody = { ...body };
  const kinds = body['workloadKinds'] as Array<{ group?: string; kind: string; templatePath: string }> | undefined;
  if (kinds !== undefined) {
    out['workloadKinds'] = kinds.map((rule): WorkloadKindRule => ({
      group: rule.group ?? '*',
      kind: rule.kind,
      templatePath: rule.templatePath.split('.').filter((part) => part !== ''),
    }));
  }
  const namespaces = body['namespaces'] as Record<string, Partial<NamespaceInfo>> | undefined;
  if (namespaces !== undefined) {
    out['namespaces'] = Object.fromEntries(
      Object.entries(namespaces).map(([name, info]) => [name, { labels: info.labels ?? {}, annotations: info.annotations ?? {} }]),
    );
  }
  return out;
}

/**
 * The profile moved to another system namespace: kuma-cp builds its own address from
 * `store.kubernetes.systemNamespace`, so the default address follows it (an explicit
 * `controlPlane.address` in any layer still wins).
 */
function inSystemNamespace(profile: Settings, systemNamespace: string): Settings {
  if (systemNamespace === profile.systemNamespace) return profile;
  const address = profile.controlPlane.address.replace(`.${profile.systemNamespace}:`, `.${systemNamespace}:`);
  return { ...profile, systemNamespace, controlPlane: { ...profile.controlPlane, address } };
}
