import type { Result } from '../types.ts';
import { applyContainerPatches } from '../container-patch/apply.ts';
import type { NamedContainerPatch, PatchTarget } from '../container-patch/types.ts';
import type { Settings } from '../settings.ts';
import { getList, type StringMap } from './annotation-values.ts';
import { goQuoteList } from '../kuma-api/go-strconv.ts';
import { KEY, annotationPath } from './keys.ts';
import type { Container } from './pod-shape.ts';
import { WebhookError } from './webhook-error.ts';

/**
 * ContainerPatch lookup and application (spec §15): names from config `containerPatches` then the
 * pod's `kuma.io/container-patches` (duplicates kept), each read from the system namespace.
 */

/** The patches a pod asks for, in order. Throws the webhook's error when some are missing. */
export function loadPatches(
  pod: StringMap,
  settings: Settings,
  lookup: (name: string) => NamedContainerPatch | undefined,
): NamedContainerPatch[] {
  const names = [...settings.injector.containerPatches, ...(getList(pod, KEY.containerPatches) ?? [])];
  const found: NamedContainerPatch[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const patch = lookup(name);
    if (patch === undefined) missing.push(name);
    else found.push(patch);
  }
  if (missing.length > 0) {
    const fromPod = missing.some((name) => !settings.injector.containerPatches.includes(name));
    const options: { field?: string; got: string; hint: string } = {
      got: missing.join(','),
      hint: `expected a ContainerPatch of that name in namespace ${settings.systemNamespace}. Add it to the bundle or remove the name`,
    };
    if (fromPod) options.field = annotationPath(KEY.containerPatches);
    throw new WebhookError(`it appears some expected container patches are missing: ${goQuoteList(missing)}`, options);
  }
  return found;
}

export type PatchStep = { ok: true; container: Container; results: Result[] } | { ok: false; message: string; results: Result[] };

/** Applies the `target` lists of `patches` to `container`; untouched when none has such a list. */
export function patchContainer(container: Container, patches: readonly NamedContainerPatch[], target: PatchTarget): PatchStep {
  const relevant = patches.filter((p) => (p.spec[target]?.length ?? 0) > 0);
  if (relevant.length === 0) return { ok: true, container, results: [] };
  const outcome = applyContainerPatches(container, relevant, target);
  if (!outcome.ok) {
    const names = goQuoteList(relevant.map((p) => p.name));
    const cause = outcome.results.find((r) => r.severity === 'error')?.message ?? 'the patch does not apply';
    return { ok: false, message: `could not apply patches ${names}: ${cause}`, results: outcome.results };
  }
  return { ok: true, container: outcome.container as Container, results: outcome.results };
}
