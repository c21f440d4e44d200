import { injectorSchema } from './injector-schema.ts';
import { VERSIONS } from './releases.ts';

/** The KumaInject functionConfig kind; a ConfigMap with flat dotted keys is accepted too. */
export const FUNCTION_CONFIG_API_VERSION = 'fn.kuma-inject.dev/v1alpha1';
export const FUNCTION_CONFIG_KIND = 'KumaInject';

const labelMap = {
  type: 'object',
  additionalProperties: { type: 'string' },
} as const;

/**
 * JSON Schema of the settings a user may give (functionConfig body, flags, env). Every key is
 * optional: what is not given comes from the version profile and the control-plane objects of the
 * bundle. Compiled into a standalone validator by scripts/build.mjs, never at run time.
 */
export const settingsSchema = {
  $id: 'https://kuma-inject.dev/schemas/settings.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    product: {
      enum: ['kong-mesh', 'kuma'],
      description: 'Which product the control plane is: decides images, system namespace and control-plane address defaults.',
    },
    version: {
      enum: [...VERSIONS],
      description: 'Which webhook version to reproduce (a -dev version is a preview of an unreleased line).',
    },
    systemNamespace: {
      type: 'string',
      minLength: 1,
      description: 'Namespace of the control plane; ContainerPatches are read from it only.',
    },
    controlPlane: {
      type: 'object',
      additionalProperties: false,
      properties: {
        address: { type: 'string', minLength: 1, description: 'KUMA_CONTROL_PLANE_URL given to kuma-dp.' },
        caCert: { type: 'string', description: 'PEM of the control-plane CA (KUMA_CONTROL_PLANE_CA_CERT).' },
      },
    },
    sidecarContainers: { type: 'boolean', description: 'Kubernetes-native sidecars (kuma-cp experimental.sidecarContainers).' },
    deltaXds: { type: 'boolean', description: 'kuma-cp experimental.deltaXds.' },
    bootstrap: {
      type: 'object',
      additionalProperties: false,
      description: 'kuma-cp bootstrapServer.params.',
      properties: {
        adminPort: { type: 'integer', minimum: 1, maximum: 65535 },
        readinessPort: { type: 'integer', minimum: 1, maximum: 65535 },
        envoyAdminUnixSocket: { type: 'boolean' },
      },
    },
    injector: injectorSchema,
    defaultNamespace: {
      type: 'string',
      description:
        'Namespace of objects that have none (the namespace they are applied to); Argo CD mode defaults it to the destination namespace.',
    },
    namespaces: {
      type: 'object',
      description: 'Labels and annotations of namespaces that are not in the bundle, by name.',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { labels: labelMap, annotations: labelMap },
      },
    },
    meshes: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'Meshes that exist in the cluster besides the Mesh objects of the bundle.',
    },
    zone: {
      type: 'string',
      description: 'Zone name (kuma-cp multizone.zone.name), for the kuma.io/zone tag of Dataplane previews; "" adds none.',
    },
    dataplane: {
      type: 'object',
      additionalProperties: false,
      description: 'kuma-cp settings that shape the Dataplane built from a Pod.',
      properties: {
        nodeLabelsToCopy: { type: 'array', items: { type: 'string' }, description: 'runtime.kubernetes.injector.nodeLabelsToCopy' },
        ignoredServiceSelectorLabels: {
          type: 'array',
          items: { type: 'string' },
          description: 'runtime.kubernetes.injector.ignoredServiceSelectorLabels',
        },
        workloadLabels: { type: 'array', items: { type: 'string' }, description: 'runtime.kubernetes.workloadLabels' },
        inboundTagsDisabled: { type: 'boolean', description: 'experimental.inboundTagsDisabled' },
        kubeOutboundsAsVIPs: { type: 'boolean', description: 'experimental.kubeOutboundsAsVIPs' },
      },
    },
    previews: { enum: ['local-config', 'off'], description: 'Emit Dataplane previews (as local-config objects) or not.' },
    previewsDir: {
      type: 'string',
      minLength: 1,
      description: 'Folder that holds one preview file per workload under kpt, relative to the directory kpt runs the function on.',
    },
    transparentProxyConfigs: {
      type: 'object',
      description:
        'Transparent-proxy configs (the config.yaml of the ConfigMap, as YAML mapping) by ConfigMap name, for ConfigMaps that are not in the bundle.',
      additionalProperties: { type: 'object' },
    },
    workloadKinds: {
      type: 'array',
      description: 'Extra workload kinds and where their pod template is.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'templatePath'],
        properties: {
          group: { type: 'string' },
          kind: { type: 'string', minLength: 1 },
          templatePath: { type: 'string', minLength: 1, description: 'Dotted path, e.g. spec.template.' },
        },
      },
    },
    uninject: { type: 'boolean', description: 'Give workloads back their original form instead of injecting.' },
    explainSettings: {
      type: 'boolean',
      description:
        "List where every injector setting that differs from the release defaults comes from (the control plane's install, KumaInject, flags), as an info result.",
    },
    failOn: {
      enum: ['error', 'warning'],
      description: 'warning: warnings fail the run like errors (for hosts that hide warnings on success).',
    },
    clusterState: {
      type: 'array',
      description:
        'Files or folders of cluster state (Namespaces, Meshes, ContainerPatches, the kuma-cp config, the CA Secret), read as context and never emitted; relative to the directory kuma-inject runs in (the application directory under Argo CD) and confined to it.',
      items: { type: 'string', minLength: 1 },
    },
    helmValues: {
      type: 'array',
      description:
        "The control plane's Helm values files (kuma or kong-mesh chart), later files winning as with helm -f: the injector settings are derived from what the chart would install, rendered without Helm. Relative to the directory kuma-inject runs in (the application directory under Argo CD) and confined to it.",
      items: { type: 'string', minLength: 1 },
    },
    helmChart: {
      enum: ['kuma', 'kong-mesh'],
      description:
        "The chart the helmValues are for; without it, values nesting the kuma chart's under `kuma:` (and no top-level controlPlane) are the kong-mesh chart's, any other the kuma chart's.",
    },
    ignore: {
      type: 'array',
      description:
        'Acknowledged findings: result codes (KI0108), or a code for one object (KI0213@Rollout/shop/cart, KI0213@Kind/name when cluster-scoped); matching warnings and infos are left out of the report and of failOn. Error codes cannot be ignored.',
      items: { type: 'string', pattern: '^KI[0-9]{4}(@[A-Za-z][A-Za-z0-9]*/([a-z0-9.-]*/)?[A-Za-z0-9.:_-]+)?$' },
    },
  },
} as const;
