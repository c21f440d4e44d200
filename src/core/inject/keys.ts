/** The names of what the webhook injects; Kuma's keys live in ../kuma-api/keys.ts. */
export { KEY, annotationPath, labelPath } from '../kuma-api/keys.ts';

/** Names of the containers and volumes the webhook adds. */
export const NAME = {
  sidecar: 'kuma-sidecar',
  init: 'kuma-init',
  validation: 'kuma-validation',
  initTmp: 'kuma-init-tmp',
  sidecarTmp: 'kuma-sidecar-tmp',
  spireSocket: 'kuma-spire-agent-socket',
  sysFsCgroup: 'sys-fs-cgroup',
  bpfFs: 'bpf-fs',
  tproxyBase: 'transparent-proxy-base',
  tproxyCustom: 'transparent-proxy-custom',
} as const;

/** Where the ConfigMap mode mounts the transparent-proxy config files. */
export const TPROXY_BASE_DIR = '/tmp/transparent-proxy/base';
export const TPROXY_CUSTOM_DIR = '/tmp/transparent-proxy/custom';

/** Where Kubernetes mounts a service-account token. */
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
