import { parseSettingValue, setAtPath, SETTING_FLAGS } from './setting-flags.ts';

/** Settings from the environment Argo CD gives a CMP command, or the first problem found. */
export type EnvSettings = { ok: true; overrides: Record<string, unknown>; configFile?: string } | { ok: false; message: string };

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
  return config === undefined ? { ok: true, overrides } : { ok: true, overrides, configFile: config.value };
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
