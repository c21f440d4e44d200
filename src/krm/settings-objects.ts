import type { KubeObject, Result } from '../core/types.ts';
import { describe, resultFor } from '../core/results.ts';
import { codeTag } from '../core/result-codes.ts';
import { FUNCTION_CONFIG_API_VERSION, FUNCTION_CONFIG_KIND } from '../config/settings-schema.ts';
import { lineAt } from './input-error.ts';
import type { ParsedInput, SourceItem } from './read.ts';

/** The input without its KumaInject objects, the one to use as settings, and what was done with them. */
export function takeSettingsObjects(
  text: string,
  input: ParsedInput,
  configGiven: boolean,
): { input: ParsedInput; config: KubeObject | undefined; results: Result[] } {
  const found = input.items.filter((item) => isSettingsObject(item.object));
  if (found.length === 0) return { input, config: undefined, results: [] };
  const named = (item: SourceItem) => `${describe(item.object)}, at input line ${lineAt(text, item.offset)}`;
  const rest = { ...input, items: input.items.filter((item) => !found.includes(item)) };
  const only = found.length === 1 ? found[0] : undefined;
  if (only !== undefined && !configGiven) {
    const message = `${named(only)}: used as the settings of this run and left out of the output (a package's functionConfig, not a manifest). Give --config FILE to use other settings.`;
    return { input: rest, config: only.object, results: [resultFor('KI0106', 'info', only.object, message)] };
  }
  const why = configGiven
    ? 'the settings come from --config, not from these objects'
    : `${found.length} settings objects in the input, so none is used: the settings come from the flags, the version profile and the bundle only. Name the one to use with --config FILE`;
  const message = `${found.map(named).join(', ')}: left out of the output (settings objects, not manifests); ${why}.`;
  return { input: rest, config: undefined, results: [{ severity: 'warning', message, tags: codeTag('KI0107') }] };
}

function isSettingsObject(object: KubeObject): boolean {
  return object.apiVersion === FUNCTION_CONFIG_API_VERSION && object.kind === FUNCTION_CONFIG_KIND;
}
