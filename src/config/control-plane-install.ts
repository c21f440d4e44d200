import type { KubeObject, Result } from '../core/types.ts';
import { describe, refOf } from '../core/results.ts';
import { codeTag } from '../core/result-codes.ts';
import type { YamlReader } from '../core/go-yaml/yaml-node.ts';
import type { ControlPlaneInstall, InstallLookups, InstallSettingsOutcome } from '../core/cp-config/install.ts';
import { controlPlaneDeployments, installFromDeployment } from '../core/cp-config/read-install.ts';
import { settingsFromInstall } from '../core/cp-config/settings.ts';
import type { CpConfigRelease } from '../core/cp-config/key-table.ts';

/**
 * The control plane of a run, read from its rendered install: the kuma-cp Deployment of the input
 * (kept in the output as it is) or of a side input (never output), with the Secrets and ConfigMaps
 * it names looked up in both. One install per run: several are told apart by `systemNamespace`.
 */

export function installLookups(bundle: readonly KubeObject[], side: readonly KubeObject[], readYaml: YamlReader): InstallLookups {
  const index = new Map<string, { object: KubeObject; origin: 'bundle' | 'side-input' }>();
  const key = (kind: string, ns: string, name: string) => `${kind}\u0000${ns}\u0000${name}`;
  for (const [objects, origin] of [[side, 'side-input'], [bundle, 'bundle']] as const) {
    for (const o of objects) {
      if ((o.kind === 'Secret' || o.kind === 'ConfigMap') && o.apiVersion === 'v1') index.set(key(o.kind, o.metadata.namespace ?? '', o.metadata.name ?? ''), { object: o, origin });
    }
  }
  return { find: (kind, ns, name) => index.get(key(kind, ns, name)), readYaml };
}

export type InstallChoice =
  | { kind: 'none'; results: Result[] }
  | { kind: 'chosen'; install: ControlPlaneInstall; outcome: InstallSettingsOutcome; results: Result[] }
  | { kind: 'error'; results: Result[] };

/**
 * Finds the kuma-cp install among the input's and side inputs' objects and computes kuma-cp's
 * config from it. `systemNamespace` is the user's explicit choice, if any.
 */
export function controlPlaneInstall(bundle: readonly KubeObject[], side: readonly KubeObject[], systemNamespace: string | undefined, fallbackNamespace: string, release: CpConfigRelease, readYaml: YamlReader): InstallChoice {
  const lookups = installLookups(bundle, side, readYaml);
  const candidates = [
    ...controlPlaneDeployments(bundle).map((d) => installFromDeployment(d, { kind: 'bundle' }, fallbackNamespace, lookups)),
    ...controlPlaneDeployments(side).map((d) => installFromDeployment(d, { kind: 'side-input', source: 'cluster state' }, fallbackNamespace, lookups)),
  ].filter((i): i is ControlPlaneInstall => i !== undefined);
  if (candidates.length === 0) return { kind: 'none', results: [] };
  const results: Result[] = [];
  let chosen = candidates;
  if (systemNamespace !== undefined) {
    chosen = candidates.filter((c) => c.namespace === systemNamespace);
    for (const other of candidates.filter((c) => c.namespace !== systemNamespace)) {
      results.push({
        severity: 'warning',
        message: `${other.describedAs}: a kuma-cp install in namespace ${other.namespace}, not the settings' systemNamespace ${systemNamespace}; not used. Set systemNamespace: ${other.namespace} to derive the injector settings from it, or remove it from the input.`,
        ...(other.object === undefined ? {} : { resourceRef: refOf(other.object) }),
        tags: codeTag('KI0913'),
      });
    }
  }
  if (chosen.length === 0) return { kind: 'none', results };
  if (chosen.length > 1) {
    const list = chosen.map((c) => `${c.object === undefined ? c.describedAs : describe(c.object)} (systemNamespace ${c.namespace})`).join(', ');
    const same = new Set(chosen.map((c) => c.namespace)).size < chosen.length;
    return {
      kind: 'error',
      results: [...results, {
        severity: 'error',
        message: `the input holds ${chosen.length} kuma-cp installs: ${list}. ${same ? 'Keep one kuma-cp Deployment per namespace in the input' : 'Set systemNamespace to the namespace of the control plane that injects these workloads'}.`,
        field: { path: 'systemNamespace' },
        tags: codeTag('KI0909'),
      }],
    };
  }
  const install = chosen[0] as ControlPlaneInstall;
  const outcome = settingsFromInstall(install, lookups, release);
  return outcome.ok ? { kind: 'chosen', install, outcome, results: [...results, ...outcome.findings] } : { kind: 'error', results: [...results, ...outcome.findings] };
}
