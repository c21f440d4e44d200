import type { KubeObject, Result } from '../types.ts';
import { stringMap } from './json-shapes.ts';
import { stripInjectedParts, type PodView } from './injected-parts.ts';
import { containerChanges } from './injected-containers.ts';
import { RESTORABLE, restorableKeyName, type KeptValue } from './restore-annotations.ts';
import { USER_KEYS_ANNOTATION, type InjectionRecord } from './user-keys-marker.ts';
import { workloadResult } from './workload-results.ts';

/**
 * Returns what a re-render that changed the injected containers adds to its message ('' when it
 * changed none): those containers are always rendered from the settings, annotations and
 * ContainerPatches, so an edit made to them by hand is replaced (the injected template cannot tell
 * a settings change from a hand edit, hence info, not a warning).
 */
export function rerenderNote(rerendered: boolean, before: PodView, after: PodView): string {
  if (!rerendered) return '';
  const changed = containerChanges(before, after);
  if (changed.length === 0) return '';
  const names = changed.length === 1 ? changed[0] : `${changed.slice(0, -1).join(', ')} and ${changed.at(-1)}`;
  return (
    `; ${names} ${changed.length === 1 ? 'was' : 'were'} rendered again from the settings, annotations and ContainerPatches, ` +
    'so any hand edit to the injected containers is replaced. To change them, use a ContainerPatch (pod annotation kuma.io/container-patches) or the injector settings instead of editing them'
  );
}

/**
 * Returns info about values kept as the template's own during a re-render without the marker
 * although the current settings would write something else: either the user's choice, or left by
 * an injection with other settings (the injected pod cannot tell which, so nothing is dropped).
 */
export function keptNotes(object: KubeObject, prefix: string, kept: readonly KeptValue[]): Result[] {
  return kept
    .filter((k) => k.currentSettingsWrite !== undefined && k.currentSettingsWrite !== k.value)
    .map((k) => {
      const field = `${prefix}metadata.${k.on}["${k.key}"]`;
      return workloadResult(
        'KI0211',
        'info',
        object,
        `kept as the workload's own value (got "${k.value}"); the current settings would write "${k.currentSettingsWrite}". ` +
          'If an earlier injection with other settings wrote it, delete it from the template to take the current default.',
        field,
      );
    });
}

/**
 * Returns info about injector-written values a re-render with the marker replaced: the marker
 * does not list them, so they follow the settings. A value edited by hand in the injected template
 * is replaced the same way, so the note says how to keep a value of one's own.
 */
export function rederivedNotes(object: KubeObject, prefix: string, record: InjectionRecord, before: PodView, after: PodView): Result[] {
  const was = stripInjectedParts(before);
  const now = stripInjectedParts(after);
  const results: Result[] = [];
  for (const entry of RESTORABLE) {
    const name = restorableKeyName(entry);
    if (record.userKeys.has(name)) continue;
    const old = stringMap(was.metadata[entry.on])[entry.key];
    const fresh = stringMap(now.metadata[entry.on])[entry.key];
    if (old === undefined || old === fresh) continue;
    results.push(
      workloadResult(
        'KI0212',
        'info',
        object,
        `written by the injector, ${fresh === undefined ? 'now removed: the current settings do not write it' : `now "${fresh}" from the current settings`} (got "${old}"); ` +
          `${USER_KEYS_ANNOTATION} on the workload does not list it as the workload's own. ` +
          `To keep a value of your own, set it and add ${name} to ${USER_KEYS_ANNOTATION}, or set it in the manifest before injection.`,
        `${prefix}metadata.${entry.on}["${entry.key}"]`,
      ),
    );
  }
  return results;
}
