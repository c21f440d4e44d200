import type { InjectorConfig } from './inject/injector-config.ts';
import type { Release } from './release.ts';

export type Product = 'kong-mesh' | 'kuma';
export const PRODUCTS: readonly Product[] = ['kong-mesh', 'kuma'];

/** What the webhook would read from a Namespace object that is not in the bundle. */
export interface NamespaceInfo {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** kuma-cp settings read by the Pod → Dataplane conversion, with kuma-cp's own key names. */
interface DataplaneSettings {
  /** runtime.kubernetes.injector.nodeLabelsToCopy: node labels copied into tags at run time. */
  nodeLabelsToCopy: string[];
  /** runtime.kubernetes.injector.ignoredServiceSelectorLabels: selector keys ignored when matching Services. */
  ignoredServiceSelectorLabels: string[];
  /** runtime.kubernetes.workloadLabels: pod labels that name the Workload. */
  workloadLabels: string[];
  /** experimental.inboundTagsDisabled (releases with `converter.inboundTagsSwitch`). */
  inboundTagsDisabled: boolean;
  /** experimental.kubeOutboundsAsVIPs: true keeps outbounds out of the Dataplane. */
  kubeOutboundsAsVIPs: boolean;
}

/** An extra workload kind whose pod template sits at `templatePath` (e.g. Argo Rollouts). */
export interface WorkloadKindRule {
  /** API group, '' for core; `*` matches any group. */
  group: string;
  kind: string;
  /** Path of the pod template (an object with `metadata` and `spec`), e.g. ['spec', 'template']. */
  templatePath: string[];
}

/**
 * Everything the core needs, resolved: version profile defaults ← control-plane objects in the
 * bundle ← functionConfig ← flags/env. Built by src/config, read-only for the core.
 */
export interface Settings {
  product: Product;
  /** Which webhook and control plane are reproduced: capabilities, never compared by name. */
  release: Release;
  systemNamespace: string;
  controlPlane: {
    /** KUMA_CONTROL_PLANE_URL given to kuma-dp. */
    address: string;
    /** PEM given to kuma-dp as KUMA_CONTROL_PLANE_CA_CERT; '' leaves the variable empty. */
    caCert: string;
  };
  /** Kubernetes-native sidecars (kuma-cp experimental.sidecarContainers). */
  sidecarContainers: boolean;
  /** kuma-cp experimental.deltaXds. */
  deltaXds: boolean;
  /** kuma-cp bootstrapServer.params. */
  bootstrap: { adminPort: number; readinessPort: number; envoyAdminUnixSocket: boolean };
  injector: InjectorConfig;
  /**
   * Namespace of objects that have none, as the API server would default it at apply time
   * (Argo CD: the Application's destination namespace). '' = unknown: such workloads are not injected.
   */
  defaultNamespace: string;
  /** Namespaces that are not in the bundle, by name. Bundle Namespace objects win. */
  namespaces: Record<string, NamespaceInfo>;
  /** Meshes known to exist besides the Mesh objects in the bundle. */
  meshes: string[];
  /** kuma-cp multizone.zone.name: the `kuma.io/zone` tag of previews ('default' unless set; '' adds none). */
  zone: string;
  /** The kuma-cp knobs that shape the Dataplane the control plane builds from a Pod. */
  dataplane: DataplaneSettings;
  previews: 'local-config' | 'off';
  /** Folder (relative to the package) that holds one preview file per workload under kpt. */
  previewsDir: string;
  /**
   * Transparent-proxy configs by ConfigMap name (its `config.yaml`, parsed): the ConfigMaps of the
   * system namespace in the bundle plus those given in settings. Read in ConfigMap mode only.
   */
  transparentProxyConfigs: Record<string, unknown>;
  /** Extra workload kinds, on top of the built-in table. */
  workloadKinds: WorkloadKindRule[];
  /** Give workloads back their original, un-injected form instead of injecting. */
  uninject: boolean;
  /**
   * `warning`: a run with warning results fails like one with errors (input unchanged, exit 1), for
   * pipelines whose host hides warnings on success (Argo CD, kubectl kustomize).
   */
  failOn: 'error' | 'warning';
  /**
   * Acknowledged findings: result codes (`KI0108`), optionally for one object
   * (`KI0213@Rollout/shop/cart`, `KIxxxx@Kind/name` when cluster-scoped). Matching warnings and
   * infos are dropped before `failOn` counts; errors are never dropped (an error code is refused).
   */
  ignore: string[];
  /** Side-input paths of the functionConfig; read by the host, listed here so the schema knows the key. */
  clusterState: string[];
  /** Report where every non-default injector setting comes from (an info result), even without a control-plane install. */
  explainSettings?: boolean;
  /** The control plane's Helm values files (read by the host, confined like clusterState), in `helm -f` order. */
  helmValues: string[];
  /** Which chart the Helm values are for; absent: told from their shape (`kuma:` nesting is Kong Mesh's). */
  helmChart?: 'kuma' | 'kong-mesh';
}
