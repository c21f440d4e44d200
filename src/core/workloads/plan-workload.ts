import type { KubeObject, ObjectMeta, Result } from '../types.ts';
import type { NamespaceInfo, Settings } from '../settings.ts';
import type { NamedContainerPatch } from '../container-patch/types.ts';
import { deepEqual } from '../deep-equal.ts';
import { describe } from '../results.ts';
import { injectPod, type InjectContext, type PodLike } from '../inject/inject-pod.ts';
import { templateFieldPrefix, withPodTemplate, type FoundPodTemplate } from './pod-template.ts';
import { lookupPodTemplate } from './template-shape.ts';
import { injectionGate, namespaceInfoOf, resolveNamespace } from './injection-gate.ts';
import { hasSidecarContainer, INJECTED_CONTAINERS, INJECTED_VOLUMES, isInjected, type PodView } from './injected-parts.ts';
import { duplicateMessage, duplicateNames, ownInjectorNames, repeatedWithinLists } from './duplicate-names.ts';
import { originalOf } from './strip-injection.ts';
import { podAsTemplate, templateAsPod } from './template-pod.ts';
import { retarget, workloadResult } from './workload-results.ts';
import { injectedPortResults, restoredPortResults } from './injected-ports.ts';
import { undeclaredProbePortResults } from './undeclared-probe-ports.ts';
import { MESH_LABEL } from './webhook-selection.ts';
import { isRecord, stringMap } from './json-shapes.ts';
import { controllerLabelException } from './controller-labels.ts';
import {
  EMPTY_MAP_ENTRIES,
  USER_KEYS_ANNOTATION,
  emptyListEntry,
  emptyMapEntry,
  EMPTY_LIST_ENTRIES,
  recordedEmptyMap,
  readRecord,
  withUserKeys,
  withoutUserKeys,
  type InjectionRecord,
} from './user-keys-marker.ts';
import { probeOriginalsOf } from './probe-record.ts';
import { probePortNamesOf } from './restore-probes.ts';
import { userKeyEntries } from './restore-annotations.ts';
import { nonStringMetadata } from './metadata-values.ts';
import { podSpecPortProblems, portResults } from '../port-fields.ts';
import { keptNotes, rederivedNotes, rerenderNote } from './rerender-notes.ts';

/**
 * A kuma-sidecar container without the injector's `kuma.io/sidecar-injected` mark is the pod's
 * own: the webhook skips the pod as already injected (any container of that name counts), so it
 * never joins the mesh although the namespace says it should.
 */
const FOREIGN_SIDECAR =
  'not injected: the pod has its own container named kuma-sidecar (without the kuma.io/sidecar-injected: "true" annotation the injector writes), ' +
  'and the mesh webhook skips any pod with a kuma-sidecar container as already injected, so its pods never join the mesh. ' +
  'Rename that container (kuma-sidecar is the name of the injected sidecar), or, if a sidecar injected elsewhere, add the annotation.';

/** What the workload layer reads besides the object: the bundle's view of the cluster. */
export interface WorkloadContext {
  settings: Settings;
  /** Namespace objects of the bundle (they win over Settings.namespaces). */
  namespaces: ReadonlyMap<string, NamespaceInfo>;
  meshExists(name: string): boolean;
  containerPatch(name: string): NamedContainerPatch | undefined;
  servicesSelecting(namespace: string, podLabels: Record<string, string>): KubeObject[];
}

export interface WorkloadPlan {
  /** The SAME reference as the input when nothing changes, else a new object. */
  object: KubeObject;
  changed: boolean;
  /** The injected pod (for Dataplane previews), also when a re-render changed nothing. */
  injected?: {
    pod: { metadata: ObjectMeta; spec: Record<string, unknown> };
    namespace: string;
    namespaceLabels: Record<string, string>;
    namespaceAnnotations: Record<string, string>;
  };
  decision: 'injected' | 'skipped' | 'uninjected' | 'failed';
  /** Per-workload results; resourceRef = the workload. */
  results: Result[];
}

/**
 * Returns what the mesh would do to this workload's pods, as a new object and results, or
 * undefined when the object holds no pod template. A pod template of an odd shape (template-shape.ts)
 * is skipped with the reason. An already injected template is first given back its original form (from the
 * workload's `kuma-inject.dev/user-keys` record when present, else stripInjection's judge) and
 * then injected again, so a run on our own output changes nothing and a settings or version
 * change shows up exactly as a fresh injection would. Never mutates
 * `object`; returns it as is (same reference) whenever the result would be deep-equal.
 */
export function planWorkload(object: KubeObject, ctx: WorkloadContext): WorkloadPlan | undefined {
  const lookup = lookupPodTemplate(object, ctx.settings.workloadKinds);
  if (lookup.kind === 'none') return undefined;
  // A pod template kuma-inject cannot work on is still counted: skipped, with the reason.
  if (lookup.kind === 'odd') return keep(object, 'skipped', [lookup.result]);
  const found = lookup.found;
  const prefix = templateFieldPrefix(found.path);
  const isPod = found.path.length === 0;
  const repeated = repeatedWithinLists(found.template.spec ?? {}).map(({ field, name }) =>
    workloadResult(
      'KI0217',
      'error',
      object,
      `the container name ${JSON.stringify(name)} is used twice in the same list; the API server refuses such a pod, and a re-render could not tell the containers apart. Rename one of them.`,
      `${prefix}${field}`,
    ),
  );
  const malformed = [
    ...nonStringMetadata(object, found),
    ...portResults(object, podSpecPortProblems(found.template.spec ?? {}, prefix)),
    ...repeated,
  ];
  if (malformed.length > 0) return keep(object, 'failed', malformed);
  const current = templateAsPod(found.template, isPod);
  const wasInjected = isInjected(current);
  // A bare Pod is its own template, so it carries no marker (it would reach the webhook).
  const record = isPod ? undefined : readRecord(object);

  if (ctx.settings.uninject) return uninject(object, found, current, wasInjected, ctx, record);
  const ns = resolveNamespace(object, ctx.namespaces, ctx.settings, wasInjected);
  if (!ns.known) {
    // Unknown namespace: no guess in either direction, so an injected workload stays as it is.
    return keep(object, 'skipped', [ns.result]);
  }
  const injectCtx = injectContext(ctx, ns.name, ns.info);
  const restored = wasInjected ? originalOf(current, injectCtx, record) : { pod: current, kept: [] };
  const original = restored.pod;

  const podLabels = stringMap(original.metadata.labels);
  const gate = injectionGate({
    workload: object,
    templatePrefix: prefix,
    namespace: ns.name,
    namespaceInfo: ns.info,
    podLabels,
    podAnnotations: stringMap(original.metadata.annotations),
    settings: ctx.settings,
  });
  if (!gate.open) return notInjected(object, found, original, wasInjected, gate.result);

  // Exceptions are the pre-check's first test (spec §2 step 3) and also see the labels the
  // controller adds to the pods, which the template does not carry.
  const exception = controllerLabelException(object, ctx.settings.injector.exceptions.labels);
  if (exception !== undefined) {
    return notInjected(
      object,
      found,
      original,
      wasInjected,
      workloadResult(
        'KI0203',
        'info',
        object,
        `not injected: ${object.kind} pods get the label ${exception.key} from their controller, and ${exception.key}: "${exception.value}" is an injection exception (injector.exceptions.labels).`,
      ),
    );
  }
  const pod = { ...original, metadata: { ...original.metadata, namespace: ns.name } };
  const outcome = injectPod(pod as PodLike, injectCtx);
  const podDescription = describe({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata });
  const results = retarget(outcome.results, podDescription, object, prefix);
  if (outcome.kind === 'skipped') {
    const reason =
      !wasInjected && hasSidecarContainer(original)
        ? workloadResult('KI0218', 'warning', object, FOREIGN_SIDECAR, `${prefix}spec`)
        : workloadResult('KI0202', 'info', object, `not injected: ${outcome.reason}.`);
    return notInjected(object, found, original, wasInjected, reason, results);
  }
  if (outcome.kind === 'failed') {
    if (!results.some((r) => r.severity === 'error' && r.resourceRef?.kind === object.kind)) {
      results.push(
        workloadResult(
          'KI0207',
          'error',
          object,
          `the mesh webhook would reject its pods: ${outcome.message}.`,
          outcome.field === undefined ? undefined : `${prefix}${outcome.field}`,
        ),
      );
    }
    return keep(object, 'failed', results);
  }
  const injectedPod = outcome.pod as PodView;
  // The pod's own kuma-init / kuma-validation: a re-render strips containers by these names, so it
  // would take the pod's own away (and with CNI, or kuma-init, the API server refuses the repeat).
  const taken = ownInjectorNames(original.spec);
  if (taken.length > 0) {
    results.push(
      workloadResult(
        'KI0219',
        'error',
        object,
        `the pod has its own container named ${taken.map((t) => JSON.stringify(t.name)).join(' and ')}, a name the injector uses for the container it adds; ` +
          'the next render (or uninject) would take it for the injected one and remove it. Rename that container.',
        `${prefix}${taken[0]?.field ?? 'spec'}`,
      ),
    );
    return keep(object, 'failed', results);
  }
  const duplicates = duplicateNames(original.spec, injectedPod.spec);
  if (duplicates.length > 0) {
    results.push(
      workloadResult(
        'KI0220',
        'error',
        object,
        duplicateMessage(duplicates, new Set([...INJECTED_CONTAINERS, ...INJECTED_VOLUMES])),
        `${prefix}${duplicates[0]?.field ?? 'spec'}`,
      ),
    );
    return keep(object, 'failed', results);
  }
  const refused = injectedPortResults(object, original.spec, injectedPod.spec, prefix);
  if (refused.length > 0) {
    results.push(...refused);
    return keep(object, 'failed', results);
  }
  results.push(...undeclaredProbePortResults(object, original.spec, injectedPod.spec, prefix));
  const template = podAsTemplate(injectedPod, found.template);
  const same = deepEqual(template, found.template);
  const mesh = stringMap(injectedPod.metadata.labels)[MESH_LABEL] ?? 'default';
  const layout = ctx.settings.sidecarContainers ? 'native sidecar' : 'classic';
  // The marker records the original's own keys; a webhook-injected template that needs no change
  // stays exactly as it is (no marker), so the webhook's own output is a fixed point.
  const marker =
    isPod || (same && record === undefined)
      ? undefined
      : {
          keys: [
            ...userKeyEntries(original, injectedPod),
            ...emptySpellingEntries(original, templateMetadataSpelling(found, wasInjected, record)),
          ],
          probePorts: probePortNamesOf(original.spec),
          probes: probeOriginalsOf(original, injectedPod),
        };
  const next = finish(object, found, same ? undefined : template, marker);
  const verb = !wasInjected
    ? 'injected'
    : !same
      ? 're-rendered from its original form'
      : next === object
        ? 'already injected as this version and these settings would; unchanged'
        : `already injected as this version and these settings would; only its ${USER_KEYS_ANNOTATION} record was updated`;
  results.unshift(
    workloadResult(
      'KI0201',
      'info',
      object,
      `${verb} (mesh ${mesh}, ${layout} layout, ${ctx.settings.product} ${ctx.settings.release.name})${rerenderNote(wasInjected && !same, current, injectedPod)}.`,
    ),
  );
  // With the marker the user's keys are known, so there is nothing to guess, only what changed.
  if (record === undefined) results.push(...keptNotes(object, prefix, restored.kept));
  else if (wasInjected) results.push(...rederivedNotes(object, prefix, record, current, injectedPod));
  const plan: WorkloadPlan = { object: next, changed: next !== object, decision: 'injected', results };
  plan.injected = {
    pod: { metadata: injectedPod.metadata, spec: injectedPod.spec },
    namespace: ns.name,
    namespaceLabels: ns.info.labels,
    namespaceAnnotations: ns.info.annotations,
  };
  return plan;
}

/**
 * Uninject mode: the original form, whatever the namespace says now. The namespace only helps
 * to tell whether a `kuma.io/mesh` label was the pod's own (the injector writes the mesh it took
 * from the namespace); when it is unknown, an empty one is assumed and such a label is kept.
 */
function uninject(
  object: KubeObject,
  found: FoundPodTemplate,
  current: PodView,
  wasInjected: boolean,
  ctx: WorkloadContext,
  record: InjectionRecord | undefined,
): WorkloadPlan {
  if (!wasInjected) {
    const next = withoutUserKeys(object);
    return {
      object: next,
      changed: next !== object,
      decision: 'skipped',
      results: [workloadResult('KI0209', 'info', object, 'not injected; nothing to uninject.')],
    };
  }
  const name = object.metadata.namespace ?? '';
  const info = namespaceInfoOf(name, ctx.namespaces, ctx.settings) ?? { labels: {}, annotations: {} };
  const original = originalOf(current, injectContext(ctx, name, info), record).pod;
  return replace(
    object,
    found,
    original,
    workloadResult(
      'KI0208',
      'info',
      object,
      'uninjected: kuma-sidecar, kuma-init/kuma-validation and what the injector wrote were removed.',
    ),
  );
}

function keep(object: KubeObject, decision: WorkloadPlan['decision'], results: Result[]): WorkloadPlan {
  return { object, changed: false, decision, results };
}

/**
 * The template put back in its original form, and the marker removed (it describes an injection);
 * `uninjected` says so, `more` is about the workload either way. Left as it is when the original
 * form cannot be known well enough for the API server to take it.
 */
function replace(object: KubeObject, found: FoundPodTemplate, pod: PodView, uninjected: Result, more: Result[] = []): WorkloadPlan {
  const refused = restoredPortResults(object, found.template.spec ?? {}, pod.spec, templateFieldPrefix(found.path));
  if (refused.length > 0) return keep(object, 'failed', [...more, ...refused]);
  const results = [uninjected, ...more];
  let template = podAsTemplate(pod, found.template);
  // A template written `metadata: {}` or `metadata: null` comes back so (podAsTemplate drops an empty one).
  const spelling = template.metadata === undefined ? templateMetadataSpelling(found, true, readRecord(object)) : undefined;
  // null is the user's spelling, not an ObjectMeta: the API server reads it as absent, the writer keeps it.
  if (spelling !== undefined) template = { metadata: spelling as ObjectMeta, ...template };
  const next = finish(object, found, deepEqual(template, found.template) ? undefined : template, null);
  return { object: next, changed: next !== object, decision: 'uninjected', results };
}

/**
 * The workload with a new template (undefined: keep the current one) and the marker set to
 * `marker` (null: removed; undefined: left as it is). The same reference when nothing changes.
 */
function finish(
  object: KubeObject,
  found: FoundPodTemplate,
  template: ReturnType<typeof podAsTemplate> | undefined,
  marker: Marker | null | undefined,
): KubeObject {
  let next = template === undefined ? object : withPodTemplate(object, found.path, template);
  if (marker === null) next = withoutUserKeys(next);
  else if (marker !== undefined) next = withUserKeys(next, marker.keys, marker.probePorts, marker.probes);
  return next;
}

/** What the marker annotations of an injected workload say (user-keys-marker.ts). */
interface Marker {
  keys: string[];
  probePorts: string[];
  probes: ReturnType<typeof probeOriginalsOf>;
}

/** How a template's own metadata was written when it held nothing: `null`, `{}`, or not at all (undefined). */
type EmptySpelling = null | Record<string, never> | undefined;

/**
 * The marker entries for the template's annotation and label maps written empty (null or {}),
 * for a template whose metadata itself was written empty (`metadata=null`, `metadata={}`), and for
 * the spec's init container and volume lists written empty (null or []).
 */
function emptySpellingEntries(original: PodView, metadataSpelling: EmptySpelling): string[] {
  const maps = [EMPTY_MAP_ENTRIES.annotations, EMPTY_MAP_ENTRIES.labels].flatMap((name) => {
    const entry = emptyMapEntry(name, original.metadata[name]);
    return entry === undefined ? [] : [entry];
  });
  const own = metadataSpelling === undefined ? undefined : emptyMapEntry(EMPTY_MAP_ENTRIES.metadata, metadataSpelling);
  const lists = Object.entries(EMPTY_LIST_ENTRIES).flatMap(([list, name]) => {
    const entry = emptyListEntry(name, original.spec[list]);
    return entry === undefined ? [] : [entry];
  });
  return [...maps, ...(own === undefined ? [] : [own]), ...lists];
}

/** How the template's own metadata was written when empty (null or {}): as it is now, or as the marker recorded it. */
function templateMetadataSpelling(found: FoundPodTemplate, wasInjected: boolean, record: InjectionRecord | undefined): EmptySpelling {
  if (wasInjected) return record === undefined ? undefined : recordedEmptyMap(record.userKeys, EMPTY_MAP_ENTRIES.metadata);
  const metadata = found.template.metadata;
  if (metadata === null) return null;
  return isRecord(metadata) && Object.keys(metadata).length === 0 ? {} : undefined;
}

/** Not injected now: an untouched workload stays so; one injected earlier goes back to its original form. */
function notInjected(
  object: KubeObject,
  found: FoundPodTemplate,
  original: PodView,
  wasInjected: boolean,
  reason: Result,
  more: Result[] = [],
): WorkloadPlan {
  if (!wasInjected) return keep(object, 'skipped', [reason, ...more]);
  const why = reason.message.startsWith(describe(object))
    ? reason.message
        .slice(describe(object).length)
        .replace(/^[,:]\s*/, '')
        .replace(/^not injected: /, '')
    : reason.message;
  const warning = workloadResult(
    'KI0210',
    'warning',
    object,
    `was injected earlier, but the webhook would not inject it now (${why.replace(/\.$/, '')}); kuma-sidecar and what the injector wrote are removed. ` +
      'To keep it in the mesh, fix that cause.',
    reason.field?.path,
  );
  return replace(object, found, original, warning, more);
}

function injectContext(ctx: WorkloadContext, name: string, info: NamespaceInfo): InjectContext {
  return {
    settings: ctx.settings,
    namespace: { name, labels: info.labels, annotations: info.annotations },
    meshExists: (mesh) => ctx.meshExists(mesh),
    containerPatch: (patch) => ctx.containerPatch(patch),
    servicesSelecting: (pod) => ctx.servicesSelecting(name, stringMap(pod.metadata.labels)),
    transparentProxyConfigMap: (configMap) => {
      const configs = ctx.settings.transparentProxyConfigs;
      return Object.hasOwn(configs, configMap) ? { config: configs[configMap] } : undefined;
    },
  };
}
