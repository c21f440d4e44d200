/**
 * What a host (the tool that runs kuma-inject) needs from a run, as data: `processInput` reads
 * these and nothing else about where it runs. A new host is a new record here plus the mode in
 * src/cli/ that reads its input and prints what the profile produced.
 */
export interface HostProfile {
  /** Named in messages and tests. */
  name: string;
  /**
   * Where Dataplane previews go: `kpt-files` objects in the output, each with a kpt path
   * annotation under previewsDir (kpt writes them as files of the package); `inline` in the
   * output, without file annotations; `files` handed back apart, one text per workload, for the
   * host to write; `none` nowhere (the core does not build them).
   */
  previews: PreviewPlacement;
  /**
   * The host applies every object it is given (Argo CD), where kpt and kustomize drop local-config
   * objects themselves: objects marked `config.kubernetes.io/local-config: "true"` are left out of
   * the output, and a control-plane object read only as settings that is not so marked is warned
   * about (it would be applied).
   */
  appliesEverything: boolean;
  /**
   * `KumaInject` objects in the input are a package's settings (a kpt package read with
   * `-f pkg/`), not manifests: left out of the output; exactly one, with no functionConfig given,
   * becomes the settings.
   */
  settingsFromInput: boolean;
  /**
   * The host prints the results of the ResourceList we hand back (kpt); otherwise the mode writes
   * the errors and warnings on stderr, where its users look.
   */
  showsResults: boolean;
  /**
   * The host writes the input's files back (check, --in-place): the run also comes back as edits
   * of the input text, item by item, so each file is rewritten only when it changes.
   */
  writesFilesBack: boolean;
}

export type PreviewPlacement = 'kpt-files' | 'inline' | 'files' | 'none';

const HOST = { appliesEverything: false, settingsFromInput: false, showsResults: false, writesFilesBack: false } as const;

/** `kpt fn render` / `kpt fn eval`: previews become files of the package. */
export const KPT_HOST: HostProfile = { ...HOST, name: 'kpt', previews: 'kpt-files', showsResults: true };

/**
 * A KRM function under kustomize (`kubectl kustomize`, transformers with `config.kubernetes.io/function`):
 * kustomize keeps whatever we print in the build, so previews would be applied.
 */
export const KUSTOMIZE_FUNCTION_HOST: HostProfile = { ...HOST, name: 'kustomize function', previews: 'none' };

/** kustomize's legacy exec plugin: same reason as the KRM function under kustomize. */
export const KUSTOMIZE_PLUGIN_HOST: HostProfile = { ...HOST, name: 'kustomize plugin', previews: 'none' };

/** Argo CD's config management plugin: Argo CD applies every object it is given, local-config ones too. */
export const ARGOCD_HOST: HostProfile = { ...HOST, name: 'argocd', previews: 'none', appliesEverything: true };

/** A YAML stream on stdout (`-f FILE|DIR|-`), previews as `--previews` says. */
export function streamHost(previews: Exclude<PreviewPlacement, 'kpt-files'>): HostProfile {
  return { ...HOST, name: 'stream', previews, settingsFromInput: true };
}

/**
 * `check` and `--in-place`: the files are rewritten as kpt writes a package (previews as files
 * under previewsDir, updated in place), with the package's KumaInject object as its settings.
 */
export const CHECK_HOST: HostProfile = { ...HOST, name: 'check', previews: 'kpt-files', settingsFromInput: true, writesFilesBack: true };
