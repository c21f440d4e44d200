import type { KubeObject, Result } from '../types.ts';
import type { YamlReader } from '../go-yaml/yaml-node.ts';

/**
 * The control plane's install as kuma-cp sees it when it starts: the environment of its
 * `control-plane` container, the config file it is given, and the files mounted into it (the CA the
 * injector hands to every sidecar is one of them). Two producers build this model: reading a
 * rendered install (the kuma-cp Deployment of the bundle or of a side input, with its ConfigMap and
 * Secrets), and rendering a Helm values file of the `kuma` / `kong-mesh` chart without Helm. One
 * consumer, `settingsFromInstall` (settings.ts), computes kuma-cp's config from it exactly as kuma-cp
 * does (Go defaults ← config file ← env, then PostProcess and Validate) and the injector settings
 * that follow.
 *
 * Nothing here is resolved yet: `valueFrom` references and mounted Secrets are looked up by the
 * consumer (through `InstallLookups`), so both producers report unknowns the same way.
 */

/** A Kubernetes EnvVar exactly as the container spec lists it (`value` absent means ""). */
export interface InstallEnvVar {
  name: string;
  value?: string;
  valueFrom?: InstallEnvVarSource;
}

/** EnvVarSource: only the reference kinds are typed; anything else is kept and reported unknown. */
interface InstallEnvVarSource {
  configMapKeyRef?: { name: string; key: string; optional?: boolean };
  secretKeyRef?: { name: string; key: string; optional?: boolean };
  /** Known only in the cluster (e.g. `status.podIP`). */
  fieldRef?: { fieldPath: string; apiVersion?: string };
  /** Known only in the cluster (e.g. `limits.memory`). */
  resourceFieldRef?: { resource: string; containerName?: string; divisor?: string };
  [other: string]: unknown;
}

/** EnvFromSource (not used by the chart; kustomize patches may add it). `env` entries override it. */
export interface InstallEnvFrom {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

/** Where the install model was built from; decides how findings name it and whether it is output. */
export type InstallOrigin =
  /** Objects of the input: they stay in the output untouched. */
  | { kind: 'bundle' }
  /** Cluster state given beside the input (`--cluster-state`, `clusterState:`): never output. */
  | { kind: 'side-input'; source: string }
  /** Rendered from Helm values files (`--helm-values`, `helmValues:`), in the order given. */
  | { kind: 'helm-values'; files: string[] };

/**
 * The config file kuma-cp is started with (`--config-file`, `-c`): its text, or why it is not known.
 * `none`: no such argument, kuma-cp starts from its defaults and the env only.
 */
export type InstallConfigFile =
  | { kind: 'none' }
  /** `from` names it for messages, e.g. `ConfigMap kuma-system/kuma-control-plane-config key config.yaml`, `values controlPlane.config`. */
  | { kind: 'text'; path: string; text: string; from: string }
  /** The path is given but its content is not in the bundle or side inputs: settings from defaults + env, with a warning. */
  | { kind: 'unknown'; path: string; reason: string };

/** One volume mounted into the control-plane container: how a file path (the CA file) maps to an object key. */
export interface InstallMount {
  mountPath: string;
  /** The single key mounted at `mountPath` itself (a file), as `subPath`. */
  subPath?: string;
  /** The volume's name, for messages. */
  volume: string;
  source: InstallMountSource;
}

export type InstallMountSource =
  | { kind: 'secret'; name: string; items?: { key: string; path: string }[] }
  | { kind: 'configMap'; name: string; items?: { key: string; path: string }[] }
  | { kind: 'projected'; sources: InstallMountSource[] }
  /** emptyDir, hostPath, CSI, ...: the content exists only on the node. */
  | { kind: 'other'; type: string };

/**
 * An object the install names whose content cannot be known offline even though its name is: the
 * Secret the chart fills with `genCA` at render time, the Secret cert-manager writes at run time.
 * The consumer reports these as unknown instead of looking them up.
 */
interface InstallUnknownObject {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  reason: string;
}

export interface ControlPlaneInstall {
  origin: InstallOrigin;
  /** How messages name the install: `Deployment kuma-system/kuma-control-plane`, `values kuma-values.yaml`. */
  describedAs: string;
  /** The object findings point at (the Deployment); absent for a values-file render. */
  object?: KubeObject;
  /** Namespace of the Deployment = where `valueFrom` and volume references are looked up. */
  namespace: string;
  /** The chart's `kuma.name` (`kuma`, `kong-mesh`): prefixes `-control-plane`, `-tls-cert`. */
  releaseName?: string;
  /** Image of the control-plane container (`docker.io/kumahq/kuma-cp:2.14.3`), when known. */
  image?: string;
  /** The control-plane container's `env`, in order, duplicates kept (the last one wins, as in the kubelet). */
  env: InstallEnvVar[];
  envFrom?: InstallEnvFrom[];
  configFile: InstallConfigFile;
  mounts: InstallMount[];
  unknownObjects?: InstallUnknownObject[];
  /** What the producer already knows it cannot know (a Helm `lookup`, the parent chart's env), worded for users. */
  unknowns: string[];
  /** Fields of the install the API server would refuse (an env value that is not a string): it never runs as written. */
  invalid?: { field: string; message: string }[];
}

/**
 * What the consumer reads besides the install: the Secrets and ConfigMaps `valueFrom`, `envFrom` and
 * volumes name (the bundle's, then the side inputs'), and the host's YAML reader for the config file.
 */
export interface InstallLookups {
  find(kind: 'Secret' | 'ConfigMap', namespace: string, name: string): { object: KubeObject; origin: 'bundle' | 'side-input' } | undefined;
  readYaml: YamlReader;
}

/** Where an effective config value came from. */
export type KeySource = { kind: 'default' } | { kind: 'file'; key: string } | { kind: 'env'; name: string };

/** What follows from the effective config for injection (spec §2.1), in the worked examples' terms. */
export interface InstallDerived {
  /** The mutating webhook exists: environment kubernetes and not global mode. */
  injectorRegistered: boolean;
  podControllerRunning: boolean;
  /** KUMA_CONTROL_PLANE_URL: https://<service>.<system namespace>:<dp server port>. */
  controlPlaneURL: string;
  /** The file caCertFile names; `value` is the PEM, or `unknown` offline, or '' when caCertFile is empty. */
  caCert: { file: string; volume?: string; from?: string; inBundle: boolean; value: string };
  /** experimental.sidecarContainers (native sidecars also need Kubernetes >= 1.29, an input). */
  nativeSidecars: { setting: boolean };
  envoyAdmin: { port: number; readinessPort?: number; unixSocket?: boolean };
  federatedZone: boolean;
  defaultMeshCreatedByControlPlane: boolean;
  zoneTag: string;
}

/**
 * What kuma-cp computes from an install: every config key of the release's key table (effective
 * value, source), the injector settings that follow (a KumaInject settings body: only the keys the
 * install decides), and findings (unknowns, shadowed file keys, unknown `KUMA_*` names, ...).
 * `ok: false` = kuma-cp would not start (a parse or validation error naming the env var or key).
 */
export type InstallSettingsOutcome =
  | {
      ok: true;
      /** False in `global` mode or `universal` environment: no injector is registered, `settings` is empty. */
      injectorActive: boolean;
      effective: Record<string, unknown>;
      sources: Record<string, KeySource>;
      derived: InstallDerived;
      settings: Record<string, unknown>;
      /** For each leaf of `settings` (dotted path), the config path it is computed from. */
      settingsFrom: Record<string, string>;
      findings: Result[];
    }
  | { ok: false; findings: Result[] };
