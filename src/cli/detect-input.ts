import { KPT_HOST, KUSTOMIZE_FUNCTION_HOST, type HostProfile } from '../krm/host-profile.ts';

/**
 * True when `text` is a KRM ResourceList: block YAML with a top-level `kind: ResourceList`, or
 * JSON / flow YAML (what kpt forwards when it was given JSON). Only a column-0 `kind:` counts, so
 * a manifest that merely mentions ResourceList in an indented value is still a stream.
 */
export function isResourceList(text: string): boolean {
  if (/^kind:[ \t]*['"]?ResourceList['"]?[ \t]*(#.*)?$/m.test(text)) return true;
  return /^\s*\{/.test(text) && /^\s*\{[^]*?["']?kind["']?\s*:\s*["']?ResourceList\b/.test(text);
}

/**
 * Which orchestrator sent a ResourceList: kustomize marks every item with its resource id and
 * keeps the `config.kubernetes.io/function` annotation on the functionConfig; kpt does neither.
 */
export function krmHost(text: string): HostProfile {
  return text.includes('kustomize.config.k8s.io/id') || text.includes('config.kubernetes.io/function') ? KUSTOMIZE_FUNCTION_HOST : KPT_HOST;
}

/**
 * The report lines worth showing inside another tool's output: errors and warnings on success
 * (info lines would be noise in a build log), everything on failure.
 */
export function problemsOnly(report: string, exitCode: number): string {
  if (exitCode !== 0) return report;
  return report
    .split('\n')
    .filter((line) => line.startsWith('error') || line.startsWith('warning'))
    .map((line) => `${line}\n`)
    .join('');
}
