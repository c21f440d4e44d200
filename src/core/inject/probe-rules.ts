import { getEnabled, getString, getUint32, type StringMap } from './annotation-values.ts';
import { KEY, annotationPath } from './keys.ts';
import { WebhookError, wrapped } from './webhook-error.ts';

/**
 * The two rules that decide how application probes are served (spec §13.1), evaluated on the
 * pod's own annotations. Both are used twice by the webhook: for the sidecar env and for the
 * annotations it writes.
 */

/** Rule VP: the value written to `kuma.io/virtual-probes` (true = enabled). */
export function virtualProbesEnabled(pod: StringMap, configDefault: boolean): boolean {
  return wrapped(`unable to set ${KEY.virtualProbes}`, () => {
    const requested = getEnabled(pod, KEY.virtualProbes);
    const gateway = getEnabled(pod, KEY.gateway) ?? false;
    if (gateway) {
      if (requested === true) {
        throw new WebhookError("virtual probes can't be enabled in gateway mode", {
          field: annotationPath(KEY.virtualProbes),
          got: getString(pod, KEY.virtualProbes) ?? '',
          hint: `expected ${KEY.virtualProbes} to be absent or disabled on a gateway pod. Remove the annotation`,
        });
      }
      return false;
    }
    if (getUint32(pod, KEY.appProbeProxyPort) === 0) return true;
    return requested ?? configDefault;
  });
}

/** Rule P-legacy: the application probe proxy port (0 = off) for the env var and the annotation. */
export function applicationProbeProxyPort(pod: StringMap, configPort: number): number {
  return wrapped(`unable to set ${KEY.appProbeProxyPort}`, () => {
    const podPort = getUint32(pod, KEY.appProbeProxyPort);
    if (getString(pod, KEY.gateway) !== undefined) {
      if (podPort !== undefined && podPort > 0) {
        throw new WebhookError("application probe proxies probes can't be enabled in gateway mode", {
          field: annotationPath(KEY.appProbeProxyPort),
          got: String(podPort),
          hint: `expected ${KEY.appProbeProxyPort} to be absent or "0" on a pod annotated ${KEY.gateway}. Remove the annotation`,
        });
      }
      return 0;
    }
    return podPort ?? configPort;
  });
}
