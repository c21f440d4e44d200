import { nearestName } from '../core/nearest-name.ts';
import { parseSettingValue, setAtPath, SETTING_FLAGS } from './setting-flags.ts';

/**
 * Settings from the environment Argo CD gives a CMP command, or the first problem found.
 * `warnings` (only when there are some): parameters that match no setting and are ignored.
 */
export type EnvSettings =
  | {
      ok: true;
      overrides: Record<string, unknown>;
      configFile?: string;
      /** the variable that named configFile */ configSetting?: string;
      warnings?: string[];
    }
  | { ok: false; message: string };

/** Every name after `PARAM_` that means something here. */
const PARAMETER_NAMES: readonly string[] = [...SETTING_FLAGS.map((f) => f.env), 'CONFIG'];

/**
 * Reads `spec.source.plugin.env` (ARGOCD_ENV_<NAME>) and `spec.source.plugin.parameters`
 * (PARAM_<NAME>, PARAM_<NAME>_<i> for arrays); parameters win over env. `CONFIG` names the
 * settings file relative to the app directory.
 */
export function settingsFromArgoEnv(env: NodeJS.ProcessEnv): EnvSettings {
  const overrides: Record<string, unknown> = {};
  for (const flag of SETTING_FLAGS) {
    const found = lookup(env, flag.env);
    if (found === undefined) continue;
    const parsed = parseSettingValue(flag, found.value, found.name);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    setAtPath(overrides, flag.path, parsed.value);
  }
  const config = lookup(env, 'CONFIG');
  const settings: EnvSettings =
    config === undefined ? { ok: true, overrides } : { ok: true, overrides, configFile: config.value, configSetting: config.name };
  const warnings = unknownParameters(env);
  if (warnings.length > 0) settings.warnings = warnings;
  return settings;
}

/** Where Argo CD's variables for the plugin come from: parameters (`PARAM_*`) and env (`ARGOCD_ENV_*`). */
const SOURCES: readonly { prefix: string; what: string; field: string; arrays: boolean; shown: (name: string) => string }[] = [
  {
    prefix: 'PARAM_',
    what: 'parameter',
    field: 'spec.source.plugin.parameters',
    arrays: true,
    shown: (n) => n.toLowerCase().replace(/_/g, '-'),
  },
  { prefix: 'ARGOCD_ENV_', what: 'env variable', field: 'spec.source.plugin.env', arrays: false, shown: (n) => `ARGOCD_ENV_${n}` },
];

/**
 * One warning per `PARAM_*` or `ARGOCD_ENV_*` variable that names no setting: a typo in the
 * Application's `spec.source.plugin.parameters` or `spec.source.plugin.env` would otherwise be
 * ignored without a word (Argo CD gives this prefix only to the plugin's own env).
 */
function unknownParameters(env: NodeJS.ProcessEnv): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(env).sort()) {
    const source = SOURCES.find((s) => key.startsWith(s.prefix));
    if (source === undefined) continue;
    const name = key.slice(source.prefix.length);
    // Array parameters come as PARAM_<NAME>_<i>.
    const base = source.arrays ? name.replace(/_\d+$/, '') : name;
    if (PARAMETER_NAMES.includes(name) || PARAMETER_NAMES.includes(base)) continue;
    const near = nearestName(base, PARAMETER_NAMES);
    const hint =
      near === undefined
        ? `known ${source.what}s: ${PARAMETER_NAMES.map(source.shown).join(', ')}.`
        : `did you mean ${source.shown(near)}${source.arrays ? ` (${source.prefix}${near})` : ''}?`;
    warnings.push(`${key}: no setting has this ${source.what} name, so it is ignored; ${hint} Fix ${source.field} of the Application.`);
  }
  return warnings;
}

function lookup(env: NodeJS.ProcessEnv, name: string): { name: string; value: string } | undefined {
  const items: string[] = [];
  for (let i = 0; env[`PARAM_${name}_${i}`] !== undefined; i++) items.push(env[`PARAM_${name}_${i}`] ?? '');
  if (items.length > 0) return { name: `PARAM_${name}_0..${items.length - 1}`, value: items.join(',') };
  for (const key of [`PARAM_${name}`, `ARGOCD_ENV_${name}`]) {
    const value = env[key];
    if (value !== undefined) return { name: key, value };
  }
  return undefined;
}
