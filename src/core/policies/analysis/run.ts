import type { KubeObject, Result } from '../../types.ts';
import { codeTag } from '../../result-codes.ts';
import { policyKind } from '../kinds.ts';
import { isKumaObject } from '../policy-object.ts';
import { analyze, type Analysis, type PolicyReport, type WorkloadEntry } from './analyze.ts';
import { indexPolicies } from '../match/policy-index.ts';
import { readBundlePolicies, type BundlePolicyContext } from './bundle-policies.ts';
import { indexDestinations } from './destinations.ts';
import { findings } from './findings.ts';
import { previewedDataplane, type PreviewedDataplane } from './preview-dataplane.ts';

/** The annotation on each Dataplane preview listing the policies that apply, one per line, in kuma-cp's order. */
export const POLICIES_ANNOTATION = 'kuma-inject.dev/policies';

export interface PolicyAnalysisContext extends BundlePolicyContext {
  /** The bundle's (or cluster state's) Mesh object. */
  mesh(name: string): KubeObject | undefined;
  /** Port names of a Service of the bundle. */
  servicePorts(namespace: string, name: string): readonly string[];
  /** The release has inbound `rules[].matches` (release capability `policies.ruleMatches`). */
  readonly ruleMatches: boolean;
}

export interface PolicyAnalysisOutcome {
  readonly analysis: Analysis;
  readonly results: Result[];
  /** The previews with the policies annotation (same order as given). */
  readonly previews: KubeObject[];
}

function meshServicesMode(mesh: KubeObject | undefined): string {
  const spec = mesh?.['spec'] as Record<string, unknown> | undefined;
  const mode = (spec?.['meshServices'] as Record<string, unknown> | undefined)?.['mode'];
  return typeof mode === 'string' ? mode : '';
}

/**
 * For `kind: Dataplane` policies whose sectionName selects nothing: the Dataplanes the ref selects
 * without it (one index over those policies, so it stays linear).
 */
function withoutSection(
  analysis: Analysis,
  dataplanes: readonly PreviewedDataplane[],
): (report: PolicyReport) => readonly PreviewedDataplane[] {
  const suspects = analysis.policies.filter(
    (r) => r.selectCount === 0 && r.policy.view.targetRef.kind === 'Dataplane' && (r.policy.view.targetRef.sectionName ?? '') !== '',
  );
  const found = new Map<PolicyReport, PreviewedDataplane[]>();
  if (suspects.length === 0) return () => [];
  const stripped = new Map(
    suspects.map((r) => {
      const { sectionName: _dropped, ...ref } = r.policy.view.targetRef;
      return [{ ...r.policy.view, targetRef: ref }, r] as const;
    }),
  );
  const index = indexPolicies([...stripped.keys()], []);
  const types = new Set(suspects.map((r) => r.policy.view.meta.type));
  for (const dp of dataplanes) {
    for (const type of types) {
      for (const m of index.match(type, dp.view).policies) {
        const report = stripped.get(m.policy) as PolicyReport;
        found.set(report, [...(found.get(report) ?? []), dp]);
      }
    }
  }
  return (report) => found.get(report) ?? [];
}

/** A preview lists at most this many lines; `analyze` lists everything. */
const MAX_ANNOTATION_LINES = 100;

/** One line of the annotation. */
export function entryLine(entry: WorkloadEntry): string {
  const where = entry.scope === 'proxy' ? 'proxy' : `${entry.scope} ${entry.on ?? ''}${entry.item === undefined ? '' : ` ${entry.item}`}`;
  return `${entry.type} ${entry.policy}: ${where} (${entry.why})`;
}

/** Whether the bundle holds any Kuma object the analysis reads (else it costs nothing). */
export function hasKumaPolicies(items: readonly KubeObject[]): boolean {
  return items.some(
    (item) =>
      isKumaObject(item) &&
      item.kind !== 'Mesh' &&
      item.kind !== 'ContainerPatch' &&
      item.kind !== 'Dataplane' &&
      item.kind !== 'MeshService',
  );
}

/**
 * The policy analysis of a bundle over its previews (Dataplanes and MeshServices): which policies
 * apply to each workload, findings, and the previews annotated with what applies.
 */
export function runPolicyAnalysis(
  items: readonly KubeObject[],
  previews: readonly KubeObject[],
  ctx: PolicyAnalysisContext,
): PolicyAnalysisOutcome {
  const bundle = readBundlePolicies(items, ctx);
  const dataplanes = previews.filter((p) => p.kind === 'Dataplane').map(previewedDataplane);
  const meshServices = previews
    .filter((p) => p.kind === 'MeshService')
    .map((object) => {
      const labels: Record<string, string> = {
        ...(object.metadata.labels ?? {}),
        'kuma.io/display-name': String(object.metadata.name ?? ''),
      };
      return {
        object,
        meta: {
          type: 'MeshService',
          name: `${object.metadata.name}.${object.metadata.namespace}`,
          mesh: labels['kuma.io/mesh'] ?? 'default',
          labels,
        },
        preview: true,
      };
    });
  const destinations = indexDestinations([...meshServices, ...bundle.destinations]);
  const analysis = analyze({
    policies: bundle.policies,
    dataplanes,
    destinations,
    meshServicesMode: (mesh) => meshServicesMode(ctx.mesh(mesh)),
    fromAsRules: (type) => policyKind(type)?.fromAsRules === true,
    ruleMatches: ctx.ruleMatches,
  });
  const results = [
    ...bundle.results,
    ...findings(analysis, {
      dataplanes,
      destinations,
      namespaces: { has: (name) => ctx.namespace(name) !== undefined },
      servicePorts: ctx.servicePorts,
      selectedWithoutSection: withoutSection(analysis, dataplanes),
    }),
  ];
  if (bundle.policies.length > 0) {
    results.push({
      severity: 'info',
      tags: codeTag('KI0866'),
      message: `policy analysis: ${bundle.policies.length} polic${bundle.policies.length === 1 ? 'y' : 'ies'} matched against ${dataplanes.length} Dataplane preview(s); each preview lists what applies in its ${POLICIES_ANNOTATION} annotation, and \`kuma-inject analyze\` prints it per workload and per policy.`,
    });
  }
  // Entries are shared between previews; each line is rendered once.
  const lines = new WeakMap<WorkloadEntry, string>();
  const lineOf = (entry: WorkloadEntry): string => {
    let line = lines.get(entry);
    if (line === undefined) {
      line = entryLine(entry);
      lines.set(entry, line);
    }
    return line;
  };
  const byPreview = new Map(analysis.workloads.map((w, i) => [dataplanes[i]!.preview, w]));
  const annotated = previews.map((preview) => {
    const report = byPreview.get(preview);
    if (report === undefined) return preview;
    const shown = report.entries.slice(0, MAX_ANNOTATION_LINES).map(lineOf);
    if (report.entries.length > MAX_ANNOTATION_LINES)
      shown.push(`... and ${report.entries.length - MAX_ANNOTATION_LINES} more: kuma-inject analyze lists them all`);
    const text = report.entries.length === 0 ? 'none' : shown.join('\n');
    return { ...preview, metadata: { ...preview.metadata, annotations: { ...preview.metadata.annotations, [POLICIES_ANNOTATION]: text } } };
  });
  return { analysis, results, previews: annotated };
}
