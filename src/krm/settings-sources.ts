import type { KubeObject, Result } from '../core/types.ts';
import { describe, resultFor } from '../core/results.ts';
import { KPT } from '../core/kpt-annotations.ts';
import { controlPlaneDeployments } from '../core/cp-config/read-install.ts';
import { nameText } from '../core/identity-fields.ts';

/**
 * The control plane's own objects kuma-inject reads only as settings: the kuma-cp config
 * ConfigMap and the `<release>-tls-cert` Secret of the system namespace. Under Argo CD each one
 * that is not local-config would be applied into the control plane's namespace (a CA-only TLS
 * Secret there replaces the control plane's certificate): a warning names it and the two fixes.
 */
export function appliedSettingsSources(objects: readonly KubeObject[], systemNamespace: string): Result[] {
  // With the kuma-cp Deployment in the same application these objects are the install being deployed, not copies read as settings.
  if (controlPlaneDeployments(objects).some((d) => (d.metadata.namespace ?? systemNamespace) === systemNamespace)) return [];
  return objects
    .filter((object) => isSettingsSource(object, systemNamespace) && object.metadata.annotations?.[KPT.localConfig] !== 'true')
    .map((object) =>
      resultFor(
        'KI0701',
        'warning',
        object,
        `${describe(object)}: read only as a settings source (${object.kind === 'Secret' ? "the control plane's CA" : 'the kuma-cp config'}), yet not local-config, so Argo CD applies it into ${systemNamespace}` +
          `${object.kind === 'Secret' ? ", where it replaces the control plane's own TLS Secret" : ", over the control plane's own config"}. ` +
          `Mark it ${KPT.localConfig}: "true" (kuma-inject still reads it, Argo CD leaves it out), or move it out of the application into a side input (clusterState: in kuma-inject.yaml).`,
      ),
    );
}

function isSettingsSource(object: KubeObject, systemNamespace: string): boolean {
  if (object.metadata.namespace !== systemNamespace || object.apiVersion !== 'v1') return false;
  const name = nameText(object);
  return (
    (object.kind === 'Secret' && name.endsWith('-tls-cert')) || (object.kind === 'ConfigMap' && name.endsWith('-control-plane-config'))
  );
}
