import { isRecord, recordList, type JsonRecord } from './json-shapes.ts';
import { stripInjectedParts, type PodView } from './injected-parts.ts';
import { probePortNamesOf } from './restore-probes.ts';
import { PROBE_KINDS } from '../probe-kinds.ts';

/**
 * The probes of `original` that `injected` (its injection) would not give back exactly by itself,
 * keyed `<container>/<probe>`, each as the user wrote it: the webhook's rewrite keeps no trace of
 * an httpGet `host`, an explicit `scheme: HTTP`, a missing path or the handler's key order, so the
 * workload's record carries them (user-keys-marker.ts). Compared as written, key order included,
 * since uninject should give back the bytes the user had. Empty when every probe comes back.
 */
export function probeOriginalsOf(original: PodView, injected: PodView): Record<string, JsonRecord> {
  const portNames = new Map(
    probePortNamesOf(original.spec).map((entry) => {
      const eq = entry.indexOf('=');
      return [entry.slice(0, eq), entry.slice(eq + 1)] as const;
    }),
  );
  const back = stripInjectedParts(injected, { portNames, originals: new Map() });
  const out: Record<string, JsonRecord> = {};
  for (const list of ['initContainers', 'containers']) {
    const restored = recordList(back.spec, list) ?? [];
    for (const container of recordList(original.spec, list) ?? []) {
      const again = restored.find((c) => c.name === container.name);
      for (const key of PROBE_KINDS) {
        const probe = container[key];
        if (!isRecord(probe) || again === undefined) continue;
        if (JSON.stringify(again[key]) !== JSON.stringify(probe)) out[`${String(container.name)}/${key}`] = probe;
      }
    }
  }
  return out;
}
