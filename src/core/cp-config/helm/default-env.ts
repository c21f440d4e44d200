import type { ChartRules } from './chart.ts';
import { goPrint, isEmpty, rereadPlain, templateText, withDefault } from './go-text.ts';
import { printfS, RenderFailure, type TemplateValues } from './template-values.ts';
import { isTable, sortedKeys, type HelmValue } from './values.ts';

/**
 * The chart's `kuma.defaultEnv` (and `kuma.universal.defaultEnv`) templates, line for line: each
 * entry is produced as the template prints it, then read back as `fromYaml` does, because that
 * re-reading is observable (an empty unquoted value becomes null and the entry is dropped; `true`
 * becomes a boolean). Order inside this list does not reach the container: the chart sorts by name.
 */

/** What the chart knows about the render besides the values. */
export interface TemplateContext {
  v: TemplateValues;
  rules: ChartRules;
  namespace: string;
  /** `kuma.name` (nameOverride, else the chart name). */
  name: string;
  chartName: string;
  appVersion: string;
  hooks: { defaultRegistry: string; product: string; tagPrefix: string };
}

/** One `- name: X / value: ...` line pair, before `fromYaml`. */
type Printed =
  /** A quoted literal or `| quote` output; `null` when quote printed nothing (its argument was nil). */
  | { kind: 'quoted'; text: string | null }
  /** An unquoted `{{ x }}` or literal, re-read as a plain YAML scalar. */
  | { kind: 'plain'; text: string; from: string };

const quoted = (text: string): Printed => ({ kind: 'quoted', text });
/** sprig `quote`: nil prints nothing at all (the entry's value is then YAML null). */
const quote = (value: HelmValue | undefined): Printed => ({
  kind: 'quoted',
  text: value === undefined || value === null ? null : goPrint(value),
});
const plain = (text: string, from: string): Printed => ({ kind: 'plain', text, from });

/** `kuma.formatImage`: registry/repository:tag with the chart's global-tag check. */
export function formatImage(ctx: TemplateContext, imagePath: string): string {
  const { v } = ctx;
  const registry = withDefault(v.get(`${imagePath}.registry`), v.get('global.image.registry') ?? null);
  const repository = v.get(`${imagePath}.repository`);
  if (repository === undefined || repository === null || repository === '') {
    throw new RenderFailure(`Must specify image repository (${imagePath}.repository is empty)`, `${imagePath}.repository`);
  }
  const globalTag = v.get('global.image.tag');
  const globalRegistry = v.get('global.image.registry');
  if (globalTag !== undefined && globalTag !== null && globalTag !== '' && globalTag !== false && globalTag !== 0) {
    // `ne` and `eq` against the chart's strings: a non-string tag or registry cannot be compared.
    if (typeof globalTag !== 'string')
      throw new RenderFailure(
        `global.image.tag is ${goPrint(globalTag)}, not text; quote it ("${goPrint(globalTag)}")`,
        'global.image.tag',
      );
    if (globalTag !== ctx.appVersion && globalRegistry === ctx.hooks.defaultRegistry) {
      const { product, tagPrefix: p } = ctx.hooks;
      throw new RenderFailure(
        `This chart only supports ${product} version ${JSON.stringify(ctx.appVersion)} but ${p}global.image.tag is set to ${JSON.stringify(globalTag)}. ` +
          `Set ${p}global.image.tag to ${JSON.stringify(ctx.appVersion)} or skip this check by setting ${p}*.image.tag for each individual component.`,
        'global.image.tag',
      );
    }
  }
  const defaultTag = withDefault(globalTag, ctx.appVersion);
  const tag = withDefault(v.get(`${imagePath}.tag`), defaultTag);
  return `${templateText(registry)}/${templateText(repository)}:${templateText(tag)}`;
}

/** `kuma.controlPlane.serviceName`. */
function serviceName(ctx: TemplateContext): string {
  return printfS(withDefault(ctx.v.get('controlPlane.service.name'), `${ctx.name}-control-plane`));
}

/** `kuma.pluginPoliciesEnabled`: the enabled policy plugins, sorted, comma-joined. */
function pluginPoliciesEnabled(ctx: TemplateContext): string {
  const policies = ctx.v.get('plugins.policies');
  if (policies === undefined || policies === null) return '';
  if (!isTable(policies)) throw new RenderFailure('plugins.policies is not a map of policy names to true/false', 'plugins.policies');
  return sortedKeys(policies)
    .filter((k) => !isEmpty(policies[k]))
    .join(',');
}

/** `kuma.transparentProxyConfigMapName`. */
export function transparentProxyConfigMapName(ctx: TemplateContext): string {
  const name = ctx.v.get('transparentProxy.configMap.name');
  if (name === undefined || name === null || name === '' || name === false || name === 0)
    return `${ctx.chartName}-transparent-proxy-config`;
  if (typeof name !== 'string') throw new RenderFailure('transparentProxy.configMap.name is not text', 'transparentProxy.configMap.name');
  return name.slice(0, 253).replace(/-$/, '');
}

function kubernetesLines(ctx: TemplateContext): [string, Printed][] {
  const { v, rules } = ctx;
  const lines: [string, Printed][] = [
    ['KUMA_ENVIRONMENT', quoted('kubernetes')],
    ['KUMA_STORE_TYPE', quoted('kubernetes')],
    ['KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE', quote(ctx.namespace)],
    ['KUMA_RUNTIME_KUBERNETES_CONTROL_PLANE_SERVICE_NAME', plain(serviceName(ctx), 'controlPlane.service.name')],
    ['KUMA_GENERAL_TLS_CERT_FILE', quoted('/var/run/secrets/kuma.io/tls-cert/tls.crt')],
    ['KUMA_GENERAL_TLS_KEY_FILE', quoted('/var/run/secrets/kuma.io/tls-cert/tls.key')],
  ];
  if (v.is('controlPlane.mode', 'zone'))
    lines.push([
      'KUMA_MULTIZONE_ZONE_GLOBAL_ADDRESS',
      plain(templateText(v.get('controlPlane.kdsGlobalAddress')), 'controlPlane.kdsGlobalAddress'),
    ]);
  lines.push(['KUMA_DP_SERVER_HDS_ENABLED', quoted('false')]);
  if (rules.madsServerEnv) lines.push(['KUMA_MONITORING_ASSIGNMENT_SERVER_ENABLED', quote(v.get('controlPlane.madsServer.enabled'))]);
  lines.push(
    ['KUMA_API_SERVER_READ_ONLY', quoted('true')],
    ['KUMA_RUNTIME_KUBERNETES_ADMISSION_SERVER_PORT', quote(withDefault(v.get('controlPlane.admissionServerPort'), '5443'))],
    ['KUMA_RUNTIME_KUBERNETES_ADMISSION_SERVER_CERT_DIR', quoted('/var/run/secrets/kuma.io/tls-cert')],
    ['KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED', quote(v.get('cni.enabled'))],
    ['KUMA_RUNTIME_KUBERNETES_INJECTOR_SIDECAR_CONTAINER_IMAGE', quoted(formatImage(ctx, 'dataPlane.image'))],
  );
  const resources = (env: string, values: string, defaults: [string, string, string, string]): void => {
    const [reqCpu, reqMem, limCpu, limMem] = defaults;
    lines.push(
      [
        `KUMA_INJECTOR_${env}_CONTAINER_RESOURCES_REQUESTS_CPU`,
        quote(withDefault(v.get(`dataPlane.${values}.resources.requests.cpu`), reqCpu)),
      ],
      [
        `KUMA_INJECTOR_${env}_CONTAINER_RESOURCES_REQUESTS_MEMORY`,
        quote(withDefault(v.get(`dataPlane.${values}.resources.requests.memory`), reqMem)),
      ],
      [
        `KUMA_INJECTOR_${env}_CONTAINER_RESOURCES_LIMITS_CPU`,
        quote(withDefault(v.get(`dataPlane.${values}.resources.limits.cpu`), limCpu)),
      ],
      [
        `KUMA_INJECTOR_${env}_CONTAINER_RESOURCES_LIMITS_MEMORY`,
        quote(withDefault(v.get(`dataPlane.${values}.resources.limits.memory`), limMem)),
      ],
    );
  };
  if (rules.injectorResourcesEnv) resources('SIDECAR', 'sidecarContainer', ['50m', '64Mi', '0', '512Mi']);
  lines.push(['KUMA_INJECTOR_INIT_CONTAINER_IMAGE', quoted(formatImage(ctx, 'dataPlane.initImage'))]);
  if (rules.injectorResourcesEnv) {
    resources('INIT', 'initContainer', ['20m', '20M', '0', '50M']);
    resources('VALIDATION', 'validationContainer', ['20m', '20M', '0', '50M']);
  }
  if (v.truthy('dataPlane.dnsLogging')) lines.push(['KUMA_RUNTIME_KUBERNETES_INJECTOR_BUILTIN_DNS_LOGGING', quoted('true')]);
  if (v.truthy('transparentProxy.configMap.enabled'))
    lines.push(['KUMA_RUNTIME_KUBERNETES_INJECTOR_TRANSPARENT_PROXY_CONFIGMAP_NAME', quote(transparentProxyConfigMapName(ctx))]);
  lines.push(
    ['KUMA_RUNTIME_KUBERNETES_INJECTOR_CA_CERT_FILE', quoted('/var/run/secrets/kuma.io/tls-cert/ca.crt')],
    ['KUMA_DEFAULTS_SKIP_MESH_CREATION', quote(v.get('controlPlane.defaults.skipMeshCreation'))],
    ['KUMA_MODE', quote(v.get('controlPlane.mode'))],
  );
  if (v.truthy('controlPlane.zone')) lines.push(['KUMA_MULTIZONE_ZONE_NAME', quote(v.get('controlPlane.zone'))]);
  if (v.truthy('controlPlane.tls.apiServer.secretName')) {
    lines.push(
      ['KUMA_API_SERVER_HTTPS_TLS_CERT_FILE', quoted('/var/run/secrets/kuma.io/api-server-tls-cert/tls.crt')],
      ['KUMA_API_SERVER_HTTPS_TLS_KEY_FILE', quoted('/var/run/secrets/kuma.io/api-server-tls-cert/tls.key')],
    );
  }
  if (v.truthy('controlPlane.tls.apiServer.clientCertsSecretName'))
    lines.push(['KUMA_API_SERVER_AUTH_CLIENT_CERTS_DIR', quoted('/var/run/secrets/kuma.io/api-server-client-certs/')]);
  if (
    v.is('controlPlane.mode', 'global') &&
    (v.truthy('controlPlane.tls.kdsGlobalServer.secretName') || v.truthy('controlPlane.tls.kdsGlobalServer.create'))
  ) {
    lines.push(
      ['KUMA_MULTIZONE_GLOBAL_KDS_TLS_CERT_FILE', quoted('/var/run/secrets/kuma.io/kds-server-tls-cert/tls.crt')],
      ['KUMA_MULTIZONE_GLOBAL_KDS_TLS_KEY_FILE', quoted('/var/run/secrets/kuma.io/kds-server-tls-cert/tls.key')],
    );
  }
  if (
    v.is('controlPlane.mode', 'zone') &&
    (v.truthy('controlPlane.tls.kdsZoneClient.secretName') || v.truthy('controlPlane.tls.kdsZoneClient.create'))
  ) {
    lines.push(['KUMA_MULTIZONE_ZONE_KDS_ROOT_CA_FILE', quoted('/var/run/secrets/kuma.io/kds-client-tls-cert/ca.crt')]);
  }
  lines.push(
    ['KUMA_API_SERVER_AUTHN_LOCALHOST_IS_ADMIN', quoted('false')],
    ['KUMA_RUNTIME_KUBERNETES_ALLOWED_USERS', quoted(`system:serviceaccount:${ctx.namespace}:${ctx.name}-control-plane`)],
  );
  if (rules.sidecarContainersAlways) lines.push(['KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS', quote(v.get('experimental.sidecarContainers'))]);
  else if (v.truthy('experimental.sidecarContainers')) lines.push(['KUMA_EXPERIMENTAL_SIDECAR_CONTAINERS', quoted('true')]);
  if (rules.inboundTagsDisabledEnv && v.truthy('experimental.inboundTagsDisabled'))
    lines.push(['KUMA_EXPERIMENTAL_INBOUND_TAGS_DISABLED', quoted('true')]);
  if (v.truthy('experimental.deltaXds')) lines.push(['KUMA_EXPERIMENTAL_DELTA_XDS', quoted('true')]);
  if (rules.exposeZoneProxyMetricsEnv && v.truthy('experimental.exposeZoneProxyMetrics'))
    lines.push(['KUMA_EXPERIMENTAL_EXPOSE_ZONE_PROXY_METRICS', quoted('true')]);
  if (rules.envoyAdminUnixSocketEnv)
    lines.push(['KUMA_BOOTSTRAP_SERVER_PARAMS_ENVOY_ADMIN_UNIX_SOCKET', quote(v.get('experimental.envoyAdminUnixSocket'))]);
  if (v.truthy('cni.enabled') && v.truthy('cni.taintController.enabled')) {
    lines.push(
      ['KUMA_RUNTIME_KUBERNETES_NODE_TAINT_CONTROLLER_ENABLED', quoted('true')],
      ['KUMA_RUNTIME_KUBERNETES_NODE_TAINT_CONTROLLER_CNI_APP', quoted(`${ctx.name}-cni`)],
      ['KUMA_RUNTIME_KUBERNETES_NODE_TAINT_CONTROLLER_CNI_NAMESPACE', plain(templateText(v.get('cni.namespace')), 'cni.namespace')],
    );
  }
  if (v.truthy('experimental.ebpf.enabled')) {
    lines.push(['KUMA_RUNTIME_KUBERNETES_INJECTOR_EBPF_ENABLED', quoted('true')]);
    for (const [env, key] of [
      ['INSTANCE_IP_ENV_VAR_NAME', 'instanceIPEnvVarName'],
      ['BPFFS_PATH', 'bpffsPath'],
      ['CGROUP_PATH', 'cgroupPath'],
      ['TC_ATTACH_IFACE', 'tcAttachIface'],
      ['PROGRAMS_SOURCE_PATH', 'programsSourcePath'],
    ] as const) {
      lines.push([
        `KUMA_RUNTIME_KUBERNETES_INJECTOR_EBPF_${env}`,
        plain(templateText(v.get(`experimental.ebpf.${key}`)), `experimental.ebpf.${key}`),
      ]);
    }
  }
  if (v.truthy('controlPlane.tls.kdsZoneClient.skipVerify')) lines.push(['KUMA_MULTIZONE_ZONE_KDS_TLS_SKIP_VERIFY', quoted('true')]);
  lines.push(['KUMA_PLUGIN_POLICIES_ENABLED', quote(pluginPoliciesEnabled(ctx))]);
  if (v.truthy('controlPlane.supportGatewaySecretsInAllNamespaces'))
    lines.push([
      'KUMA_RUNTIME_KUBERNETES_SUPPORT_GATEWAY_SECRETS_IN_ALL_NAMESPACES',
      plain('true', 'controlPlane.supportGatewaySecretsInAllNamespaces'),
    ]);
  if (v.truthy('dataPlane.features.unifiedResourceNaming'))
    lines.push(['KUMA_RUNTIME_KUBERNETES_INJECTOR_UNIFIED_RESOURCE_NAMING_ENABLED', quoted('true')]);
  return lines;
}

function universalLines(ctx: TemplateContext): [string, Printed][] {
  const { v } = ctx;
  if (v.is('controlPlane.mode', 'zone')) {
    if (v.truthy('ingress.enabled'))
      throw new RenderFailure("Can't have ingress.enabled when running controlPlane.mode=='universal'", 'ingress.enabled');
    if (v.truthy('egress.enabled'))
      throw new RenderFailure("Can't have egress.enabled when running controlPlane.mode=='universal'", 'egress.enabled');
  }
  const lines: [string, Printed][] = [
    ['KUMA_PLUGIN_POLICIES_ENABLED', quote(pluginPoliciesEnabled(ctx))],
    ['KUMA_GENERAL_WORK_DIR', quoted('/tmp/kuma')],
    ['KUMA_ENVIRONMENT', quoted('universal')],
    ['KUMA_STORE_TYPE', quoted('postgres')],
    ['KUMA_STORE_POSTGRES_PORT', quoted(templateText(v.get('postgres.port')))],
    ['KUMA_DEFAULTS_SKIP_MESH_CREATION', quote(v.get('controlPlane.defaults.skipMeshCreation'))],
  ];
  if (v.is('controlPlane.mode', 'zone') && v.truthy('controlPlane.tls.general.secretName')) {
    lines.push(
      ['KUMA_GENERAL_TLS_CERT_FILE', plain('/var/run/secrets/kuma.io/tls-cert/tls.crt', 'chart')],
      ['KUMA_GENERAL_TLS_KEY_FILE', plain('/var/run/secrets/kuma.io/tls-cert/tls.key', 'chart')],
    );
  }
  lines.push(['KUMA_MODE', quote(v.get('controlPlane.mode'))]);
  if (v.is('controlPlane.mode', 'zone'))
    lines.push([
      'KUMA_MULTIZONE_ZONE_GLOBAL_ADDRESS',
      plain(templateText(v.get('controlPlane.kdsGlobalAddress')), 'controlPlane.kdsGlobalAddress'),
    ]);
  if (v.truthy('controlPlane.zone')) lines.push(['KUMA_MULTIZONE_ZONE_NAME', quote(v.get('controlPlane.zone'))]);
  if (
    v.is('controlPlane.mode', 'zone') &&
    (v.truthy('controlPlane.tls.kdsZoneClient.secretName') || v.truthy('controlPlane.tls.kdsZoneClient.create'))
  ) {
    lines.push(['KUMA_MULTIZONE_ZONE_KDS_ROOT_CA_FILE', plain('/var/run/secrets/kuma.io/kds-client-tls-cert/ca.crt', 'chart')]);
  }
  if (v.truthy('controlPlane.tls.kdsZoneClient.skipVerify')) lines.push(['KUMA_MULTIZONE_ZONE_KDS_TLS_SKIP_VERIFY', quoted('true')]);
  if (v.truthy('controlPlane.tls.apiServer.secretName')) {
    lines.push(
      ['KUMA_API_SERVER_HTTPS_TLS_CERT_FILE', plain('/var/run/secrets/kuma.io/api-server-tls-cert/tls.crt', 'chart')],
      ['KUMA_API_SERVER_HTTPS_TLS_KEY_FILE', plain('/var/run/secrets/kuma.io/api-server-tls-cert/tls.key', 'chart')],
    );
  }
  if (v.truthy('controlPlane.tls.apiServer.clientCertsSecretName'))
    lines.push(['KUMA_API_SERVER_AUTH_CLIENT_CERTS_DIR', plain('/var/run/secrets/kuma.io/api-server-client-certs/', 'chart')]);
  if (v.truthy('controlPlane.tls.kdsGlobalServer.secretName')) {
    lines.push(
      ['KUMA_MULTIZONE_GLOBAL_KDS_TLS_CERT_FILE', plain('/var/run/secrets/kuma.io/kds-server-tls-cert/tls.crt', 'chart')],
      ['KUMA_MULTIZONE_GLOBAL_KDS_TLS_KEY_FILE', plain('/var/run/secrets/kuma.io/kds-server-tls-cert/tls.key', 'chart')],
    );
  }
  lines.push(['KUMA_STORE_POSTGRES_TLS_MODE', plain(templateText(v.get('postgres.tls.mode')), 'postgres.tls.mode')]);
  if (v.is('postgres.tls.mode', 'verifyCa') || v.is('postgres.tls.mode', 'verifyFull')) {
    if (!v.truthy('postgres.tls.caSecretName'))
      throw new RenderFailure(
        "if mode is 'verifyCa' or 'verifyFull' then you must provide .Values.postgres.tls.caSecretName",
        'postgres.tls.caSecretName',
      );
    if (v.truthy('postgres.tls.secretName')) {
      lines.push(
        ['KUMA_STORE_POSTGRES_TLS_CERT_PATH', plain('/var/run/secrets/kuma.io/postgres-tls-cert/tls.crt', 'chart')],
        ['KUMA_STORE_POSTGRES_TLS_KEY_PATH', plain('/var/run/secrets/kuma.io/postgres-tls-cert/tls.key', 'chart')],
      );
    }
    if (v.truthy('postgres.tls.caSecretName'))
      lines.push(['KUMA_STORE_POSTGRES_TLS_CA_PATH', plain('/var/run/secrets/kuma.io/postgres-tls-cert/ca.crt', 'chart')]);
    if (v.truthy('postgres.tls.disableSSLSNI'))
      lines.push([
        'KUMA_STORE_POSTGRES_TLS_DISABLE_SSLSNI',
        plain(templateText(v.get('postgres.tls.disableSSLSNI')), 'postgres.tls.disableSSLSNI'),
      ]);
  }
  return lines;
}

/** `fromYaml` of one printed value. */
function reread(name: string, printed: Printed): HelmValue {
  if (printed.kind === 'quoted') return printed.text;
  const read = rereadPlain(printed.text);
  if (!read.ok) {
    throw new RenderFailure(
      `${printed.from} is written unquoted into the chart's env template for ${name} and ${read.why}, so the chart's YAML changes shape; kuma-inject does not reproduce that render. Use a plain value`,
      printed.from,
    );
  }
  return read.value;
}

/**
 * `$defaultEnvDict` of cp-deployment.yaml: the chart's env by upper-cased name, values as
 * `fromYaml` typed them (null for an empty unquoted value).
 */
export function defaultEnvDict(ctx: TemplateContext): Map<string, HelmValue> {
  // The kubernetes template is always evaluated (its failures stop even a universal render).
  const kubernetes = kubernetesLines(ctx);
  const lines = ctx.v.is('controlPlane.environment', 'universal') ? universalLines(ctx) : kubernetes;
  const dict = new Map<string, HelmValue>();
  for (const [name, printed] of lines) dict.set(name.toUpperCase(), reread(name, printed));
  return dict;
}
