import type { KubeObject, Result } from './types.ts';
import type { Settings } from './settings.ts';
import type { OutputItem } from './output.ts';
import { hasErrors } from './results.ts';
import { deepEqual } from './deep-equal.ts';
import { readBundleContext, type BundleContext } from './bundle-context.ts';
import { planWorkload, type WorkloadContext, type WorkloadPlan } from './workloads/plan-workload.ts';
import { checkPreviews, previewDataplane, type PreviewInput } from './dataplane/preview.ts';
import { PREVIEW_OF } from './dataplane/preview-identity.ts';
import { runtimeOutboundsWarning } from './dataplane/preview-warnings.ts';
import { previewFileNameProblems } from './dataplane/preview-file-names.ts';
import { unreadProtocolAnnotations } from './dataplane/protocol-annotations.ts';
import { findPodTemplate, templateFieldPrefix } from './workloads/pod-template.ts';
import { kumaKeyTypoResults, settingsKeyTypoResults } from './workloads/kuma-key-typos.ts';
import { misplacedKumaKeyResults } from './workloads/misplaced-kuma-keys.ts';
import { lookupPodTemplate } from './workloads/template-shape.ts';
import { namespaceInfoOf } from './workloads/injection-gate.ts';
import { identityProblems } from './identity-fields.ts';
import { nonStringMetadata } from './workloads/metadata-values.ts';
import { portResults, servicePortProblems } from './port-fields.ts';
import type { YamlReader } from './go-yaml/yaml-node.ts';
import { codeTag } from './result-codes.ts';
import { validatePolicies } from './policies/validate-policies.ts';
import { previewMeshServices } from './policies/meshservice/previews.ts';
import { hasKumaPolicies, runPolicyAnalysis } from './policies/analysis/run.ts';
import type { Analysis } from './policies/analysis/analyze.ts';

export interface TransformOutcome {
  /** Every item of the input, kept or changed; previews of earlier runs among them are kept as they are. */
  output: OutputItem[];
  /**
   * One fresh preview per workload (Dataplane, ZoneIngress, ZoneEgress), marked local-config and
   * with the workload it is of, and nothing about where it goes: placement is the host's.
   */
  previews: KubeObject[];
  results: Result[];
  /** The policy analysis, when the bundle holds Kuma policies and previews are made. */
  analysis?: Analysis;
  /** Counts for the summary line and the CLI report; `unchanged` counts injected workloads a re-render left as they were. */
  counts: Record<WorkloadPlan['decision'] | 'unchanged', number>;
}

/** What the core needs from its host beyond data: a YAML parser (the core may not hold one). */
export interface CoreHost {
  /** Reads annotation values kuma-cp decodes as YAML 1.1 (`kuma.io/reachable-backends`). */
  readYaml?: YamlReader;
}

/**
 * The single entry of the core: plans every workload of the bundle, builds the Dataplane previews
 * and decides what the writer emits. Pure; never mutates `items`. When any result is an error the
 * output is the input unchanged, so nothing is ever written half-way.
 */
export function transform(
  items: readonly KubeObject[],
  settings: Settings,
  host: CoreHost = {},
  clusterState: readonly KubeObject[] = [],
): TransformOutcome {
  // Side inputs (cluster state) are read like the bundle's objects but are never planned or emitted.
  const bundle = readBundleContext(clusterState.length === 0 ? items : [...clusterState, ...items], settings);
  const context = workloadContext(bundle, settings);
  const results: Result[] = [...bundle.results];
  // What admission would refuse in the bundle's Kuma policies.
  // Uninject takes sidecars out and nothing else: the policies are not its business.
  const validation = settings.uninject
    ? undefined
    : validatePolicies(items, {
        systemNamespace: settings.systemNamespace,
        zone: settings.zone,
        defaultNamespace: settings.defaultNamespace,
        product: settings.product === 'kong-mesh' ? 'Kong Mesh' : 'Kuma',
        namespace: (name) => namespaceInfoOf(name, bundle.namespaces, settings),
        admission2_14: settings.release.policies.admission2_14,
        releaseName: settings.release.name,
      });
  if (validation !== undefined) results.push(...validation.results);
  if (!settings.uninject) results.push(...settingsKeyTypoResults(settings.namespaces));
  const counts: TransformOutcome['counts'] = { injected: 0, skipped: 0, uninjected: 0, failed: 0, unchanged: 0 };
  const changed = new Map<number, KubeObject>();
  const fresh: { dataplane: KubeObject; owner: KubeObject }[] = [];
  let analysis: Analysis | undefined;

  items.forEach((item, index) => {
    // An object the API server refuses for its name or namespace is not planned (its messages
    // could not even name it); a pod template in it counts as failed.
    const lookup = lookupPodTemplate(item, settings.workloadKinds);
    const holdsTemplate = lookup.kind !== 'none';
    const identity = identityProblems(item, holdsTemplate);
    if (identity.length > 0) {
      results.push(...identity);
      if (holdsTemplate) counts.failed++;
      return;
    }
    if (item.kind === 'Service' && item.apiVersion === 'v1') {
      results.push(...portResults(item, servicePortProblems(item)));
      // kuma-cp reads Services too (kuma.io/ignore, kuma.io/gateway, the mesh label).
      if (!settings.uninject) results.push(...unreadProtocolAnnotations(item), ...kumaKeyTypoResults(item, item.metadata, ''));
    }
    const plan = planWorkload(item, context);
    if (plan === undefined) {
      // Not a workload, but read all the same (a Namespace's labels decide injection): label and
      // annotation values the API server refuses are errors here too.
      results.push(...nonStringMetadata(item, { path: [], template: { metadata: item.metadata } }));
      if (item.kind === 'Namespace' && item.apiVersion === 'v1' && !settings.uninject)
        results.push(...kumaKeyTypoResults(item, item.metadata, ''));
      return;
    }
    // Said whatever the decision: a misspelt injection label is why a workload is skipped.
    if (lookup.kind === 'found' && plan.decision !== 'failed' && !settings.uninject) {
      const prefix = templateFieldPrefix(lookup.found.path);
      results.push(...kumaKeyTypoResults(item, lookup.found.template.metadata, prefix));
      // A bare Pod is its own template.
      if (prefix !== '') results.push(...misplacedKumaKeyResults(item, lookup.found.template.metadata, prefix));
    }
    counts[plan.decision]++;
    if (plan.decision === 'injected' && !plan.changed) counts.unchanged++;
    results.push(...plan.results);
    if (plan.changed) changed.set(index, plan.object);
    if (settings.previews === 'off' || settings.uninject) return;
    // Zone ingress/egress pods are not injected, yet kuma-cp creates an object for them too.
    const pods = plan.injected ?? uninjectedPods(plan.object, bundle, settings);
    if (pods === undefined) return;
    const preview = previewDataplane({
      ...pods,
      owner: plan.object,
      services: bundle.services,
      settings,
      options: settings.dataplane,
      readYaml: host.readYaml,
    });
    results.push(...preview.results);
    if (preview.dataplane === undefined) return;
    const badNames = previewFileNameProblems(plan.object, pods.namespace);
    if (badNames.length > 0) results.push(...badNames);
    else fresh.push({ dataplane: preview.dataplane, owner: plan.object });
  });
  results.push(...checkPreviews(fresh));
  if (settings.previews !== 'off' && !settings.uninject) {
    const meshServices = previewMeshServices(
      items,
      fresh.map((f) => f.dataplane),
      {
        namespace: (name) => namespaceInfoOf(name, bundle.namespaces, settings),
        mesh: (name) => bundle.services.mesh(name),
        zone: settings.zone,
        defaultNamespace: settings.defaultNamespace,
        // The controller reads the same kuma-cp setting as the converter: Dataplane labels instead of
        // inbound tags where the release has no inbound tags, or has the switch and it is on.
        inboundTagsDisabled:
          !settings.release.converter.inboundTags ||
          (settings.dataplane.inboundTagsDisabled && settings.release.converter.inboundTagsSwitch),
      },
    );
    results.push(...meshServices.results);
    for (const preview of meshServices.previews) {
      // The Service's namespace and name make the file's path, as a workload's do for its Dataplane.
      const badNames = previewFileNameProblems(preview.owner, String(preview.object.metadata.namespace ?? ''), 'MeshService');
      if (badNames.length > 0) results.push(...badNames);
      else fresh.push({ dataplane: preview.object, owner: preview.owner });
    }
    if (hasKumaPolicies(items)) {
      const outcome = runPolicyAnalysis(
        items,
        fresh.map((f) => f.dataplane),
        {
          systemNamespace: settings.systemNamespace,
          zone: settings.zone,
          defaultNamespace: settings.defaultNamespace,
          product: settings.product === 'kong-mesh' ? 'Kong Mesh' : 'Kuma',
          namespace: (name) => namespaceInfoOf(name, bundle.namespaces, settings),
          meshKnown: (name) => bundle.meshes.has(name),
          mesh: (name) => bundle.services.mesh(name),
          servicePorts: (namespace, name) => bundle.services.portNames(namespace, name),
          // What admission refuses never reaches kuma-cp's matching.
          rejected: validation?.rejected ?? new Set(),
          ruleMatches: settings.release.policies.ruleMatches,
        },
      );
      results.push(...outcome.results);
      analysis = outcome.analysis;
      outcome.previews.forEach((preview, i) => ((fresh[i] as { dataplane: KubeObject }).dataplane = preview));
    }
  }
  if (
    settings.release.converter.metricsProbesOutbounds &&
    !settings.dataplane.kubeOutboundsAsVIPs &&
    fresh.some((p) => p.dataplane.kind === 'Dataplane')
  )
    results.push(runtimeOutboundsWarning());
  if (counts.injected > 0 && settings.controlPlane.caCert === '' && !settings.uninject) results.push(missingCaWarning(settings));
  const unique = acknowledged(withoutRepeats(results), settings.ignore);
  const warnings = unique.filter((r) => r.severity === 'warning').length;
  if (settings.failOn === 'warning' && warnings > 0) {
    unique.push({
      severity: 'error',
      message: `${warnings} warning${warnings === 1 ? '' : 's'} above fail this run (failOn: warning), so nothing is changed. Fix what they say, or set failOn: error to let warnings pass.`,
      field: { path: 'failOn' },
      tags: codeTag('KI0109'),
    });
  }
  unique.push(summary(counts, unique, settings));

  if (hasErrors(unique)) {
    return {
      output: items.map((_, index): OutputItem => ({ kind: 'kept', index })),
      previews: [],
      results: unique,
      counts,
      ...(analysis === undefined ? {} : { analysis }),
    };
  }
  const output = items.map((item, index): OutputItem => {
    const replacement = changed.get(index);
    // A re-render that gives the same object keeps the item's bytes exactly.
    return replacement === undefined || deepEqual(replacement, item)
      ? { kind: 'kept', index }
      : { kind: 'changed', index, object: replacement };
  });
  return {
    output,
    previews: onePerWorkload(fresh.map((f) => f.dataplane)),
    results: unique,
    counts,
    ...(analysis === undefined ? {} : { analysis }),
  };
}

/** A workload listed twice in the bundle has one preview. */
function onePerWorkload(previews: readonly KubeObject[]): KubeObject[] {
  const seen = new Set<string | undefined>();
  return previews.filter((preview) => {
    const key = preview.metadata.annotations?.[PREVIEW_OF];
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The template of a workload that was not injected, with its namespace, for previews. */
function uninjectedPods(
  object: KubeObject,
  bundle: BundleContext,
  settings: Settings,
): Omit<PreviewInput, 'owner' | 'services' | 'settings'> | undefined {
  const found = findPodTemplate(object, settings.workloadKinds);
  if (found === undefined) return undefined;
  const namespace = object.metadata.namespace || settings.defaultNamespace || 'default';
  const info = namespaceInfoOf(namespace, bundle.namespaces, settings) ?? { labels: {}, annotations: {} };
  return {
    pod: { metadata: found.template.metadata ?? {}, spec: found.template.spec ?? {} },
    namespace,
    namespaceLabels: info.labels,
    namespaceAnnotations: info.annotations,
  };
}

function workloadContext(bundle: BundleContext, settings: Settings): WorkloadContext {
  return {
    settings,
    namespaces: bundle.namespaces,
    meshExists: (name) => bundle.meshes.has(name),
    containerPatch: (name) => bundle.containerPatches.get(name),
    servicesSelecting: (namespace, labels) => bundle.services.selecting(namespace, labels),
  };
}

/**
 * One result per finding: a ContainerPatch used by many workloads warns once, and a malformed op
 * found both when collecting and when applying is reported once.
 */
function withoutRepeats(results: readonly Result[]): Result[] {
  const seen = new Set<string>();
  return results.filter((result) => {
    const ref = result.resourceRef;
    const key = [result.severity, ref?.kind, ref?.namespace, ref?.name, result.field?.path, result.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Drops the warnings and infos `ignore:` acknowledges (by code, or code@Kind/namespace/name) and
 * says how many were dropped; errors always stay.
 */
function acknowledged(results: Result[], ignore: readonly string[]): Result[] {
  if (ignore.length === 0) return results;
  const codes = new Set(ignore.filter((entry) => !entry.includes('@')));
  const targeted = new Set(ignore.filter((entry) => entry.includes('@')));
  const matches = (result: Result): boolean => {
    const code = result.tags?.['code'];
    if (code === undefined || result.severity === 'error') return false;
    if (codes.has(code)) return true;
    const ref = result.resourceRef;
    if (ref === undefined) return false;
    return targeted.has(`${code}@${ref.kind}/${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`);
  };
  const kept = results.filter((result) => !matches(result));
  const dropped = results.length - kept.length;
  if (dropped === 0) return results;
  const byCode = [...new Set(results.filter(matches).map((r) => r.tags?.['code']))].join(', ');
  kept.push({
    severity: 'info',
    message: `${dropped} finding${dropped === 1 ? '' : 's'} acknowledged by ignore (${byCode}) left out of this report.`,
    field: { path: 'ignore' },
    tags: codeTag('KI0003'),
  });
  return kept;
}

/** The one line every run reports, whatever else it says. */
function summary(counts: TransformOutcome['counts'], results: readonly Result[], settings: Settings): Result {
  const errors = results.filter((r) => r.severity === 'error').length;
  const warnings = results.filter((r) => r.severity === 'warning').length;
  // A re-render of our own output says so: "3 injected (3 already so, unchanged)".
  const injected =
    counts.unchanged > 0 ? `${counts.injected} injected (${counts.unchanged} already so, unchanged)` : `${counts.injected} injected`;
  const parts = [injected, `${counts.skipped} skipped`];
  if (counts.uninjected > 0) parts.push(`${counts.uninjected} uninjected`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  parts.push(`${errors} errors`, `${warnings} warnings`);
  return {
    severity: 'info',
    tags: codeTag('KI0001'),
    message: `kuma-inject (${settings.product} ${settings.release.name}${settings.sidecarContainers ? ', native sidecars' : ''}): ${parts.join(', ')}`,
  };
}

/**
 * The webhook reads the CA from a file mounted into the control plane; offline we only know it
 * when the user gives it, and a sidecar without it cannot verify the control plane.
 */
function missingCaWarning(settings: Settings): Result {
  return {
    severity: 'warning',
    message:
      `controlPlane.caCert is empty, so injected sidecars get an empty KUMA_CONTROL_PLANE_CA_CERT and cannot verify ${settings.controlPlane.address}. ` +
      `Give --ca-cert-file PEM, set controlPlane.caCert in the functionConfig, or give the control plane's <release>-tls-cert Secret (key ca.crt) in namespace ${settings.systemNamespace} as cluster state (--cluster-state FILE, clusterState: in the settings), which is read but never emitted.`,
    field: { path: 'controlPlane.caCert' },
    tags: codeTag('KI0108'),
  };
}
