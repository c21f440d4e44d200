import { loadBounded } from '../config/bounded-yaml.ts';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KubeObject } from '../core/types.ts';
import { checkOverrides, settingsFromFunctionConfig } from '../config/function-config.ts';
import { formatReport } from '../krm/report.ts';
import { yamlProblemAt } from '../krm/input-error.ts';
import { decodeUtf8, notUtf8Words } from '../krm/utf8-text.ts';

/** A settings file read and checked (`name`: its metadata.name), or the message that says why it cannot be used. */
export type SettingsFile =
  | {
      ok: true;
      path: string;
      text: string;
      name: string | undefined;
      kind: string;
      /** values of the `hostKeys` the file held */ host: Record<string, unknown>;
    }
  | { ok: false; message: string };

/**
 * How messages name a settings file: by default `<what> <file>`; a host that hands over a temp
 * file (kustomize) names it by its object instead, which is what the user wrote.
 */
export type FileLabel = (name: string | undefined) => string;

/**
 * Reads a `--config` (or kustomize plugin config) file and checks it against the settings schema
 * before any manifest is touched, so a wrong setting is a configuration error (exit 2), reported
 * with every problem at once. `hostKeys` are top-level keys the host consumes; they are dropped.
 */
export async function readSettingsFile(
  file: string,
  cwd: string,
  what = '--config',
  hostKeys: readonly string[] = [],
  label?: FileLabel,
): Promise<SettingsFile> {
  const path = resolve(cwd, file);
  let bytes: Uint8Array;
  try {
    // A named pipe would hold the run until something writes to it, a device would never end.
    if (!statSync(path).isFile())
      return { ok: false, message: `${what} ${file}: not a regular file (looked at ${path}); give a settings file` };
    // Read at once: nothing else runs before the settings are known, and the promise API's
    // file handle and thread-pool round trips cost more than the read of a small file.
    bytes = readFileSync(path);
  } catch {
    return { ok: false, message: `${what} ${file}: no such file (looked at ${path})` };
  }
  const named = label ?? (() => `${what} ${file}`);
  const text = decodeUtf8(bytes);
  if (!text.ok) return { ok: false, message: `${named(undefined)}: ${notUtf8Words(text.problem)}` };
  return settingsFromText(text.text, path, named, hostKeys);
}

/** The same checks as {@link readSettingsFile}, for settings that are already text (`path` names where they come from). */
export function settingsFromText(text: string, path: string, named: FileLabel, hostKeys: readonly string[] = []): SettingsFile {
  let object: unknown;
  try {
    object = loadBounded(text);
  } catch (error) {
    return { ok: false, message: `${named(undefined)}: not valid YAML (${yamlProblemAt(error)}). Fix the file.` };
  }
  if (typeof object !== 'object' || object === null || typeof (object as KubeObject).kind !== 'string') {
    return {
      ok: false,
      message: `${named(undefined)}: expected one object with apiVersion fn.kuma-inject.dev/v1alpha1 and kind KumaInject (or a ConfigMap)`,
    };
  }
  const config = object as KubeObject;
  config.metadata ??= {};
  const name = typeof config.metadata.name === 'string' ? config.metadata.name : undefined;
  // Keys the host reads itself (kustomize's argsOneLiner/argsFromFile) are not settings.
  const hostOwned = hostKeys.filter((key) => key in config);
  const host: Record<string, unknown> = {};
  for (const key of hostOwned) {
    host[key] = config[key];
    delete config[key];
  }
  const checked = settingsFromFunctionConfig(config);
  if (!checked.ok) return { ok: false, message: `${named(name)} is not valid:\n${formatReport(checked.results).trimEnd()}` };
  return { ok: true, path, text: hostOwned.length === 0 ? text : JSON.stringify(config), name, kind: config.kind, host };
}

/** The problems of settings given as flags or env, as one message; undefined when they are fine. */
export function overridesProblem(overrides: Record<string, unknown>, origin: string): string | undefined {
  if (Object.keys(overrides).length === 0) return undefined;
  const results = checkOverrides(overrides, origin);
  return results.length === 0 ? undefined : formatReport(results).trimEnd();
}
