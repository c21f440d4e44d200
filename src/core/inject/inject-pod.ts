import type { NamedContainerPatch } from '../container-patch/types.ts';
import { describe, resultFor } from '../results.ts';
import type { Settings } from '../settings.ts';
import type { KubeObject, ObjectMeta, Result } from '../types.ts';
import { getEnabled } from './annotation-values.ts';
import { loadPatches, patchContainer } from './container-patches.ts';
import { deprecationsOf } from './deprecations.ts';
import { KEY, annotationPath } from './keys.ts';
import { placeContainers } from './placement.ts';
import { containersOf, volumesOf } from './pod-shape.ts';
import { precheck } from './precheck.ts';
import { rewriteAppProbes } from './app-probes.ts';
import { baseVolumes, ebpfVolumes } from './pod-volumes.ts';
import { buildSidecar } from './sidecar-container.ts';
import { spireEnabled } from './sidecar-env.ts';
import { transparentProxyStep } from './tproxy-paths.ts';
import { WebhookError } from './webhook-error.ts';
import { treeCopy } from '../tree-copy.ts';

/** A Pod, or a workload's pod template wrapped as one. */
export interface PodLike {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: Record<string, unknown>;
  [k: string]: unknown;
}

/** What the webhook would read from the cluster, answered from the bundle and the settings. */
export interface InjectContext {
  settings: Settings;
  /** The pod's Namespace (the webhook uses `default` for a pod without one). */
  namespace: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  meshExists(name: string): boolean;
  /** A ContainerPatch of the system namespace by name. */
  containerPatch(name: string): NamedContainerPatch | undefined;
  /** Services of the pod's namespace whose selector matches the pod (zone-proxy pre-check). */
  servicesSelecting(pod: PodLike): KubeObject[];
  /**
   * ConfigMap transparent-proxy mode only (settings `injector.transparentProxyConfigMap` set,
   * spec §14): the ConfigMap of that name in the system namespace, with its `config.yaml` key
   * parsed from YAML to plain JSON (`config` undefined when the key is missing or empty).
   * Returns undefined when there is no such ConfigMap; may be omitted when the bundle has none.
   */
  transparentProxyConfigMap?(name: string): { config: unknown } | undefined;
}

export type InjectOutcome =
  | { kind: 'injected'; pod: PodLike; results: Result[] }
  | { kind: 'skipped'; reason: string; results: Result[] }
  | { kind: 'failed'; message: string; field?: string; results: Result[] };

function asObject(pod: PodLike, namespace: string): KubeObject {
  const metadata: ObjectMeta = { ...pod.metadata };
  if (metadata.namespace === undefined) metadata.namespace = namespace;
  return { apiVersion: pod.apiVersion ?? 'v1', kind: pod.kind ?? 'Pod', metadata };
}

function failure(error: WebhookError, subject: KubeObject): InjectOutcome {
  const where = error.field ?? 'metadata';
  const got = error.got === undefined ? '' : ` (got ${JSON.stringify(error.got)})`;
  const message = `${describe(subject)}, ${where}: the mesh webhook would reject this pod: ${error.message}${got}; ${error.hint}.`;
  const outcome: InjectOutcome = {
    kind: 'failed',
    message: error.message,
    results: [resultFor('KI0207', 'error', subject, message, error.field)],
  };
  if (error.field !== undefined) outcome.field = error.field;
  return outcome;
}

/**
 * Returns exactly what the Kuma / Kong Mesh admission webhook of `ctx.settings.release` does to
 * `input`: the injected pod, a skip with the webhook's reason, or its error text. Never mutates
 * `input`.
 */
export function injectPod(input: PodLike, ctx: InjectContext): InjectOutcome {
  // A tree copy: a probe the template shares through a YAML alias is rewritten once per use.
  const pod = treeCopy(input);
  const subject = asObject(input, ctx.namespace.name);
  try {
    return inject(pod, ctx, subject);
  } catch (error) {
    if (error instanceof WebhookError) return failure(error, subject);
    throw error;
  }
}

function inject(pod: PodLike, ctx: InjectContext, subject: KubeObject): InjectOutcome {
  const { settings } = ctx;
  const decision = precheck(pod, ctx);
  if (decision.kind === 'skip') return { kind: 'skipped', reason: decision.reason, results: [] };
  const results: Result[] = decision.warnings.map((w) =>
    resultFor('KI0301', 'warning', subject, `${describe(subject)}, spec.initContainers: ${w}.`),
  );
  const annotations = pod.metadata.annotations ?? {};
  for (const d of deprecationsOf(annotations, settings.release.injector)) {
    const what = d.ignored ? 'deprecated annotation that the webhook ignores' : 'deprecated annotation';
    const message = `${describe(subject)}, ${annotationPath(d.key)}: ${what} (got ${JSON.stringify(d.value)}); ${d.advice}.`;
    results.push(resultFor('KI0302', d.ignored ? 'warning' : 'info', subject, message, annotationPath(d.key)));
  }
  pod.metadata.annotations = annotations;
  const containers = containersOf(pod, 'containers');
  if (containers.length === 1 && annotations[KEY.defaultContainer] === undefined) {
    annotations[KEY.defaultContainer] = containers[0]?.name ?? '';
  }
  const patches = loadPatches(annotations, settings, (name) => ctx.containerPatch(name));
  const built = buildSidecar(pod, settings, decision.mesh);
  pod.spec.volumes = [...volumesOf(pod), ...baseVolumes(spireEnabled(annotations, settings))];
  const sidecar = patchContainer(built, patches, 'sidecarPatch');
  if (!sidecar.ok) return { kind: 'failed', message: sidecar.message, results: sidecar.results };
  results.push(...sidecar.results);
  const step = transparentProxyStep(pod, ctx, decision.mesh);
  let init = step.init;
  if (init !== undefined) {
    const patched = patchContainer(init, patches, 'initPatch');
    if (!patched.ok) return { kind: 'failed', message: patched.message, results: patched.results };
    results.push(...patched.results);
    init = patched.container;
  }
  pod.spec.volumes = [...volumesOf(pod), ...ebpfVolumes(settings)];
  const initFirst = getEnabled(step.merged, KEY.initFirst) ?? false;
  placeContainers(pod, sidecar.container, init, settings.sidecarContainers, initFirst);
  rewriteAppProbes(pod, step.merged, settings.release.injector.virtualProbes);
  return { kind: 'injected', pod, results };
}
