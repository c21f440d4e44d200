import { KUMA_HOOKS, type KumaChart, type WrappingChart } from './chart.ts';
import { defaultEnvDict, formatImage, transparentProxyConfigMapName, type TemplateContext } from './default-env.ts';
import { goPrint, isEmpty, rereadPlain, templateText } from './go-text.ts';
import { coalesceGlobals, coalesceValues } from './merge-values.ts';
import { describeValue, RenderFailure, TemplateValues } from './template-values.ts';
import { deepCopy, getKey, isTable, sortedKeys, type HelmMap, type HelmValue } from './values.ts';

/**
 * Helm values ⇒ the kuma-cp container the chart would render, without Helm: the env list
 * (cp-deployment.yaml + `kuma.defaultEnv`, spec §3.1–3.4), the config file text (cp-configmap.yaml),
 * the volumes mounted into the container, the CP image, and what only the cluster knows (the CA the
 * chart makes with `lookup`/`genCA`, the one cert-manager writes, a parent chart's hidden env).
 */

/** An env entry as the Deployment lists it (`value` absent means ""). */
export interface RenderedEnvVar {
  name: string;
  value?: string;
  valueFrom?: { [key: string]: unknown };
}

interface RenderedMount {
  mountPath: string;
  subPath?: string;
  volume: string;
  source: { kind: 'secret'; name: string } | { kind: 'configMap'; name: string } | { kind: 'other'; type: string };
}

/** A ConfigMap the chart renders beside the Deployment (`controlPlane.extraConfigMaps[].values`). */
interface RenderedConfigMap {
  name: string;
  data: Record<string, string>;
}

export interface HelmRender {
  /** `kuma.name`. */
  name: string;
  namespace: string;
  /** False when `controlPlane.environment` is `universal` (no injector) — the env says so too. */
  kubernetesEnvironment: boolean;
  deploymentName: string;
  controlPlaneImage: string;
  env: RenderedEnvVar[];
  /** The `config.yaml` of ConfigMap `<name>-control-plane-config`, mounted at /etc/kuma.io/kuma-control-plane. */
  config: { configMapName: string; path: string; text: string };
  mounts: RenderedMount[];
  configMaps: RenderedConfigMap[];
  /** Secrets the container mounts whose content only the cluster will have. */
  unknownSecrets: { name: string; reason: string }[];
  /** Things this render cannot know, worded for users. */
  unknowns: string[];
  /** Helm's own warnings while coalescing (a table meeting a non-table). */
  warnings: string[];
  /** Values the chart renders otherwise than they read (an envVars `false` losing to the default, `1e+06`). */
  pitfalls: string[];
  /**
   * The transparent-proxy ConfigMap the chart renders in the release namespace when
   * `transparentProxy.configMap.enabled` (cp-configmap.yaml: `config.yaml` = `toYaml .config`),
   * as the mapping the injector reads from it.
   */
  transparentProxy?: { name: string; config: Record<string, unknown> };
}

export interface RenderInput {
  chart: KumaChart;
  /** The wrapping chart when the values are Kong Mesh's (`kuma:` nested). */
  parent?: WrappingChart;
  /** The user's values, every file already layered with `mergeMaps`. */
  values: HelmMap;
  /** Release namespace; the chart's documented one when absent. */
  namespace?: string;
}

export type RenderOutcome = { ok: true; render: HelmRender } | { ok: false; error: string; valuesPath?: string };

const CONFIG_DIR = '/etc/kuma.io/kuma-control-plane';
const TLS_DIR = '/var/run/secrets/kuma.io/tls-cert';
const ZONE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** The kuma chart's values after Helm's coalescing (through the parent chart when there is one). */
function effectiveValues(input: RenderInput, warn: (message: string) => void): HelmMap {
  if (input.parent === undefined) return coalesceValues(input.chart.values, input.values, warn);
  const parent = coalesceValues(input.parent.values, input.values, warn);
  const nested = getKey(parent, input.parent.subchartKey);
  if (nested !== undefined && nested !== null && !isTable(nested)) {
    throw new RenderFailure(
      `${input.parent.subchartKey} is ${describeValue(nested)}; the ${input.parent.name} chart needs the kuma chart's values as a map under it`,
      input.parent.subchartKey,
    );
  }
  const sub = isTable(nested) ? (deepCopy(nested) as HelmMap) : {};
  coalesceGlobals(sub, parent, warn);
  return coalesceValues(input.chart.values, sub, warn, input.parent.subchartKey);
}

/** `kuma.name`: nameOverride or the chart name, at most 63 characters, no trailing `-`. */
function chartName(v: TemplateValues): string {
  const override = v.get('nameOverride');
  const name = isEmpty(override) ? KUMA_HOOKS.chartName : override;
  if (typeof name !== 'string') throw new RenderFailure(`nameOverride is ${describeValue(name as HelmValue)}, not text`, 'nameOverride');
  const cut = name.slice(0, 63).replace(/-$/, '');
  if (!DNS_NAME.test(cut))
    throw new RenderFailure(
      `nameOverride ${JSON.stringify(name)} gives object names Kubernetes refuses (lower-case letters, digits, '-' and '.')`,
      'nameOverride',
    );
  return cut;
}

/** The `fail` checks of cp-deployment.yaml and cp-webhooks-and-secrets.yaml (cert-manager's where values decide). */
function checks(ctx: TemplateContext): void {
  const { v } = ctx;
  const general = 'controlPlane.tls.general';
  if (v.truthy(`${general}.certManager.enabled`) && (v.truthy(`${general}.secretName`) || v.truthy(`${general}.caBundle`))) {
    throw new RenderFailure(
      'When controlPlane.tls.general.certManager.enabled is true, secretName and caBundle must be empty',
      `${general}.certManager.enabled`,
    );
  }
  if (isEmpty(v.get(`${general}.caBundle`)) !== isEmpty(v.get(`${general}.secretName`))) {
    throw new RenderFailure(
      'You need to send both or neither of controlPlane.tls.general.caBundle and controlPlane.tls.general.secretName',
      `${general}.secretName`,
    );
  }
  const mode = v.get('controlPlane.mode');
  if (!(mode === 'zone' || mode === 'global' || mode === 'standalone')) {
    throw new RenderFailure(
      `controlPlane.mode invalid got:'${templateText(mode)}' supported values: global,zone,standalone`,
      'controlPlane.mode',
    );
  }
  if (mode === 'zone') {
    const zone = v.get('controlPlane.zone');
    if (!isEmpty(zone)) {
      const text = v.text('controlPlane.zone') as string;
      if (text.length > 253) throw new RenderFailure('controlPlane.zone must be no more than 253 characters', 'controlPlane.zone');
      if (!ZONE_NAME.test(text)) {
        throw new RenderFailure(
          "controlPlane.zone must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
          'controlPlane.zone',
        );
      }
    }
    if (!isEmpty(v.get('controlPlane.kdsGlobalAddress'))) {
      const address = v.text('controlPlane.kdsGlobalAddress') as string;
      const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(address)?.[1]?.toLowerCase();
      if (scheme !== 'grpcs' && scheme !== 'grpc') {
        throw new RenderFailure(
          `controlPlane.kdsGlobalAddress must be a url with scheme grpcs:// or grpc:// got:'${address}'`,
          'controlPlane.kdsGlobalAddress',
        );
      }
    }
  } else {
    if (!isEmpty(v.get('controlPlane.zone')))
      throw new RenderFailure("Can't specify a controlPlane.zone when controlPlane.mode!='zone'", 'controlPlane.zone');
    if (!isEmpty(v.get('controlPlane.kdsGlobalAddress')))
      throw new RenderFailure(
        "Can't specify a controlPlane.kdsGlobalAddress when controlPlane.mode!='zone'",
        'controlPlane.kdsGlobalAddress',
      );
  }
  if (
    ctx.rules.certManagerDnsNamesFromValues &&
    v.truthy(`${general}.certManager.enabled`) &&
    v.is('controlPlane.environment', 'kubernetes')
  ) {
    const names = v.get(`${general}.certManager.dnsNames`);
    if (isEmpty(names))
      throw new RenderFailure('controlPlane.tls.general.certManager.dnsNames must not be empty', `${general}.certManager.dnsNames`);
    if (Array.isArray(names) && names.some((n) => n === '' || n === null)) {
      throw new RenderFailure(
        'controlPlane.tls.general.certManager.dnsNames must not contain empty strings',
        `${general}.certManager.dnsNames`,
      );
    }
  }
}

/** A name or text the chart prints unquoted into the Deployment: it must read back as the same string. */
function plainText(value: HelmValue | undefined, path: string): string {
  const text = templateText(value);
  const read = rereadPlain(text);
  if (!read.ok || typeof read.value !== 'string') {
    throw new RenderFailure(
      `${path} (${JSON.stringify(text)}) is written unquoted into the Deployment and does not read back as that text; use a plain name`,
      path,
    );
  }
  return read.value;
}

/** `controlPlane.envVarEntries`: written verbatim (`toYaml`) before the chart's own entries. */
function envVarEntries(v: TemplateValues): RenderedEnvVar[] {
  const entries = v.get('controlPlane.envVarEntries');
  if (isEmpty(entries)) return [];
  if (!Array.isArray(entries))
    throw new RenderFailure('controlPlane.envVarEntries is not a list of env entries', 'controlPlane.envVarEntries');
  return entries.map((entry, i) => {
    const path = `controlPlane.envVarEntries[${i}]`;
    if (!isTable(entry) || typeof getKey(entry, 'name') !== 'string')
      throw new RenderFailure(`${path} is not an env entry with a name`, path);
    const value = getKey(entry, 'value');
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw new RenderFailure(
        `${path}.value is ${describeValue(value)}; the API server refuses a non-text env value, quote it`,
        `${path}.value`,
      );
    }
    const out: RenderedEnvVar = { name: getKey(entry, 'name') as string };
    if (typeof value === 'string') out.value = value;
    const from = getKey(entry, 'valueFrom');
    if (isTable(from)) out.valueFrom = plainData(from) as { [key: string]: unknown };
    return out;
  });
}

/** Values as plain JSON data (an int64 from `--set` as a number). */
function plainData(value: HelmValue): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plainData);
  if (isTable(value)) return Object.fromEntries(sortedKeys(value).map((k) => [k, plainData(value[k] as HelmValue)]));
  return value;
}

/** cp-deployment.yaml's container env: envVarEntries, the merged chart defaults + envVars sorted by name, secrets, three fixed entries. */
function renderEnv(ctx: TemplateContext, pitfalls: string[]): RenderedEnvVar[] {
  const { v } = ctx;
  const defaults = defaultEnvDict(ctx);
  const envVars = v.get('controlPlane.envVars');
  if (envVars !== undefined && envVars !== null && !isTable(envVars))
    throw new RenderFailure('controlPlane.envVars is not a map of variable names to values', 'controlPlane.envVars');
  // sprig merge = mergo.Merge(envVars, defaults) without override: a default fills a missing or empty entry.
  const merged = new Map<string, HelmValue>();
  if (isTable(envVars)) for (const key of Object.keys(envVars)) merged.set(key, deepCopy(envVars[key] as HelmValue));
  for (const [name, value] of defaults) {
    if (value === null) continue;
    const current = merged.get(name);
    if (current !== undefined && isEmpty(current)) {
      pitfalls.push(
        `controlPlane.envVars.${name} is ${describeValue(current)}, which the chart's merge counts as empty: it renders its own ${name}="${goPrint(value)}" instead. Write the value as quoted text (e.g. "false") to override it`,
      );
    }
    if (current === undefined || isEmpty(current)) merged.set(name, value);
  }
  for (const [name, value] of merged) {
    if (typeof value === 'number' && /e/.test(goPrint(value))) {
      pitfalls.push(
        `controlPlane.envVars.${name} is the number ${JSON.stringify(value)}, which the chart renders as "${goPrint(value)}" (Go's %v of a float64); kuma-cp cannot read that as an integer. Quote it in the values file ("${String(value)}")`,
      );
    }
  }
  const env = envVarEntries(v);
  for (const name of [...merged.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const value = merged.get(name) as HelmValue;
    const entry: RenderedEnvVar = { name: plainText(name, `controlPlane.envVars key ${name}`) };
    if (value !== null) entry.value = goPrint(value);
    env.push(entry);
  }
  const secrets = v.get('controlPlane.secrets');
  if (!isEmpty(secrets)) {
    if (!Array.isArray(secrets))
      throw new RenderFailure('controlPlane.secrets is not a list of {Env, Secret, Key}', 'controlPlane.secrets');
    secrets.forEach((element, i) => {
      const path = `controlPlane.secrets[${i}]`;
      if (!isTable(element)) throw new RenderFailure(`${path} is not a map of Env, Secret and Key`, path);
      env.push({
        name: plainText(getKey(element, 'Env'), `${path}.Env`),
        valueFrom: {
          secretKeyRef: {
            name: plainText(getKey(element, 'Secret'), `${path}.Secret`),
            key: plainText(getKey(element, 'Key'), `${path}.Key`),
          },
        },
      });
    });
  }
  env.push({ name: 'KUMA_INTER_CP_CATALOG_INSTANCE_ADDRESS', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
  for (const [name, resource, key] of [
    ['GOMEMLIMIT', 'limits.memory', 'goMemLimit'],
    ['GOMAXPROCS', 'limits.cpu', 'goMaxProcs'],
  ] as const) {
    const ref: Record<string, string> = { containerName: 'control-plane', resource };
    if (ctx.rules.goRuntimeDivisors) {
      const divisor = v.get(`controlPlane.runtime.${key}.divisor`);
      if (divisor !== undefined && divisor !== null) ref['divisor'] = goPrint(divisor);
    }
    env.push({ name, valueFrom: { resourceFieldRef: ref } });
  }
  return env;
}

/** cp-configmap.yaml's `config.yaml`: three comment lines, then `controlPlane.config` (a string) verbatim. */
function configText(v: TemplateValues): string {
  const header = '# use this file to override default configuration of `kuma-cp`\n#\n# see conf/kuma-cp.conf.yml for available settings\n';
  const config = v.get('controlPlane.config');
  if (isEmpty(config)) return header;
  if (typeof config !== 'string') {
    throw new RenderFailure(
      `controlPlane.config is ${describeValue(config as HelmValue)}; the chart takes it as a string (write it as a block: config: |)`,
      'controlPlane.config',
    );
  }
  // The template indents every line into a literal block whose trailing blank lines are trimmed.
  return `${header}\n\n${config.replace(/\s+$/, '')}\n`;
}

function mountsAndUnknowns(ctx: TemplateContext, render: Pick<HelmRender, 'mounts' | 'configMaps' | 'unknownSecrets' | 'unknowns'>): void {
  const { v } = ctx;
  const general = 'controlPlane.tls.general';
  const kubernetes = v.is('controlPlane.environment', 'kubernetes');
  const universalZone = v.is('controlPlane.environment', 'universal') && v.is('controlPlane.mode', 'zone');
  const secretName = v.get(`${general}.secretName`);
  const caSecretName = v.get(`${general}.caSecretName`);
  const generalSecret = !isEmpty(secretName) ? plainText(secretName, `${general}.secretName`) : `${ctx.name}-tls-cert`;
  const caSecret = !isEmpty(caSecretName) ? plainText(caSecretName, `${general}.caSecretName`) : undefined;
  if (kubernetes || (universalZone && !isEmpty(secretName))) {
    render.mounts.push(
      { mountPath: `${TLS_DIR}/tls.crt`, subPath: 'tls.crt', volume: 'general-tls-cert', source: { kind: 'secret', name: generalSecret } },
      { mountPath: `${TLS_DIR}/tls.key`, subPath: 'tls.key', volume: 'general-tls-cert', source: { kind: 'secret', name: generalSecret } },
      caSecret === undefined
        ? { mountPath: `${TLS_DIR}/ca.crt`, subPath: 'ca.crt', volume: 'general-tls-cert', source: { kind: 'secret', name: generalSecret } }
        : { mountPath: `${TLS_DIR}/ca.crt`, subPath: 'ca.crt', volume: 'general-tls-cert-ca', source: { kind: 'secret', name: caSecret } },
    );
    if (kubernetes && isEmpty(secretName)) {
      const reason = v.truthy(`${general}.certManager.enabled`)
        ? `cert-manager writes it at run time from Certificate ${ctx.namespace}/${ctx.name}-tls-cert`
        : 'the chart fills it at install time with Helm lookup (the Secret already in the cluster) or genCA (a new random CA)';
      render.unknownSecrets.push({ name: generalSecret, reason });
    }
  }
  const configMapName = `${ctx.name}-control-plane-config`;
  render.mounts.push({ mountPath: CONFIG_DIR, volume: configMapName, source: { kind: 'configMap', name: configMapName } });
  const dirSecret = (path: string, volume: string, mountPath: string): void => {
    const name = v.get(path);
    if (!isEmpty(name)) render.mounts.push({ mountPath, volume, source: { kind: 'secret', name: plainText(name, path) } });
  };
  dirSecret('controlPlane.tls.apiServer.secretName', 'api-server-tls-cert', '/var/run/secrets/kuma.io/api-server-tls-cert');
  dirSecret(
    'controlPlane.tls.apiServer.clientCertsSecretName',
    'api-server-client-certs',
    '/var/run/secrets/kuma.io/api-server-client-certs',
  );
  const extraConfigMaps = v.get('controlPlane.extraConfigMaps');
  if (Array.isArray(extraConfigMaps)) {
    extraConfigMaps.forEach((item, i) => {
      const path = `controlPlane.extraConfigMaps[${i}]`;
      if (!isTable(item)) throw new RenderFailure(`${path} is not a map of name, mountPath, readOnly`, path);
      const name = plainText(getKey(item, 'name'), `${path}.name`);
      render.mounts.push({
        mountPath: plainText(getKey(item, 'mountPath'), `${path}.mountPath`),
        volume: name,
        source: { kind: 'configMap', name },
      });
      const files = getKey(item, 'values');
      if (isTable(files) && !isEmpty(files)) {
        const data: Record<string, string> = {};
        for (const file of sortedKeys(files)) data[file] = templateText(files[file] as HelmValue);
        render.configMaps.push({ name, data });
      }
    });
  }
  const extraSecrets = v.get('controlPlane.extraSecrets');
  if (isTable(extraSecrets)) {
    for (const key of sortedKeys(extraSecrets)) {
      const item = extraSecrets[key] as HelmValue;
      const path = `controlPlane.extraSecrets.${key}`;
      if (!isTable(item)) throw new RenderFailure(`${path} is not a map of name, mountPath, subPath, readOnly`, path);
      const name = plainText(getKey(item, 'name'), `${path}.name`);
      const subPath = getKey(item, 'subPath');
      render.mounts.push({
        mountPath: plainText(getKey(item, 'mountPath'), `${path}.mountPath`),
        ...(isEmpty(subPath) ? {} : { subPath: plainText(subPath, `${path}.subPath`) }),
        volume: name,
        source: { kind: 'secret', name },
      });
    }
  }
  render.mounts.push({ mountPath: '/tmp', volume: 'tmp', source: { kind: 'other', type: 'emptyDir' } });
}

/** Renders the control-plane container of the chart for these values. */
export function renderControlPlane(input: RenderInput): RenderOutcome {
  const warnings: string[] = [];
  try {
    const values = effectiveValues(input, (m) => warnings.push(m));
    const v = new TemplateValues(values);
    const hooks = input.parent ?? KUMA_HOOKS;
    const namespace = input.namespace ?? hooks.defaultNamespace;
    const ctx: TemplateContext = {
      v,
      rules: input.chart.rules,
      namespace,
      name: chartName(v),
      chartName: KUMA_HOOKS.chartName,
      appVersion: input.chart.appVersion,
      hooks: { defaultRegistry: hooks.defaultRegistry, product: hooks.product, tagPrefix: hooks.tagPrefix },
    };
    checks(ctx);
    const pitfalls: string[] = [];
    const env = renderEnv(ctx, pitfalls);
    const render: HelmRender = {
      name: ctx.name,
      namespace,
      kubernetesEnvironment: !v.is('controlPlane.environment', 'universal'),
      deploymentName: `${ctx.name}-control-plane`,
      controlPlaneImage: formatImage(ctx, 'controlPlane.image'),
      env,
      config: { configMapName: `${ctx.name}-control-plane-config`, path: `${CONFIG_DIR}/config.yaml`, text: configText(v) },
      mounts: [],
      configMaps: [],
      unknownSecrets: [],
      unknowns: [...(input.parent?.unknowns ?? [])],
      warnings,
      pitfalls,
    };
    mountsAndUnknowns(ctx, render);
    if (v.truthy('transparentProxy.configMap.enabled')) {
      const config = v.get('transparentProxy.configMap.config');
      if (config !== undefined && config !== null && !isTable(config)) {
        throw new RenderFailure(
          'transparentProxy.configMap.config is not a map of transparent-proxy settings',
          'transparentProxy.configMap.config',
        );
      }
      render.transparentProxy = {
        name: transparentProxyConfigMapName(ctx),
        config: (isTable(config) ? plainData(config) : {}) as Record<string, unknown>,
      };
    }
    return { ok: true, render };
  } catch (error) {
    if (error instanceof RenderFailure)
      return { ok: false, error: error.message, ...(error.valuesPath === undefined ? {} : { valuesPath: error.valuesPath }) };
    throw error;
  }
}
