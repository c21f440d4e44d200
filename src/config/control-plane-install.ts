import type { KubeObject, Result } from '../core/types.ts';
import { describe, refOf } from '../core/results.ts';
import { codeTag } from '../core/result-codes.ts';
import type { YamlReader } from '../core/go-yaml/yaml-node.ts';
import type { ControlPlaneInstall, InstallLookups, InstallSettingsOutcome } from '../core/cp-config/install.ts';
import { controlPlaneDeployments, installFromDeployment } from '../core/cp-config/read-install.ts';
import { settingsFromInstall } from '../core/cp-config/settings.ts';
import type { CpConfigRelease } from '../core/cp-config/key-table.ts';
import { nameText } from '../core/identity-fields.ts';

/**
 * The control plane of a run, read from its rendered install: the kuma-cp Deployment of the input
 * (kept in the output as it is) or of a side input (never output), with the Secrets and ConfigMaps
 * it names looked up in both. One install per run: several are told apart by `systemNamespace`.
 */

export function installLookups(bundle: readonly KubeObject[], side: readonly KubeObject[], readYaml: YamlReader): InstallLookups {
  const index = new Map<string, { object: KubeObject; origin: 'bundle' | 'side-input' }>();
  const key = (kind: string, ns: string, name: string) => `${kind}\u0000${ns}\u0000${name}`;
  for (const [objects, origin] of [
    [side, 'side-input'],
    [bundle, 'bundle'],
  ] as const) {
    for (const o of objects) {
      if ((o.kind === 'Secret' || o.kind === 'ConfigMap') && o.apiVersion === 'v1')
        index.set(key(o.kind, o.metadata.namespace ?? '', o.metadata.name ?? ''), { object: o, origin });
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
 * config from it. `systemNamespace` is the user's explicit choice, if any. `rendered` is an install
 * rendered from Helm values (`--helm-values`): used when the input and side inputs hold none; when
 * they do, the rendered objects are what the cluster runs and every setting the values would give
 * differently is a warning.
 */
export function controlPlaneInstall(
  bundle: readonly KubeObject[],
  side: readonly KubeObject[],
  systemNamespace: string | undefined,
  fallbackNamespace: string,
  release: CpConfigRelease,
  readYaml: YamlReader,
  rendered?: ControlPlaneInstall,
): InstallChoice {
  const lookups = installLookups(bundle, side, readYaml);
  const found = [
    ...controlPlaneDeployments(bundle).map((d) => installFromDeployment(d, { kind: 'bundle' }, fallbackNamespace, lookups)),
    ...controlPlaneDeployments(side).map((d) =>
      installFromDeployment(d, { kind: 'side-input', source: 'cluster state' }, fallbackNamespace, lookups),
    ),
  ]
    .filter((i): i is ControlPlaneInstall => i !== undefined)
    .map((i) => withCertManagerSecrets(i, [...bundle, ...side], lookups));
  if (rendered !== undefined && found.length > 0) {
    const choice = controlPlaneInstall(bundle, side, systemNamespace, fallbackNamespace, release, readYaml);
    if (choice.kind !== 'chosen' || !choice.outcome.ok) return choice;
    const fromValues = settingsFromInstall(rendered, lookups, release);
    return { ...choice, results: [...choice.results, ...valuesDifferences(rendered, fromValues, choice.install, choice.outcome)] };
  }
  const candidates = rendered === undefined ? found : [rendered];
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
    const list = chosen
      .map((c) => `${c.object === undefined ? c.describedAs : describe(c.object)} (systemNamespace ${c.namespace})`)
      .join(', ');
    const same = new Set(chosen.map((c) => c.namespace)).size < chosen.length;
    return {
      kind: 'error',
      results: [
        ...results,
        {
          severity: 'error',
          message: `the input holds ${chosen.length} kuma-cp installs: ${list}. ${same ? 'Keep one kuma-cp Deployment per namespace in the input' : 'Set systemNamespace to the namespace of the control plane that injects these workloads'}.`,
          field: { path: 'systemNamespace' },
          tags: codeTag('KI0909'),
        },
      ],
    };
  }
  const install = chosen[0] as ControlPlaneInstall;
  const outcome = settingsFromInstall(install, lookups, release);
  return outcome.ok
    ? { kind: 'chosen', install, outcome, results: [...results, ...outcome.findings] }
    : { kind: 'error', results: [...results, ...outcome.findings] };
}

/** Settings leaves of two outcomes that differ (whole maps compared as one value). */
function differingLeaves(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const flat = (value: unknown, prefix: string, out: Map<string, string>): Map<string, string> => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !prefix.endsWith('envVars') && !prefix.endsWith('labels')) {
      for (const [k, v] of Object.entries(value)) flat(v, prefix === '' ? k : `${prefix}.${k}`, out);
    } else out.set(prefix, JSON.stringify(value));
    return out;
  };
  const left = flat(a, '', new Map());
  const right = flat(b, '', new Map());
  return [...new Set([...left.keys(), ...right.keys()])].filter((k) => left.get(k) !== right.get(k)).sort();
}

/** The values render and the rendered install disagree: the install in the input wins, each difference is a warning. */
function valuesDifferences(
  values: ControlPlaneInstall,
  fromValues: InstallSettingsOutcome,
  install: ControlPlaneInstall,
  outcome: Extract<InstallSettingsOutcome, { ok: true }>,
): Result[] {
  const where = install.object === undefined ? {} : { resourceRef: refOf(install.object) };
  if (!fromValues.ok) {
    return [
      {
        severity: 'warning',
        message: `${values.describedAs}: these values render a control plane kuma-cp would not start with, while the input holds ${install.describedAs}, which is used.`,
        ...where,
        tags: codeTag('KI0914'),
      },
    ];
  }
  return differingLeaves(fromValues.settings, outcome.settings).map((path) => {
    const get = (body: Record<string, unknown>) =>
      JSON.stringify(path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], body));
    return {
      severity: 'warning' as const,
      message: `${values.describedAs} give ${path} = ${get(fromValues.settings)}, but the install in the input (${install.describedAs}) has ${get(outcome.settings)}; the input's install is used (it is what the cluster runs). Bring the values and the rendered install back in line (render again, or fix the values).`,
      ...where,
      field: { path },
      tags: codeTag('KI0914'),
    };
  });
}

/**
 * A Secret that a cert-manager Certificate of the input names, and that is not itself in the input
 * or the side inputs, is written by cert-manager at run time: its content (the CA) is unknowable
 * offline, and the finding says so instead of "not in the input".
 */
function withCertManagerSecrets(
  install: ControlPlaneInstall,
  objects: readonly KubeObject[],
  lookups: InstallLookups,
): ControlPlaneInstall {
  const written = objects
    .filter(
      (o) =>
        o.kind === 'Certificate' &&
        o.apiVersion.startsWith('cert-manager.io/') &&
        (o.metadata.namespace ?? install.namespace) === install.namespace,
    )
    .map((o) => ({
      certificate: nameText(o),
      secret: String((o['spec'] as Record<string, unknown> | undefined)?.['secretName'] ?? ''),
    }))
    .filter((c) => c.secret !== '' && lookups.find('Secret', install.namespace, c.secret) === undefined);
  if (written.length === 0) return install;
  return {
    ...install,
    unknownObjects: [
      ...(install.unknownObjects ?? []),
      ...written.map((c) => ({
        kind: 'Secret' as const,
        name: c.secret,
        reason: `written by cert-manager at run time for Certificate ${install.namespace}/${c.certificate}, so its content is only known in the cluster`,
      })),
    ],
  };
}
