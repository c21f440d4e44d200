import type { KubeObject, Result } from '../types.ts';
import { isRecord } from '../json-record.ts';
import { describe, resultFor } from '../results.ts';
import { codeTag } from '../result-codes.ts';
import { misspeltKumaKey } from '../kuma-api/metadata-keys.ts';

interface Misspelt {
  /** `metadata.labels["kuma.io/sidecar-injecton"]`, after the prefix given. */
  field: string;
  text: string;
}

/**
 * The label and annotation keys of `metadata` that are near misses of a key Kuma reads
 * (`kuma.io/sidecar-injecton: enabled`): the webhook and the control plane ignore them without a
 * word, so the workload is not injected, or injected without the setting, and nothing says why.
 */
function misspelt(metadata: unknown, prefix: string, fix: string): Misspelt[] {
  if (!isRecord(metadata)) return [];
  const found: Misspelt[] = [];
  for (const on of ['labels', 'annotations'] as const) {
    const map = metadata[on];
    if (!isRecord(map)) continue;
    for (const key of Object.keys(map)) {
      const meant = misspeltKumaKey(key);
      if (meant === undefined) continue;
      const field = `${prefix}${on}["${key}"]`;
      const what = on === 'labels' ? 'a label' : 'an annotation';
      found.push({ field, text: `${field}: not ${what} Kuma reads, so it does not do what "${meant}" does; did you mean that? ${fix}` });
    }
  }
  return found;
}

/** KI0226 for `object`, whose metadata (or its pods') sits at `prefix` (`spec.template.` for a workload's pods). */
export function kumaKeyTypoResults(object: KubeObject, metadata: unknown, prefix: string): Result[] {
  return misspelt(metadata, `${prefix}metadata.`, 'Rename it, or remove it.').map(({ field, text }) =>
    resultFor('KI0226', 'warning', object, `${describe(object)}, ${text}`, field),
  );
}

/** KI0226 for the settings' `namespaces`, which stand for Namespaces the bundle does not hold. */
export function settingsKeyTypoResults(namespaces: Readonly<Record<string, unknown>>): Result[] {
  return Object.entries(namespaces).flatMap(([name, info]) =>
    misspelt(info, `namespaces.${name}.`, 'Rename it in the settings, or remove it.').map(({ field, text }) => ({
      severity: 'warning' as const,
      message: `settings ${text}`,
      field: { path: field },
      tags: codeTag('KI0226'),
    })),
  );
}
