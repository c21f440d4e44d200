import type { KubeObject } from '../types.ts';
import { describe } from '../results.ts';
import type {
  ControlPlaneInstall,
  InstallConfigFile,
  InstallEnvFrom,
  InstallEnvVar,
  InstallLookups,
  InstallMount,
  InstallMountSource,
  InstallOrigin,
} from './install.ts';
import { readMountedFile } from './mounted-file.ts';
import { nameText } from '../identity-fields.ts';

/**
 * The control-plane installs of a rendered bundle (or of side inputs): Deployments that run kuma-cp.
 * Recognised by the container, not by names a chart may change: `kuma-cp run ... --config-file`
 * (the chart's args), or a container `control-plane` whose image repository ends in `/kuma-cp`.
 */

const DEPLOYMENT_API = 'apps/v1';

interface Candidate {
  container: Record<string, unknown>;
  podSpec: Record<string, unknown>;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function imageRepository(image: unknown): string {
  if (typeof image !== 'string') return '';
  const noDigest = image.split('@')[0] as string;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** The `--config-file` / `-c` argument of kuma-cp's command line, or undefined. */
export function configFileArg(args: readonly unknown[]): string | undefined {
  const texts = args.filter((a): a is string => typeof a === 'string');
  for (let i = 0; i < texts.length; i++) {
    const arg = texts[i] as string;
    for (const flag of ['--config-file', '-c', '-config-file']) {
      if (arg === flag) return texts[i + 1];
      if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    }
  }
  return undefined;
}

function kumaCpContainer(object: KubeObject): Candidate | undefined {
  if (object.kind !== 'Deployment' || object.apiVersion !== DEPLOYMENT_API) return undefined;
  const podSpec = asRecord(asRecord(asRecord(object['spec'])?.['template'])?.['spec']);
  if (podSpec === undefined) return undefined;
  const containers = asList(podSpec['containers'])
    .map(asRecord)
    .filter((c): c is Record<string, unknown> => c !== undefined);
  // The chart's container: `run ... --config-file=...` (kuma-cp's image, or KUMA_* env when the image is mirrored
  // under another name), or a container named control-plane running a kuma-cp image.
  const runsKumaCp = (c: Record<string, unknown>): boolean => {
    const args = asList(c['args']);
    const kumaEnv = asList(c['env']).some((e) => String(asRecord(e)?.['name'] ?? '').startsWith('KUMA_'));
    const runWithConfig = args[0] === 'run' && configFileArg(args) !== undefined;
    return (
      (runWithConfig && (imageRepository(c['image']).endsWith('kuma-cp') || kumaEnv)) ||
      (c['name'] === 'control-plane' && imageRepository(c['image']).endsWith('/kuma-cp'))
    );
  };
  const container = containers.find((c) => c['name'] === 'control-plane' && runsKumaCp(c)) ?? containers.find(runsKumaCp);
  return container === undefined ? undefined : { container, podSpec };
}

/** The kuma-cp Deployments among `objects`. */
export function controlPlaneDeployments(objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((o) => kumaCpContainer(o) !== undefined);
}

function envVar(entry: unknown, index: number, invalid: { field: string; message: string }[]): InstallEnvVar | undefined {
  const e = asRecord(entry);
  if (e === undefined || typeof e['name'] !== 'string') {
    invalid.push({ field: `env[${index}]`, message: 'is not an EnvVar with a string name' });
    return undefined;
  }
  const out: InstallEnvVar = { name: e['name'] };
  if (e['value'] !== undefined && e['value'] !== null && typeof e['value'] !== 'string') {
    invalid.push({
      field: `env[${index}].value`,
      message: `${e['name']} = ${JSON.stringify(e['value'])} is a ${typeof e['value']}, and an env value must be a string (quote it: "${String(e['value'])}")`,
    });
  }
  if (e['value'] !== undefined && e['value'] !== null) out.value = String(e['value']);
  const from = asRecord(e['valueFrom']);
  if (from !== undefined) out.valueFrom = envSource(from, `env[${index}].valueFrom`, invalid);
  return out;
}

/** The string fields each typed reference of an EnvVarSource must have (the API server refuses it otherwise). */
const REFERENCE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  configMapKeyRef: ['key'],
  secretKeyRef: ['key'],
  fieldRef: ['fieldPath'],
  resourceFieldRef: ['resource'],
};

/**
 * An EnvVarSource as the API server reads it: a null reference is an absent one; a typed
 * reference that is not a mapping, or lacks its string fields, is a manifest the API server refuses.
 */
function envSource(
  from: Record<string, unknown>,
  field: string,
  invalid: { field: string; message: string }[],
): NonNullable<InstallEnvVar['valueFrom']> {
  const out: NonNullable<InstallEnvVar['valueFrom']> = {};
  for (const [key, value] of Object.entries(from)) {
    if (value === null || value === undefined) continue;
    const required = REFERENCE_FIELDS[key];
    if (required === undefined) {
      out[key] = value;
      continue;
    }
    const ref = asRecord(value);
    const missing = ref === undefined ? [] : required.filter((name) => typeof ref[name] !== 'string');
    const badName = ref !== undefined && ref['name'] !== undefined && ref['name'] !== null && typeof ref['name'] !== 'string';
    if (ref === undefined || missing.length > 0 || badName) {
      invalid.push({
        field: `${field}.${key}`,
        message:
          ref === undefined
            ? `must be a mapping (got ${JSON.stringify(value)})`
            : `needs ${[...missing, ...(badName ? ['name'] : [])].join(' and ')} as text`,
      });
      continue;
    }
    out[key] = ref;
  }
  return out;
}

function mountSource(volume: Record<string, unknown>): InstallMountSource {
  const items = (v: unknown) =>
    asList(v)
      .map(asRecord)
      .filter((i): i is Record<string, unknown> => i !== undefined)
      .map((i) => ({ key: String(i['key']), path: String(i['path']) }));
  const secret = asRecord(volume['secret']);
  if (secret !== undefined)
    return {
      kind: 'secret',
      name: String(secret['secretName'] ?? ''),
      ...(secret['items'] === undefined ? {} : { items: items(secret['items']) }),
    };
  const configMap = asRecord(volume['configMap']);
  if (configMap !== undefined)
    return {
      kind: 'configMap',
      name: String(configMap['name'] ?? ''),
      ...(configMap['items'] === undefined ? {} : { items: items(configMap['items']) }),
    };
  const projected = asRecord(volume['projected']);
  if (projected !== undefined) {
    return {
      kind: 'projected',
      sources: asList(projected['sources'])
        .map(asRecord)
        .filter((s): s is Record<string, unknown> => s !== undefined)
        .map((s) => {
          const sec = asRecord(s['secret']);
          if (sec !== undefined)
            return {
              kind: 'secret',
              name: String(sec['name'] ?? ''),
              ...(sec['items'] === undefined ? {} : { items: items(sec['items']) }),
            } as InstallMountSource;
          const cm = asRecord(s['configMap']);
          if (cm !== undefined)
            return {
              kind: 'configMap',
              name: String(cm['name'] ?? ''),
              ...(cm['items'] === undefined ? {} : { items: items(cm['items']) }),
            } as InstallMountSource;
          return { kind: 'other', type: Object.keys(s)[0] ?? 'unknown' } as InstallMountSource;
        }),
    };
  }
  return { kind: 'other', type: Object.keys(volume).find((k) => k !== 'name') ?? 'unknown' };
}

/**
 * The install model of one kuma-cp Deployment: env as listed, mounts, and the config file read
 * through the mounts (`<release>-control-plane-config` key `config.yaml` in the chart).
 */
export function installFromDeployment(
  deployment: KubeObject,
  origin: InstallOrigin,
  fallbackNamespace: string,
  lookups: InstallLookups,
): ControlPlaneInstall | undefined {
  const found = kumaCpContainer(deployment);
  if (found === undefined) return undefined;
  const { container, podSpec } = found;
  const invalid: { field: string; message: string }[] = [];
  const env = asList(container['env'])
    .map((e, i) => envVar(e, i, invalid))
    .filter((e): e is InstallEnvVar => e !== undefined);
  const envFrom = asList(container['envFrom'])
    .map(asRecord)
    .filter((e): e is Record<string, unknown> => e !== undefined)
    .map((e): InstallEnvFrom => {
      const out: InstallEnvFrom = {};
      if (typeof e['prefix'] === 'string') out.prefix = e['prefix'];
      const cm = asRecord(e['configMapRef']);
      if (cm !== undefined) out.configMapRef = { name: String(cm['name'] ?? ''), ...(cm['optional'] === true ? { optional: true } : {}) };
      const sec = asRecord(e['secretRef']);
      if (sec !== undefined) out.secretRef = { name: String(sec['name'] ?? ''), ...(sec['optional'] === true ? { optional: true } : {}) };
      return out;
    });
  const volumes = new Map(
    asList(podSpec['volumes'])
      .map(asRecord)
      .filter((v): v is Record<string, unknown> => v !== undefined)
      .map((v) => [String(v['name']), v]),
  );
  const mounts: InstallMount[] = asList(container['volumeMounts'])
    .map(asRecord)
    .filter((m): m is Record<string, unknown> => m !== undefined)
    .map((m) => {
      const volume = volumes.get(String(m['name']));
      return {
        mountPath: String(m['mountPath'] ?? ''),
        ...(typeof m['subPath'] === 'string' && m['subPath'] !== '' ? { subPath: m['subPath'] } : {}),
        volume: String(m['name']),
        source: volume === undefined ? { kind: 'other', type: 'missing volume' } : mountSource(volume),
      };
    });
  const systemNamespaceEnv = env
    .filter((e) => e.name === 'KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE' && e.valueFrom === undefined)
    .at(-1)?.value;
  const namespace = deployment.metadata.namespace ?? systemNamespaceEnv ?? fallbackNamespace;
  const name = nameText(deployment);
  const path = configFileArg(asList(container['args']));
  const install: ControlPlaneInstall = {
    origin,
    describedAs: `${describe(deployment)}${deployment.metadata.namespace === undefined && namespace !== '' ? ` (namespace ${namespace})` : ''}, container ${String(container['name'])}`,
    object: deployment,
    namespace,
    ...(name.endsWith('-control-plane') ? { releaseName: name.slice(0, -'-control-plane'.length) } : {}),
    ...(typeof container['image'] === 'string' ? { image: container['image'] } : {}),
    env,
    ...(envFrom.length > 0 ? { envFrom } : {}),
    configFile: { kind: 'none' },
    mounts,
    unknowns: [],
    ...(invalid.length > 0 ? { invalid } : {}),
  };
  if (path !== undefined) {
    const file = readMountedFile(path, install, lookups);
    const configFile: InstallConfigFile =
      file.kind === 'found' ? { kind: 'text', path, text: file.text, from: file.from } : { kind: 'unknown', path, reason: file.reason };
    install.configFile = configFile;
  }
  return install;
}
