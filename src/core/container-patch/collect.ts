import type { KubeObject, Result } from '../types.ts';
import { describe, resultFor } from '../results.ts';
import type { ContainerPatchSpec, NamedContainerPatch, PatchTarget } from './types.ts';
import { checkOp, isOutsideCrdEnum, CRD_OPS } from './op-shape.ts';
import { isJsonObject } from './json-pointer.ts';
import { describeOp, opFieldPath } from './messages.ts';
import { nearestName } from '../nearest-name.ts';

const TARGETS: readonly PatchTarget[] = ['sidecarPatch', 'initPatch'];
/** The fields of a JsonPatchBlock in the ContainerPatch CRD. */
const OP_FIELDS: readonly string[] = ['op', 'path', 'value', 'from'];

/** True for a kuma.io/v1alpha1 ContainerPatch. */
function isContainerPatch(item: KubeObject): boolean {
  return item.kind === 'ContainerPatch' && item.apiVersion === 'kuma.io/v1alpha1';
}

/**
 * ContainerPatches of the bundle usable by the injector (system namespace only) + warnings for the
 * others. Like the webhook, only the system namespace is searched, so a ContainerPatch elsewhere is
 * never applied, even when a workload names it. Malformed objects are reported as errors (naming
 * the object and field) and still listed, so a workload that uses one fails with the op's error
 * instead of a misleading "missing".
 */
export function collectContainerPatches(
  items: readonly KubeObject[],
  systemNamespace: string,
): { byName: Map<string, NamedContainerPatch>; results: Result[] } {
  const byName = new Map<string, NamedContainerPatch>();
  const results: Result[] = [];
  for (const item of items) {
    if (!isContainerPatch(item)) continue;
    const name = item.metadata.name;
    const namespace = item.metadata.namespace;
    if (namespace !== systemNamespace) {
      const where = namespace === undefined ? 'has no metadata.namespace' : `is in namespace "${namespace}"`;
      results.push(
        resultFor(
          'KI0401',
          'warning',
          item,
          `${describe(item)}, metadata.namespace: ContainerPatch ${where}, so it is never applied, even to workloads that name it (got ${JSON.stringify(namespace ?? null)}); ` +
            `expected "${systemNamespace}": the webhook only reads ContainerPatches from the system namespace, and the API server rejects them elsewhere. Move it to namespace "${systemNamespace}".`,
          'metadata.namespace',
        ),
      );
      continue;
    }
    if (name === undefined || name === '') {
      results.push(
        resultFor(
          'KI0402',
          'error',
          item,
          `${describe(item)}, metadata.name: ContainerPatch has no name (got nothing); expected the name workloads list in kuma.io/container-patches. Add metadata.name.`,
          'metadata.name',
        ),
      );
      continue;
    }
    const shape = checkShape(item);
    results.push(...shape.results);
    if (byName.has(name)) {
      results.push(
        resultFor(
          'KI0403',
          'error',
          item,
          `${describe(item)}, metadata.name: a second ContainerPatch with this name (got ${JSON.stringify(name)} twice); expected one object per name in "${systemNamespace}". Remove or rename one of them.`,
          'metadata.name',
        ),
      );
      continue;
    }
    byName.set(name, { name, spec: shape.spec, object: item });
  }
  return { byName, results };
}

/** Checks `spec` and every op of a ContainerPatch; returns the spec to use and what is wrong. */
function checkShape(item: KubeObject): { spec: ContainerPatchSpec; results: Result[] } {
  const results: Result[] = [];
  const spec = item['spec'];
  if (spec !== undefined && !isJsonObject(spec)) {
    results.push(
      resultFor(
        'KI0404',
        'error',
        item,
        `${describe(item)}, spec: spec is not a mapping (got ${JSON.stringify(spec)}); expected {sidecarPatch: [...], initPatch: [...]}. Fix the spec.`,
        'spec',
      ),
    );
    return { spec: {}, results };
  }
  const out: ContainerPatchSpec = {};
  for (const key of Object.keys(spec ?? {})) {
    if (!(TARGETS as readonly string[]).includes(key)) results.push(unknownField(item, 'spec', key, TARGETS));
  }
  for (const target of TARGETS) {
    const list = spec?.[target];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      results.push(
        resultFor(
          'KI0404',
          'error',
          item,
          `${describe(item)}, spec.${target}: not a list (got ${JSON.stringify(list)}); expected a list of JSON-patch operations. Write it as a YAML sequence.`,
          `spec.${target}`,
        ),
      );
      continue;
    }
    list.forEach((raw: unknown, index) => {
      const at = `${describe(item)}, ${opFieldPath(target, index)} (${describeOp(raw)})`;
      if (isJsonObject(raw)) {
        for (const key of Object.keys(raw)) {
          if (!OP_FIELDS.includes(key)) results.push(unknownField(item, opFieldPath(target, index), key, OP_FIELDS));
        }
      }
      const checked = checkOp(raw);
      if (!checked.ok) {
        const p = checked.problem;
        results.push(
          resultFor(
            'KI0405',
            'error',
            item,
            `${at}: ${p.what} (got ${p.got}); expected ${p.expected}. ${p.fix}`,
            opFieldPath(target, index),
          ),
        );
      } else if (isJsonObject(raw) && isOutsideCrdEnum(raw['op'])) {
        results.push(
          resultFor(
            'KI0406',
            'warning',
            item,
            `${at}: the ContainerPatch CRD does not admit op ${JSON.stringify(raw['op'])} (got ${JSON.stringify(raw['op'])}); expected one of ${CRD_OPS.join(', ')}. The API server will reject this object; drop the op or express it with the admitted ones.`,
            opFieldPath(target, index),
          ),
        );
      }
    });
    (out as Record<string, unknown>)[target] = list;
  }
  return { spec: out, results };
}

/** kubectl's default field validation (Strict) rejects unknown fields; without it the API server drops them. */
function unknownField(item: KubeObject, at: string, key: string, known: readonly string[]): Result {
  const near = nearestName(key, known);
  const fix = near === undefined ? 'Remove it.' : `Did you mean "${near}"?`;
  return resultFor(
    'KI0407',
    'error',
    item,
    `${describe(item)}, ${at}.${key}: unknown field of the ContainerPatch CRD (got ${JSON.stringify(key)}); expected one of ${known.join(', ')}: kubectl rejects it, and without field validation the API server silently drops it. ${fix}`,
    `${at}.${key}`,
  );
}
