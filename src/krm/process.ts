import { loadBounded } from '../config/bounded-yaml.ts';
import type { KubeObject, Result } from '../core/types.ts';
import type { OutputItem } from '../core/output.ts';
import { hasErrors } from '../core/results.ts';
import { KPT } from '../core/kpt-annotations.ts';
import type { Analysis } from '../core/policies/analysis/analyze.ts';
import { transform } from '../core/transform.ts';
import { readYamlNode } from './yaml-node-reader.ts';
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
import { helmValuesInstall, type HelmValuesFile } from '../config/helm-values.ts';
import { appliedSettingsSources } from './settings-sources.ts';
import { codeTag } from '../core/result-codes.ts';
import { auditResultCodes } from './code-audit.ts';
import type { HostProfile } from './host-profile.ts';
import { placePreviews } from './place-previews.ts';

export interface ProcessOptions {
  /** Who runs us: what becomes of previews and local-config objects, whether settings come with the input. */
  host: HostProfile;
  /** Settings from flags / env, shaped like the KumaInject body; highest precedence. */
  overrides?: Record<string, unknown>;
  overridesOrigin?: string;
  /** Settings the host implies (e.g. Argo CD's destination namespace); any user setting wins. */
  hostDefaults?: Record<string, unknown>;
  /** A functionConfig given outside the input (stream `--config FILE`, kustomize plugin config). */
  functionConfig?: string;
  /** Cluster state given beside the input (`--cluster-state`, `--ca-cert-file` is an override): read, never emitted. */
  sideInputs?: SideInput[];
  /**
   * Reads the `clusterState:` paths of a KumaInject functionConfig, confined by the host to its
   * root (the repository or the application directory); absent where the host has no files.
   */
  readClusterState?: (path: string) => SideInput[] | { error: string };
  /** `--helm-values` files, read by the host in order (later files win); they replace `helmValues:` of the settings. */
  helmValues?: HelmValuesFile[];
  /** Reads the `helmValues:` paths of the settings, confined by the host to its root; absent where the host has no files. */
  readHelmValues?: (path: string) => HelmValuesFile | { error: string };
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
  /** With the host's previews `files`: one rendered preview per workload, at `<ns>/<kind>-<name>.yaml`. */
  previewFiles: { path: string; text: string }[];
  /**
   * False when the input could not be read at all (not YAML, not objects): `output` is then the
   * input text as it came and the results are nowhere but in `report`, even for a ResourceList,
   * so every host must print the report itself.
   */
  inputRead: boolean;
  /** Where the host writes files back (`writesFilesBack`) and no error: the output as edits of the input text. */
  edits?: ItemEdits;
  /**
   * A bug of ours stopped the run: `output` is the input as it came, for hosts that hand their
   * input back on failure (KRM), and `report` holds the error with its stack, for stderr.
   */
  internalError: boolean;
  /** The core's policy analysis (the `analyze` command prints it). */
  analysis?: Analysis;
}

const LOCAL_CONFIG = KPT.localConfig;

/**
 * Reads the whole input, resolves settings, runs the core and writes the output once, as the
 * host's profile says. Never throws: an internal error is an outcome like any failed run (exit 1),
 * the one place every host gets it from.
 */
export function processInput(text: string, options: ProcessOptions): ProcessOutcome {
  try {
    return processOnce(text, options);
  } catch (error) {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const message = `internal error (a bug of kuma-inject, not of the input; please report it with this message): ${stack}`;
    const results: Result[] = [{ severity: 'error', message, tags: codeTag('KI0702') }];
    return {
      output: text,
      outputParts: [text],
      results,
      exitCode: 1,
      report: formatReport(results),
      previewFiles: [],
      inputRead: true,
      internalError: true,
    };
  }
}

function processOnce(text: string, options: ProcessOptions): ProcessOutcome {
  const host = options.host;
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
  const taken = host.settingsFromInput
    ? takeSettingsObjects(text, input, external.config !== undefined)
    : { input, config: undefined, results: [] };
  const kept = taken.input;
  const topLevel = kept.items.map((item) => item.object);
  // Workloads inside Lists (in a stream, a ResourceList, another List) are planned like the rest.
  const flat = flattenLists(topLevel);
  const objects = flat.objects;
  const functionConfig = external.config ?? taken.config ?? input.functionConfig;
  const side = sideInputsOf(options, functionConfig, objects);
  if (side.results.some((r) => r.severity === 'error')) {
    const problems = [...taken.results, ...side.results];
    return finish(unchanged(input, problems), problems, []);
  }
  const resolved = resolveSettings({
    items: objects,
    sideItems: side.objects,
    readYaml: readYamlNode,
    helmInstall: (profile, systemNamespace, settings) =>
      helmValuesInstall(
        { commandLine: options.helmValues ?? [], ...(options.readHelmValues === undefined ? {} : { read: options.readHelmValues }) },
        settings,
        profile,
        systemNamespace,
        readYamlNode,
      ),
    functionConfig,
    overrides: host.previews === 'none' ? { ...options.overrides, previews: 'off' } : (options.overrides ?? {}),
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
  const applied = host.appliesEverything ? appliedSettingsSources(objects, resolved.settings.systemNamespace) : [];
  const results = withFiles([...taken.results, ...side.results, ...resolved.results, ...applied, ...outcome.results], located);
  if (hasErrors(results))
    return { ...finish(unchanged(input, results), results, []), ...(outcome.analysis === undefined ? {} : { analysis: outcome.analysis }) };
  const placed = placePreviews(
    host.previews,
    topLevel,
    foldLists(topLevel, flat, outcome.output),
    outcome.previews,
    resolved.settings.previewsDir,
  );
  const output = host.appliesEverything ? placed.output.filter((item) => !isLocalConfig(item, topLevel)) : placed.output;
  const previewFiles = placed.files.map(({ path, object }) => ({
    path,
    text: writeOutput(kept, [{ kind: 'added', object }], [], { format: 'stream' }),
  }));
  const done = finish(writeOutputParts(kept, output, results, { format: kept.format }), results, previewFiles);
  if (host.writesFilesBack) done.edits = itemEdits(kept, output);
  if (outcome.analysis !== undefined) done.analysis = outcome.analysis;
  return done;
}

/**
 * The side inputs of a run: those the host gives, then the `clusterState:` paths of a KumaInject
 * functionConfig, read through the host; objects the input also holds are left out (the input wins).
 */
function sideInputsOf(
  options: ProcessOptions,
  functionConfig: KubeObject | undefined,
  objects: readonly KubeObject[],
): { objects: KubeObject[]; results: Result[] } {
  const inputs: SideInput[] = [...(options.sideInputs ?? [])];
  const results: Result[] = [];
  const paths = functionConfig?.kind === 'KumaInject' ? functionConfig['clusterState'] : undefined;
  if (Array.isArray(paths)) {
    for (const path of paths) {
      if (typeof path !== 'string') continue; // the settings schema reports it
      const read = options.readClusterState?.(path) ?? { error: 'this host reads no files; give the objects in the input instead' };
      if ('error' in read) {
        results.push({
          severity: 'error',
          message: `functionConfig ${functionConfig?.kind} ${functionConfig?.metadata.name ?? ''}, clusterState: ${path}: ${read.error}.`,
          field: { path: 'clusterState' },
          tags: codeTag('KI0601'),
        });
      } else {
        inputs.push(...read);
      }
    }
  }
  if (inputs.length === 0) return { objects: [], results };
  const read = readSideInputs(inputs, objects);
  results.push(...read.results);
  results.push({
    severity: 'info',
    message: `cluster state: ${read.objects.length} object(s) read from ${inputs.map((i) => i.source).join(', ')} as context; they are never part of the output.`,
    tags: codeTag('KI0603'),
  });
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
    results,
    exitCode: hasErrors(results) ? 1 : 0,
    report: formatReport(results),
    previewFiles,
    inputRead: true,
    internalError: false,
  };
}

function isLocalConfig(item: OutputItem, objects: readonly KubeObject[]): boolean {
  const object = item.kind === 'kept' ? objects[item.index] : item.object;
  return object?.metadata?.annotations?.[LOCAL_CONFIG] === 'true';
}

function parseFunctionConfig(text: string | undefined): { ok: true; config: KubeObject | undefined } | { ok: false; result: Result } {
  if (text === undefined) return { ok: true, config: undefined };
  try {
    const config = loadBounded(text) as KubeObject | undefined;
    if (typeof config !== 'object' || config === null || typeof config.kind !== 'string') {
      return {
        ok: false,
        result: {
          severity: 'error',
          message:
            'settings file: expected one object with apiVersion fn.kuma-inject.dev/v1alpha1 and kind KumaInject (or a ConfigMap). Fix the --config file.',
          tags: codeTag('KI0103'),
        },
      };
    }
    config.metadata ??= {};
    return { ok: true, config };
  } catch (error) {
    return {
      ok: false,
      result: {
        severity: 'error',
        message: `settings file: not valid YAML (${yamlProblemAt(error)}). Fix the --config file.`,
        tags: codeTag('KI0103'),
      },
    };
  }
}
