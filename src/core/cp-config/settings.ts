import type { Result, Severity } from '../types.ts';
import { refOf } from '../results.ts';
import { codeTag, type ResultCode } from '../result-codes.ts';
import { nearestName } from '../nearest-name.ts';
import type { ControlPlaneInstall, InstallDerived, InstallLookups, InstallSettingsOutcome, KeySource } from './install.ts';
import type { CpConfigRelease } from './key-table.ts';
import { plainValue, type CpValue, type CpValues } from './config-values.ts';
import { loadCpConfig, type LoadRequest } from './load.ts';
import { resolveInstallEnv } from './install-env.ts';
import { readMountedFile } from './mounted-file.ts';

/**
 * kuma-cp's effective config for an install (Go defaults ← config file ← env, PostProcess,
 * Validate) and the injector settings that follow from it, with every finding on the way: values
 * only the cluster knows, `KUMA_*` names kuma-cp ignores, config-file keys the env shadows, a config
 * kuma-cp would refuse to start with, where the CA comes from.
 */

const INJ = 'runtime.kubernetes.injector.';

/** Injector keys kuma-cp has that do not go into the injector settings (read elsewhere, or without effect on pods). */
const NOT_INJECTOR_SETTINGS: ReadonlySet<string> = new Set([
  `${INJ}sidecarContainer.adminPort`, // deprecated, unused
  `${INJ}caCertFile`, // its content is the CA (controlPlane.caCert)
  `${INJ}spire.socketFileName`, // MeshIdentity provider only
  `${INJ}nodeLabelsToCopy`, // the Pod → Dataplane converter's
  `${INJ}ignoredServiceSelectorLabels`,
]);

/**
 * The config keys that reach the injector or the Pod → Dataplane converter (the spec's key table):
 * an unknown value for one of them changes what kuma-inject would write; for any other key it does not.
 */
function reachesInjection(path: string): boolean {
  return path.startsWith(INJ) || REACHES_INJECTION.has(path);
}

const REACHES_INJECTION: ReadonlySet<string> = new Set([
  'runtime.kubernetes.workloadLabels',
  'runtime.kubernetes.disallowMultipleMeshesPerNamespace',
  'runtime.kubernetes.skipMeshOwnerReference',
  'runtime.kubernetes.controlPlaneServiceName',
  'store.kubernetes.systemNamespace',
  'dpServer.port',
  'bootstrapServer.params.adminPort',
  'bootstrapServer.params.readinessPort',
  'bootstrapServer.params.envoyAdminUnixSocket',
  'experimental.sidecarContainers',
  'experimental.deltaXds',
  'experimental.inboundTagsDisabled',
  'experimental.kubeOutboundsAsVIPs',
  'mode',
  'environment',
  'multizone.zone.name',
  'multizone.zone.globalAddress',
  'defaults.skipMeshCreation',
]);

function finding(install: ControlPlaneInstall, code: ResultCode, severity: Severity, message: string, field?: string): Result {
  const result: Result = { severity, message: `${install.describedAs}: ${message}`, tags: codeTag(code) };
  if (install.object !== undefined) result.resourceRef = refOf(install.object);
  if (field !== undefined) result.field = { path: field };
  return result;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1] as string] = value;
}

function show(value: CpValue | undefined): string {
  return value === undefined ? 'unset' : JSON.stringify(plainValue(value));
}

/**
 * The settings body (KumaInject's shape) that kuma-cp's effective config means for injection, and
 * for each settings leaf the config path it comes from.
 */
function settingsOf(values: CpValues, from: Record<string, string>): Record<string, unknown> {
  const get = (path: string) => (values.has(path) ? plainValue(values.get(path) as CpValue) : undefined);
  const body: Record<string, unknown> = {};
  const injector: Record<string, unknown> = {};
  for (const path of values.keys()) {
    if (!path.startsWith(INJ) || NOT_INJECTOR_SETTINGS.has(path)) continue;
    setPath(injector, path.slice(INJ.length).split('.'), get(path));
    from[`injector.${path.slice(INJ.length)}`] = path;
  }
  body['injector'] = injector;
  Object.assign(from, {
    systemNamespace: 'store.kubernetes.systemNamespace',
    'controlPlane.address': 'runtime.kubernetes.controlPlaneServiceName',
    sidecarContainers: 'experimental.sidecarContainers',
    deltaXds: 'experimental.deltaXds',
    'bootstrap.adminPort': 'bootstrapServer.params.adminPort',
    'bootstrap.readinessPort': 'bootstrapServer.params.readinessPort',
    'bootstrap.envoyAdminUnixSocket': 'bootstrapServer.params.envoyAdminUnixSocket',
    zone: 'multizone.zone.name',
    'dataplane.nodeLabelsToCopy': `${INJ}nodeLabelsToCopy`,
    'dataplane.ignoredServiceSelectorLabels': `${INJ}ignoredServiceSelectorLabels`,
    'dataplane.workloadLabels': 'runtime.kubernetes.workloadLabels',
    'dataplane.kubeOutboundsAsVIPs': 'experimental.kubeOutboundsAsVIPs',
    'dataplane.inboundTagsDisabled': 'experimental.inboundTagsDisabled',
    meshes: 'defaults.skipMeshCreation',
    'controlPlane.caCert': `${INJ}caCertFile`,
  });
  const systemNamespace = String(get('store.kubernetes.systemNamespace'));
  body['systemNamespace'] = systemNamespace;
  body['controlPlane'] = {
    address: `https://${String(get('runtime.kubernetes.controlPlaneServiceName'))}.${systemNamespace}:${String(get('dpServer.port'))}`,
  };
  body['sidecarContainers'] = get('experimental.sidecarContainers');
  body['deltaXds'] = get('experimental.deltaXds');
  const bootstrap: Record<string, unknown> = { adminPort: get('bootstrapServer.params.adminPort') };
  for (const key of ['readinessPort', 'envoyAdminUnixSocket'])
    if (values.has(`bootstrapServer.params.${key}`)) bootstrap[key] = get(`bootstrapServer.params.${key}`);
  body['bootstrap'] = bootstrap;
  body['zone'] = get('multizone.zone.name');
  const dataplane: Record<string, unknown> = {
    nodeLabelsToCopy: get(`${INJ}nodeLabelsToCopy`),
    ignoredServiceSelectorLabels: get(`${INJ}ignoredServiceSelectorLabels`),
    workloadLabels: get('runtime.kubernetes.workloadLabels'),
    kubeOutboundsAsVIPs: get('experimental.kubeOutboundsAsVIPs'),
  };
  if (values.has('experimental.inboundTagsDisabled')) dataplane['inboundTagsDisabled'] = get('experimental.inboundTagsDisabled');
  body['dataplane'] = dataplane;
  // kuma-cp creates Mesh "default" at start unless told not to, or when it is a zone federated with a global.
  const federatedZone = get('mode') === 'zone' && get('multizone.zone.globalAddress') !== '' && get('multizone.zone.name') !== '';
  if (get('defaults.skipMeshCreation') === true || federatedZone) body['meshes'] = [];
  return body;
}

export function settingsFromInstall(
  install: ControlPlaneInstall,
  lookups: InstallLookups,
  release: CpConfigRelease,
): InstallSettingsOutcome {
  const findings: Result[] = [];
  if ((install.invalid ?? []).length > 0) {
    for (const problem of install.invalid ?? []) {
      findings.push(
        finding(
          install,
          'KI0916',
          'error',
          `container env: ${problem.field}: ${problem.message}. The API server refuses the Deployment as written, so this control plane never runs; fix the manifest.`,
          problem.field,
        ),
      );
    }
    return { ok: false, findings };
  }
  const byEnv = new Map(release.keys.filter((k) => k.env !== null).map((k) => [k.env as string, k]));
  const knownNames = [...byEnv.keys()];
  const env = resolveInstallEnv(install, lookups);
  for (const problem of env.unknownSources)
    findings.push(
      finding(install, 'KI0905', 'warning', `${problem}. Add it as a side input (--cluster-state) if it sets KUMA_* variables.`),
    );
  for (const note of install.unknowns) findings.push(finding(install, 'KI0905', 'warning', note));

  const known = new Map<string, string>();
  let runtimeOnly = 0;
  for (const [name, variable] of env.vars) {
    const key = byEnv.get(name);
    if (key === undefined) {
      if (name.toUpperCase().startsWith('KUMA_')) {
        const near = nearestName(name, knownNames);
        const hint =
          name !== name.toUpperCase() && byEnv.has(name.toUpperCase())
            ? ` (variable names are case-sensitive: kuma-cp reads ${name.toUpperCase()})`
            : near === undefined
              ? ''
              : ` (did you mean ${near}?)`;
        findings.push(
          finding(
            install,
            'KI0904',
            'warning',
            `${variable.from} ${name} is not a variable this kuma-cp release reads; kuma-cp ignores it${hint}. Correct or remove it.`,
            `env.${name}`,
          ),
        );
      }
      continue;
    }
    if (variable.value === undefined) {
      if (!reachesInjection(key.path)) {
        runtimeOnly++;
        continue;
      }
      findings.push(
        finding(
          install,
          'KI0905',
          'warning',
          `${variable.from} ${name} sets ${key.path}, but its value is unknown offline: ${variable.unknown ?? ''}. kuma-inject keeps the file or default value for it; give the object as a side input (--cluster-state) or set the injector setting in KumaInject.`,
          `env.${name}`,
        ),
      );
      continue;
    }
    known.set(name, variable.value);
  }

  let file: LoadRequest['file'];
  const config = install.configFile;
  if (config.kind === 'text') {
    const read = lookups.readYaml(config.text);
    file = read.ok ? { path: config.path, node: read.node } : { path: config.path, syntaxError: read.error };
  } else if (config.kind === 'unknown') {
    findings.push(
      finding(
        install,
        'KI0906',
        'warning',
        `kuma-cp's config file ${config.path} is unknown (${config.reason}); settings come from the env and kuma-cp's defaults only.`,
      ),
    );
  }

  const loaded = loadCpConfig({ release, start: 'defaults', env: known, ...(file === undefined ? {} : { file }) });
  if (!loaded.ok) {
    const f = loaded.failure;
    const where =
      f.env !== undefined
        ? `the env var ${f.env} (${env.vars.get(f.env)?.from ?? 'env'})`
        : f.stage === 'file' && config.kind === 'text'
          ? `${f.path === '' ? 'the config file' : `the config key ${f.path}`} (${config.from})`
          : `the config key ${f.path}${envOf(release, f.path)}`;
    findings.push(
      finding(
        install,
        'KI0902',
        'error',
        `kuma-cp would not start: ${f.message}. Fix ${where}; until then no injector answers, so nothing is injected here either.`,
        f.env !== undefined ? `env.${f.env}` : f.path,
      ),
    );
    return { ok: false, findings };
  }

  if (config.kind === 'text') {
    for (const key of loaded.unknownFileKeys)
      findings.push(finding(install, 'KI0915', 'warning', `${config.from}: ${unknownKeyMessage(key, release)}`));
  }

  const effective: Record<string, unknown> = {};
  const sources: Record<string, KeySource> = {};
  for (const [path, value] of loaded.values) {
    effective[path] = plainValue(value);
    const envName = loaded.envKeys.get(path);
    const fileKey = loaded.fileKeys.get(path);
    sources[path] =
      envName !== undefined ? { kind: 'env', name: envName } : fileKey !== undefined ? { kind: 'file', key: fileKey } : { kind: 'default' };
    if (envName !== undefined && fileKey !== undefined && config.kind === 'text') {
      findings.push(
        finding(
          install,
          'KI0903',
          'warning',
          `${config.from}: key ${fileKey} (${show(loaded.fileValues.get(path))}) has no effect: the env var ${envName} (${env.vars.get(envName)?.from ?? 'env'}) sets ${path} to ${show(value)}, and kuma-cp's env always wins over its config file. Remove the key, or change ${envName}.`,
          `env.${envName}`,
        ),
      );
    }
  }

  const mode = String(effective['mode']);
  const environment = String(effective['environment']);
  const settingsFrom: Record<string, string> = {};
  const settings = settingsOf(loaded.values, settingsFrom);
  const federated = mode === 'zone' && effective['multizone.zone.globalAddress'] !== '' && effective['multizone.zone.name'] !== '';
  const caFile = String(effective[`${INJ}caCertFile`] ?? '');
  const ca = caFile === '' ? undefined : readMountedFile(caFile, install, lookups);
  const caKnown = ca?.kind === 'found' && ca.text.includes('-----BEGIN CERTIFICATE-----');
  const derived: InstallDerived = {
    injectorRegistered: environment === 'kubernetes' && mode !== 'global',
    podControllerRunning: environment === 'kubernetes' && mode !== 'global',
    controlPlaneURL: (settings['controlPlane'] as { address: string }).address,
    caCert: {
      file: caFile,
      ...(ca?.volume === undefined ? {} : { volume: ca.volume }),
      ...(ca?.from === undefined ? {} : { from: ca.from }),
      inBundle: ca?.kind === 'found',
      value: ca === undefined ? '' : caKnown && ca.kind === 'found' ? ca.text : 'unknown',
    },
    nativeSidecars: { setting: effective['experimental.sidecarContainers'] === true },
    envoyAdmin: {
      port: Number(effective['bootstrapServer.params.adminPort']),
      ...('bootstrapServer.params.readinessPort' in effective
        ? { readinessPort: Number(effective['bootstrapServer.params.readinessPort']) }
        : {}),
      ...('bootstrapServer.params.envoyAdminUnixSocket' in effective
        ? { unixSocket: effective['bootstrapServer.params.envoyAdminUnixSocket'] === true }
        : {}),
    },
    federatedZone: federated,
    defaultMeshCreatedByControlPlane: effective['defaults.skipMeshCreation'] !== true && !federated,
    zoneTag: String(effective['multizone.zone.name']),
  };
  if (!derived.injectorRegistered) {
    const why = environment !== 'kubernetes' ? `its environment is ${environment}` : 'it runs in global mode';
    findings.push(
      finding(
        install,
        'KI0908',
        'info',
        `this control plane registers no sidecar injector (${why}); no injector settings are derived from it.`,
      ),
    );
    return { ok: true, injectorActive: false, effective, sources, derived, settings: {}, settingsFrom: {}, findings };
  }

  if (Array.isArray(settings['meshes'])) {
    const why =
      effective['defaults.skipMeshCreation'] === true
        ? 'defaults.skipMeshCreation is true'
        : `it is a zone federated with the global control plane at ${String(effective['multizone.zone.globalAddress'])}`;
    findings.push(
      finding(
        install,
        'KI0912',
        'info',
        `kuma-cp does not create Mesh "default" (${why}): workloads of that mesh are rejected by the injector unless the Mesh exists; add it to the input or list it in meshes.`,
      ),
    );
  }

  // The CA: the content of the file caCertFile names, read once at start.
  if (ca === undefined) settings['controlPlane'] = { ...(settings['controlPlane'] as object), caCert: '' };
  else {
    if (caKnown && ca.kind === 'found') {
      settings['controlPlane'] = { ...(settings['controlPlane'] as object), caCert: ca.text };
    } else {
      const reason = ca.kind === 'found' ? `${ca.from} holds no PEM certificate` : ca.reason;
      findings.push(
        finding(
          install,
          'KI0907',
          'info',
          `the CA the injector gives sidecars is the file ${caFile}${ca.from === undefined ? '' : ` (${ca.from})`}, which is unknown offline: ${reason}. Give it with --ca-cert-file or controlPlane.caCert, or add that Secret as a side input (--cluster-state).`,
        ),
      );
    }
  }

  const fromEnv = [...loaded.envKeys.values()].length;
  const fromFile = [...loaded.fileKeys.keys()].filter((p) => !loaded.envKeys.has(p)).length;
  const origin =
    install.origin.kind === 'side-input'
      ? ` (side input ${install.origin.source}, never output)`
      : install.origin.kind === 'helm-values'
        ? ''
        : ' (in the input, kept as it is)';
  // A CA the chart generated at render time (genCA) is the running one only if this very render is what was applied.
  const caNote =
    caKnown && ca?.from !== undefined
      ? `; the CA from ${ca.from} (if the chart generated it when rendering, it is the cluster's only when this render is the one applied)`
      : '';
  findings.push(
    finding(
      install,
      'KI0901',
      'info',
      `injector settings derived from this control plane${origin}: ${fromEnv} config key(s) set by env, ${fromFile} by the config file${config.kind === 'text' ? ` (${config.from})` : ''}, the rest kuma-cp's defaults${caNote}${runtimeOnly === 0 ? '' : `; ${runtimeOnly} variable(s) known only in the running pod set keys that do not reach the injector`}.`,
    ),
  );
  return { ok: true, injectorActive: true, effective, sources, derived, settings, settingsFrom, findings };
}

/**
 * A config-file key with no field behind it (kuma-cp ignores it, non-strict): the nearest field name
 * at the same level, matched as kuma-cp matches keys (case-insensitively).
 */
function unknownKeyMessage(written: string, release: CpConfigRelease): string {
  const parts = written.split('.');
  const parent = parts.slice(0, -1).join('.').toLowerCase();
  const siblings = [
    ...new Set(
      release.keys
        .map((k) => k.path)
        .filter((p) => parent === '' || p.toLowerCase().startsWith(`${parent}.`))
        .map((p) => p.split('.')[parts.length - 1] as string),
    ),
  ];
  const near = nearestName(parts[parts.length - 1] as string, siblings);
  return `key ${written} is not a kuma-cp setting, so kuma-cp ignores it${near === undefined ? '' : ` (did you mean ${[...parts.slice(0, -1), near].join('.')}?)`}. Correct or remove it.`;
}

function envOf(release: CpConfigRelease, path: string): string {
  const env = release.keys.find((k) => k.path === path)?.env;
  return env === null || env === undefined ? '' : ` (env var ${env})`;
}

/**
 * kuma-cp's config file on its own (the `<release>-control-plane-config` ConfigMap without the
 * Deployment that mounts it): read with kuma-cp's rules, but only the keys the chart does not set
 * by env on every install become settings; each key the chart's env shadows is a warning, because
 * kuma-cp ignores it unless the Deployment was changed. The Deployment, when given, says for sure.
 */
export function settingsFromConfigFile(
  text: string,
  from: string,
  release: CpConfigRelease,
  readYaml: InstallLookups['readYaml'],
): { ok: true; settings: Record<string, unknown>; findings: Result[] } | { ok: false; error: string } {
  const read = readYaml(text);
  const file = read.ok ? { path: 'config.yaml', node: read.node } : { path: 'config.yaml', syntaxError: read.error };
  const loaded = loadCpConfig({ release, start: 'defaults', env: new Map(), validate: false, file });
  if (!loaded.ok) return { ok: false, error: loaded.failure.message.replace("parsing configuration from file 'config.yaml' failed: ", '') };
  const shadowedByChart = new Set(release.chartEnv);
  const unknown: Result[] = loaded.unknownFileKeys.map((key) => ({
    severity: 'warning',
    message: `${from}: ${unknownKeyMessage(key, release)}`,
    field: { path: 'data.config.yaml' },
    tags: codeTag('KI0915'),
  }));
  const byPath = new Map(release.keys.map((k) => [k.path, k]));
  const findings: Result[] = [...unknown];
  const kept = new Set<string>();
  for (const [path, key] of loaded.fileKeys) {
    if (!shadowedByChart.has(path)) {
      kept.add(path);
      continue;
    }
    findings.push({
      severity: 'warning',
      message: `${from}: key ${key} (${show(loaded.fileValues.get(path))}) is not applied: the Helm chart sets ${path} by the env var ${byPath.get(path)?.env ?? '?'} on every install, and kuma-cp's env wins over its config file. Set it through the chart's value for it (or controlPlane.envVars), or add the kuma-cp Deployment to the input or the side inputs so kuma-inject reads the env it really has.`,
      field: { path: 'data.config.yaml' },
      tags: codeTag('KI0903'),
    });
  }
  const origins: Record<string, string> = {};
  const body = settingsOf(loaded.values, origins);
  const settings: Record<string, unknown> = {};
  for (const [leaf, configPath] of Object.entries(origins)) {
    if (!kept.has(configPath) || leaf === 'controlPlane.address' || leaf === 'controlPlane.caCert' || leaf === 'meshes') continue;
    const value = leaf.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], body);
    if (value !== undefined) setPath(settings, leaf.split('.'), value);
  }
  return { ok: true, settings, findings };
}
