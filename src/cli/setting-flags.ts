import { DEFAULT_VERSION, PREVIEW_VERSIONS, VERSIONS } from '../config/releases.ts';
import { BOOLEAN_WORDS_HINT, booleanWord } from '../config/boolean-words.ts';

/**
 * The common settings that have a command-line flag (and, under Argo CD, an `ARGOCD_ENV_<NAME>` /
 * `PARAM_<NAME>` variable). Each maps onto a path of the KumaInject functionConfig body, so flags,
 * env and the config file speak the same language; src/config validates the values.
 */
export interface SettingFlag {
  /** Long flag without the dashes. */
  flag: string;
  /** Suffix of the Argo CD variables: ARGOCD_ENV_<env> and PARAM_<env>. */
  env: string;
  /** Where the value goes in the settings body. */
  path: readonly string[];
  type: 'string' | 'boolean' | 'list';
  /** Placeholder shown in --help. */
  metavar: string;
  help: string;
}

/** Every setting flag, in the order --help lists them. */
export const SETTING_FLAGS: readonly SettingFlag[] = [
  {
    flag: 'product',
    env: 'PRODUCT',
    path: ['product'],
    type: 'string',
    metavar: 'kong-mesh|kuma',
    help: 'product of the control plane (images, system namespace, address defaults)',
  },
  {
    flag: 'version',
    env: 'VERSION',
    path: ['version'],
    type: 'string',
    metavar: VERSIONS.join('|'),
    help: `webhook version to reproduce (default ${DEFAULT_VERSION}; ${PREVIEW_VERSIONS.length > 0 ? `${PREVIEW_VERSIONS.join(', ')}: preview of an unreleased line, with a warning` : 'all released'})`,
  },
  {
    flag: 'system-namespace',
    env: 'SYSTEM_NAMESPACE',
    path: ['systemNamespace'],
    type: 'string',
    metavar: 'NS',
    help: 'namespace of the control plane; only its ContainerPatches apply',
  },
  {
    flag: 'control-plane-address',
    env: 'CONTROL_PLANE_ADDRESS',
    path: ['controlPlane', 'address'],
    type: 'string',
    metavar: 'URL',
    help: 'KUMA_CONTROL_PLANE_URL given to kuma-dp',
  },
  {
    flag: 'sidecar-containers',
    env: 'SIDECAR_CONTAINERS',
    path: ['sidecarContainers'],
    type: 'boolean',
    metavar: 'true|false',
    help: 'inject Kubernetes-native sidecars (init containers with restartPolicy Always)',
  },
  {
    flag: 'fail-on',
    env: 'FAIL_ON',
    path: ['failOn'],
    type: 'string',
    metavar: 'error|warning',
    help: 'warning: warnings fail the run like errors (Argo CD and kubectl hide warnings on success)',
  },
  {
    flag: 'default-namespace',
    env: 'DEFAULT_NAMESPACE',
    path: ['defaultNamespace'],
    type: 'string',
    metavar: 'NS',
    help: 'namespace of objects that have none (Argo CD: the destination namespace)',
  },
  {
    flag: 'zone',
    env: 'ZONE',
    path: ['zone'],
    type: 'string',
    metavar: 'NAME',
    help: 'zone name for the kuma.io/zone tag of Dataplane previews',
  },
  {
    flag: 'mesh',
    env: 'MESHES',
    path: ['meshes'],
    type: 'list',
    metavar: 'NAME[,NAME]',
    help: 'meshes that exist in the cluster besides the Mesh objects given (repeatable)',
  },
  {
    flag: 'sidecar-image',
    env: 'SIDECAR_IMAGE',
    path: ['injector', 'sidecarContainer', 'image'],
    type: 'string',
    metavar: 'IMAGE',
    help: 'image of the kuma-sidecar container',
  },
  {
    flag: 'init-image',
    env: 'INIT_IMAGE',
    path: ['injector', 'initContainer', 'image'],
    type: 'string',
    metavar: 'IMAGE',
    help: 'image of the kuma-init container',
  },
  {
    flag: 'explain-settings',
    env: 'EXPLAIN_SETTINGS',
    path: ['explainSettings'],
    type: 'boolean',
    metavar: 'true|false',
    help: "list where each non-default injector setting comes from (the control plane's install, KumaInject, flags)",
  },
  {
    flag: 'helm-chart',
    env: 'HELM_CHART',
    path: ['helmChart'],
    type: 'string',
    metavar: 'kuma|kong-mesh',
    help: 'the chart of --helm-values / helmValues: (default: told from the values, kuma: nesting is kong-mesh)',
  },
  {
    flag: 'cni',
    env: 'CNI_ENABLED',
    path: ['injector', 'cniEnabled'],
    type: 'boolean',
    metavar: 'true|false',
    help: 'the mesh CNI sets up redirection (validation container instead of kuma-init)',
  },
];

/** The flag description for `--name`, or undefined when `name` is not a setting flag. */
export function settingFlag(name: string): SettingFlag | undefined {
  return SETTING_FLAGS.find((f) => f.flag === name);
}

/** Outcome of turning one textual value into a setting value. */
export type SettingValue = { ok: true; value: string | boolean | string[] } | { ok: false; message: string };

/**
 * Parses `text` for `flag`: booleans are exactly true or false, the words the settings file and a
 * ConfigMap functionConfig accept (one vocabulary, so a value copied between them means the same);
 * lists split on commas.
 */
export function parseSettingValue(flag: SettingFlag, text: string, source: string): SettingValue {
  if (flag.type === 'boolean') {
    const value = booleanWord(text);
    if (value !== undefined) return { ok: true, value };
    return { ok: false, message: `${source}: expected true or false (got "${text}"); ${BOOLEAN_WORDS_HINT}, as in the settings file` };
  }
  if (flag.type === 'list') {
    return {
      ok: true,
      value: text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    };
  }
  if (text === '') return { ok: false, message: `${source}: expected a value (got an empty string)` };
  return { ok: true, value: text };
}

/** Sets `value` at `path` in `target`, creating the objects on the way; lists accumulate. */
export function setAtPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  const previous = node[last];
  node[last] = Array.isArray(previous) && Array.isArray(value) ? [...(previous as unknown[]), ...value] : value;
}
