import type { Result } from '../core/types.ts';
import { refOf } from '../core/results.ts';
import { codeTag } from '../core/result-codes.ts';
import type { ControlPlaneInstall, InstallSettingsOutcome, KeySource } from '../core/cp-config/install.ts';

/**
 * Precedence said out loud: explicit settings (KumaInject, flags) win over what the control plane's
 * install gives, and every explicit value that contradicts the install is a warning (the cluster
 * injects with the install's); an info result says where each setting that differs from the
 * release defaults comes from.
 */

type Outcome = Extract<InstallSettingsOutcome, { ok: true }>;

/** Maps that are one setting each (compared and reported whole, not key by key). */
const WHOLE: ReadonlySet<string> = new Set([
  'injector.sidecarContainer.envVars',
  'injector.exceptions.labels',
  'namespaces',
  'transparentProxyConfigs',
  'controlPlane.caCert',
]);

function leaves(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !WHOLE.has(prefix)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (prefix !== '') out.set(prefix, value);
  return out;
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string =>
    JSON.stringify(v, (_k, x: unknown) =>
      x !== null && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1)))
        : x,
    );
  return norm(a) === norm(b);
}

function shown(path: string, value: unknown): string {
  if (path === 'controlPlane.caCert' && typeof value === 'string') return value === '' ? '""' : `(a PEM of ${value.length} characters)`;
  return JSON.stringify(value);
}

function sourceText(source: KeySource | undefined): string {
  if (source === undefined || source.kind === 'default') return "kuma-cp's default";
  return source.kind === 'env' ? `env ${source.name}` : `config file key ${source.key}`;
}

/** Where a settings leaf of the install comes from: `runtime.kubernetes.injector.cniEnabled from env KUMA_...`. */
function installOrigin(outcome: Outcome, path: string): string {
  const configPath = outcome.settingsFrom[path];
  if (configPath === undefined) return 'the install';
  return `${configPath} from ${sourceText(outcome.sources[configPath])}`;
}

/**
 * Settings an explicit value adds to rather than contradicts: `meshes` lists Meshes that exist, and
 * one the control plane does not create may well exist (created by the platform team).
 */
const NOT_DRIFT: ReadonlySet<string> = new Set(['meshes']);

export function settingsDrift(
  install: ControlPlaneInstall,
  outcome: Outcome,
  explicit: readonly { body: Record<string, unknown>; origin: string }[],
): Result[] {
  const derived = leaves(outcome.settings);
  for (const path of NOT_DRIFT) derived.delete(path);
  const results: Result[] = [];
  for (const layer of explicit) {
    for (const [path, value] of leaves(layer.body)) {
      if (!derived.has(path) || same(derived.get(path), value)) continue;
      results.push({
        severity: 'warning',
        message: `${layer.origin}, ${path}: ${shown(path, value)} contradicts the control plane's install (${install.describedAs}), which gives ${shown(path, derived.get(path))} (${installOrigin(outcome, path)}). The explicit value is used here, the cluster injects with the install's: drop the setting to follow the install, or change the install.`,
        ...(install.object === undefined ? {} : { resourceRef: refOf(install.object) }),
        field: { path },
        tags: codeTag('KI0911'),
      });
    }
  }
  return results;
}

/** How the run reports and writes, not what the injector does: left out of the explanation. */
const NOT_EXPLAINED: ReadonlySet<string> = new Set([
  'release',
  'transparentProxyConfigs',
  'explainSettings',
  'previews',
  'previewsDir',
  'failOn',
  'ignore',
  'clusterState',
  'uninject',
]);

export function explainSettings(
  defaults: Record<string, unknown>,
  layers: readonly { body: Record<string, unknown>; origin: string; install?: Outcome | undefined }[],
  merged: Record<string, unknown>,
): Result[] {
  const base = leaves(defaults);
  const layerLeaves = layers.map((l) => ({ ...l, leaves: leaves(l.body) }));
  const lines: string[] = [];
  for (const [path, value] of leaves(merged)) {
    if (NOT_EXPLAINED.has(path.split('.')[0] as string) || same(base.get(path), value)) continue;
    const layer = [...layerLeaves].reverse().find((l) => l.leaves.has(path));
    const from =
      layer === undefined
        ? 'the release defaults'
        : layer.install !== undefined
          ? `${layer.origin}: ${installOrigin(layer.install, path)}`
          : layer.origin;
    lines.push(`${path} = ${shown(path, value)} (from ${from})`);
  }
  if (lines.length === 0)
    return [{ severity: 'info', message: 'settings: every injector setting is the release default.', tags: codeTag('KI0910') }];
  return [
    {
      severity: 'info',
      message: `settings that differ from the release defaults, and where each comes from:\n  ${lines.join('\n  ')}`,
      tags: codeTag('KI0910'),
    },
  ];
}
