import { loadBounded } from '../config/bounded-yaml.ts';
import type { KubeObject, Result } from '../core/types.ts';
import type { OutputItem } from '../core/output.ts';
import { hasErrors } from '../core/results.ts';
import { KPT, KPT_PLACEMENT } from '../core/kpt-annotations.ts';
import { transform } from '../core/transform.ts';
import { readYamlNode } from './yaml-node-reader.ts';
import { isPreview } from '../core/dataplane/preview.ts';
import { previewPath } from '../core/dataplane/place-previews.ts';
import { resolveSettings } from '../config/resolve.ts';
import { InputError, readInput, type ParsedInput } from './read.ts';
import { yamlProblemAt } from './input-error.ts';
import { takeSettingsObjects } from './settings-objects.ts';
import { writeOutput, writeOutputParts } from './write.ts';
import { formatReport } from './report.ts';
import { withFiles } from './result-files.ts';
import { flattenLists, foldLists } from './nested-lists.ts';
import { itemEdits, type ItemEdits } from './item-edits.ts';
import { readSideInputs, type SideInput } from './side-inputs.ts';
import { appliedSettingsSources } from './settings-sources.ts';
import { codeTag } from '../core/result-codes.ts';
import { auditResultCodes } from './code-audit.ts';

export type Host = 'kpt' | 'kustomize' | 'stream' | 'argocd';

export interface ProcessOptions {
  host: Host;
  /** Settings from flags / env, shaped like the KumaInject body; highest precedence. */
  overrides?: Record<string, unknown>;
  overridesOrigin?: string;
  /** Settings the host implies (e.g. Argo CD's destination namespace); any user setting wins. */
  hostDefaults?: Record<string, unknown>;
  /** A functionConfig given outside the input (stream `--config FILE`, kustomize plugin config). */
  functionConfig?: string;
  /**
   * Previews: in the output (kpt's default: local-config files of the package), handed back apart
   * as files, or left out (the default of every other host, which would apply them).
   */
  previews?: 'inline' | 'separate' | 'omit';
  /**
   * Stream mode: `KumaInject` objects in the input are a package's settings (a kpt package read
   * with `-f pkg/`), not manifests. They are left out of the output; exactly one, with no
   * `functionConfig` given, becomes the settings.
   */
  settingsFromInput?: boolean;
  /**
   * Hosts that write the input's files back (check, --in-place): also return the run as edits of
   * the input text, item by item, so each file is rewritten only when it changes.
   */
  edits?: boolean;
  /** Cluster state given beside the input (`--cluster-state`, `--ca-cert-file` is an override): read, never emitted. */
  sideInputs?: SideInput[];
  /**
   * Reads the `clusterState:` paths of a KumaInject functionConfig, confined by the host to its
   * root (the repository or the application directory); absent where the host has no files.
   */
  readClusterState?: (path: string) => SideInput[] | { error: string };
}

export interface ProcessOutcome {
  /** Never empty: on error this is the input unchanged (plus results in a ResourceList). */
  readonly output: string;
  /**
   * `output` as the pieces it is made of, in order: a host that writes them one after the other
   * (`writeParts` in src/cli/write-output.ts) never holds a joined copy of a large output.
   */
  readonly outputParts: readonly string[];
  results: Result[];
  exitCode: 0 | 1;
  /** Human-readable lines for stderr. */
  report: string;
  /** With `previews: 'separate'`: one rendered preview per workload, at `<ns>/<kind>-<name>.yaml`. */
  previewFiles: { path: string; text: string }[];
  /**
   * False when the input could not be read at all (not YAML, not objects): `output` is then the
   * input text as it came and the results are nowhere but in `report`, even for a ResourceList,
   * so every host must print the report itself.
   */
  inputRead: boolean;
  /** With `edits: true` and no error: the output as edits of the input text. */
  edits?: ItemEdits;
}

const LOCAL_CONFIG = KPT.localConfig;

/**
 * Reads the whole input, resolves settings, runs the core and writes the output once. Hosts that
 * must not apply previews (Argo CD, kustomize) never get them in their output.
 */
export function processInput(text: string, options: ProcessOptions): ProcessOutcome {
  let input: ParsedInput;
  try {
    input = readInput(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const result: Result = { severity: 'error', message: error.message, tags: codeTag('KI0002') };
    return { ...finish(text, [result], []), inputRead: false };
  }
  const external = parseFunctionConfig(options.functionConfig);
  if (!external.ok) return finish(unchanged(input, [external.result]), [external.result], []);
  const taken = options.settingsFromInput === true ? takeSettingsObjects(text, input, external.config !== undefined) : { input, config: undefined, results: [] };
  const kept = taken.input;
  const topLevel = kept.items.map((item) => item.object);
  // Workloads inside Lists (in a stream, a ResourceList, another List) are planned like the rest.
  const flat = flattenLists(topLevel);
  const objects = flat.objects;
  const previews = options.previews ?? (options.host === 'kpt' ? 'inline' : 'omit');
  const previewsOmitted = options.host === 'argocd' || options.host === 'kustomize' || previews === 'omit';
  const functionConfig = external.config ?? taken.config ?? input.functionConfig;
  const side = sideInputsOf(options, functionConfig, objects);
  if (side.results.some((r) => r.severity === 'error')) {
    const problems = [...taken.results, ...side.results];
    return finish(unchanged(input, problems), problems, []);
  }
  const resolved = resolveSettings({
    items: side.objects.length === 0 ? objects : [...side.objects, ...objects],
    functionConfig,
    overrides: previewsOmitted ? { ...options.overrides, previews: 'off' } : (options.overrides ?? {}),
    overridesOrigin: options.overridesOrigin ?? 'settings overrides',
    ...(options.hostDefaults === undefined ? {} : { hostDefaults: options.hostDefaults }),
  });
  // kpt passes the functionConfig's own file annotations too: settings errors can name that file.
  const located = functionConfig === undefined ? flat.located : [...flat.located, functionConfig];
  if (!resolved.ok || hasErrors(flat.results)) {
    const problems = withFiles([...taken.results, ...flat.results, ...resolved.results], located);
    return finish(unchanged(input, problems), problems, []);
  }

  const outcome = transform(objects, resolved.settings, { readYaml: readYamlNode }, side.objects);
  const applied = options.host === 'argocd' ? appliedSettingsSources(objects, resolved.settings.systemNamespace) : [];
  const results = withFiles([...taken.results, ...side.results, ...resolved.results, ...applied, ...outcome.results], located);
  if (hasErrors(results)) return finish(unchanged(input, results), results, []);
  let output = foldLists(topLevel, flat, outcome.output);
  if (options.host === 'argocd') output = output.filter((item) => !isLocalConfig(item, topLevel));
  // kpt decides files from the placement annotations; anywhere else they are noise.
  if (options.host !== 'kpt') {
    output = output.map((item): OutputItem => (item.kind === 'added' && isPreview(item.object) ? { kind: 'added', object: withoutKptPlacement(item.object) } : item));
  }
  const previewFiles: ProcessOutcome['previewFiles'] = [];
  if (previews === 'separate') {
    output = output.filter((item) => {
      const object = item.kind === 'kept' ? topLevel[item.index] : item.object;
      if (object === undefined || !isPreview(object)) return true;
      previewFiles.push({ path: previewPath('', object), text: writeOutput(kept, [{ kind: 'added', object }], [], { format: 'stream' }) });
      return false;
    });
  }
  const done = finish(writeOutputParts(kept, output, results, { format: kept.format }), results, previewFiles);
  if (options.edits === true) done.edits = itemEdits(kept, output);
  return done;
}

/**
 * The side inputs of a run: those the host gives, then the `clusterState:` paths of a KumaInject
 * functionConfig, read through the host; objects the input also holds are left out (the input wins).
 */
function sideInputsOf(options: ProcessOptions, functionConfig: KubeObject | undefined, objects: readonly KubeObject[]): { objects: KubeObject[]; results: Result[] } {
  const inputs: SideInput[] = [...(options.sideInputs ?? [])];
  const results: Result[] = [];
  const paths = functionConfig?.kind === 'KumaInject' ? functionConfig['clusterState'] : undefined;
  if (Array.isArray(paths)) {
    for (const path of paths) {
      if (typeof path !== 'string') continue; // the settings schema reports it
      const read = options.readClusterState?.(path) ?? { error: 'this host reads no files; give the objects in the input instead' };
      if ('error' in read) {
        results.push({ severity: 'error', message: `functionConfig ${functionConfig?.kind} ${functionConfig?.metadata.name ?? ''}, clusterState: ${path}: ${read.error}.`, field: { path: 'clusterState' }, tags: codeTag('KI0601') });
      } else {
        inputs.push(...read);
      }
    }
  }
  if (inputs.length === 0) return { objects: [], results };
  const read = readSideInputs(inputs, objects);
  results.push(...read.results);
  results.push({ severity: 'info', message: `cluster state: ${read.objects.length} object(s) read from ${inputs.map((i) => i.source).join(', ')} as context; they are never part of the output.`, tags: codeTag('KI0603') });
  return { objects: read.objects, results };
}

/** Every item as it came in, plus the results where the format carries them (a ResourceList). */
function unchanged(input: ParsedInput, results: readonly Result[]): string {
  const kept = input.items.map((_, index): OutputItem => ({ kind: 'kept', index }));
  return writeOutput(input, kept, results, { format: input.format });
}

function finish(output: string | string[], results: Result[], previewFiles: ProcessOutcome['previewFiles']): ProcessOutcome {
  auditResultCodes(results);
  // The output is joined only when a host asks for the text; then the pieces are that text alone.
  let parts: readonly string[] = typeof output === 'string' ? [output] : output;
  let joined = typeof output === 'string' ? output : undefined;
  return {
    get output(): string {
      if (joined === undefined) {
        joined = parts.join('');
        parts = [joined];
      }
      return joined;
    },
    get outputParts(): readonly string[] {
      return parts;
    },
    results, exitCode: hasErrors(results) ? 1 : 0, report: formatReport(results), previewFiles, inputRead: true,
  };
}

function isLocalConfig(item: OutputItem, objects: readonly KubeObject[]): boolean {
  const object = item.kind === 'kept' ? objects[item.index] : item.object;
  return object?.metadata?.annotations?.[LOCAL_CONFIG] === 'true';
}

/** A preview outside kpt carries no kpt file placement. */
function withoutKptPlacement(object: KubeObject): KubeObject {
  const annotations = Object.fromEntries(
    Object.entries(object.metadata.annotations ?? {}).filter(([key]) => !KPT_PLACEMENT.has(key)),
  );
  return { ...object, metadata: { ...object.metadata, annotations } };
}

function parseFunctionConfig(text: string | undefined): { ok: true; config: KubeObject | undefined } | { ok: false; result: Result } {
  if (text === undefined) return { ok: true, config: undefined };
  try {
    const config = loadBounded(text) as KubeObject | undefined;
    if (typeof config !== 'object' || config === null || typeof config.kind !== 'string') {
      return { ok: false, result: { severity: 'error', message: 'settings file: expected one object with apiVersion fn.kuma-inject.dev/v1alpha1 and kind KumaInject (or a ConfigMap). Fix the --config file.', tags: codeTag('KI0103') } };
    }
    config.metadata ??= {};
    return { ok: true, config };
  } catch (error) {
    return { ok: false, result: { severity: 'error', message: `settings file: not valid YAML (${yamlProblemAt(error)}). Fix the --config file.`, tags: codeTag('KI0103') } };
  }
}
