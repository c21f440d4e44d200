import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { processInput, type ProcessOptions } from '../krm/process.ts';
import type { CommonOptions } from './args.ts';
import { ExitCode } from './exit-codes.ts';
import { packageSettings, type PackageSettings } from './kptfile-settings.ts';
import { previewsDirProblem, writePreviews } from './preview-files.ts';
import { locateInFiles, readInputs, readStdin, type SourceStart } from './read-inputs.ts';
import { readConfigFile } from './config-file.ts';
import { overridesProblem } from './settings-input.ts';
import { say, type Streams } from './streams.ts';

/** Stream mode: read every -f source, write the YAML stream on stdout and the report on stderr. */
export async function runStream(inputs: readonly string[], options: CommonOptions, streams: Streams): Promise<number> {
  const previewsProblem = options.previews.kind === 'dir' ? await previewsDirProblem(options.previews.dir, streams.cwd) : undefined;
  if (previewsProblem !== undefined) {
    say(streams, previewsProblem);
    return ExitCode.usage;
  }
  const exclude = options.configFile === undefined ? [] : [resolve(streams.cwd, options.configFile)];
  const pkg = await kptPackageSettings(inputs, options, streams);
  if (pkg.kind === 'error') {
    say(streams, pkg.message);
    return ExitCode.usage;
  }
  if (pkg.kind === 'found' && pkg.excluded !== undefined) exclude.push(pkg.excluded);
  const read = await readInputs(inputs, streams.cwd, () => readStdin(streams), exclude);
  if (!read.ok) {
    say(streams, read.message);
    return ExitCode.usage;
  }
  if (read.text.trim() === '') {
    say(streams, `no manifests in ${inputs.join(', ')}: nothing to do`);
    return ExitCode.usage;
  }
  if (pkg.kind === 'found') streams.stderr.write(`info: settings from ${pkg.from}, as kpt fn render uses them; give --config FILE to use other settings\n`);
  return runStreamText(read.text, options, streams, read.starts, false, pkg.kind === 'found' ? pkg.settings.text : undefined);
}

/**
 * `-f PKG` alone, without --config, where PKG is a kpt package whose Kptfile runs kuma-inject: the
 * settings `kpt fn render` uses, so the stream matches what kpt committed. Anything else: none.
 */
async function kptPackageSettings(inputs: readonly string[], options: CommonOptions, streams: Streams): Promise<PackageSettings> {
  const [only] = inputs;
  if (options.configFile !== undefined || inputs.length !== 1 || only === undefined || only === '-') return { kind: 'none' };
  const dir = resolve(streams.cwd, only);
  try {
    if (!(await stat(dir)).isDirectory()) return { kind: 'none' };
  } catch {
    return { kind: 'none' };
  }
  return packageSettings(dir, only);
}

/**
 * Processes one already-read YAML/JSON stream (or List) in stream mode; `starts` maps its lines
 * back to files. `echo` (stdin read without -f, where a KRM host may be waiting): a usage error
 * still hands the input back on stdout.
 */
export async function runStreamText(text: string, options: CommonOptions, streams: Streams, starts: readonly SourceStart[] = [], echo = false, packageConfig?: string): Promise<number> {
  const usage = (message: string): number => {
    if (echo) streams.stdout.write(text);
    say(streams, message);
    return ExitCode.usage;
  };
  if (text.trim() === '') return usage('stdin is empty: expected a ResourceList or manifests. See --help.');
  const previewsProblem = options.previews.kind === 'dir' ? await previewsDirProblem(options.previews.dir, streams.cwd) : undefined;
  if (previewsProblem !== undefined) return usage(previewsProblem);
  const problem = overridesProblem(options.overrides, 'command-line flags');
  if (problem !== undefined) return usage(`invalid flags:\n${problem}`);
  const processOptions: ProcessOptions = {
    host: 'stream',
    overrides: options.overrides,
    overridesOrigin: 'command-line flags',
    previews: options.previews.kind === 'inline' ? 'inline' : options.previews.kind === 'dir' ? 'separate' : 'omit',
    settingsFromInput: true,
  };
  if (options.configFile !== undefined) {
    const file = await readConfigFile(options.configFile, streams.cwd, options.overrides);
    if (!file.ok) return usage(file.message);
    processOptions.functionConfig = file.text;
    processOptions.overrides = file.overrides;
  } else if (packageConfig !== undefined) {
    processOptions.functionConfig = packageConfig;
  }
  let outcome;
  try {
    outcome = processInput(text, processOptions);
  } catch (error) {
    // A bug of ours must not cost the user their input (stdout may be redirected onto a file).
    streams.stdout.write(text);
    say(streams, `internal error, the input is passed through unchanged: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return ExitCode.errorResults;
  }
  if (options.previews.kind === 'dir' && outcome.exitCode === 0 && outcome.previewFiles.length > 0) {
    let written: number;
    try {
      written = await writePreviews(resolve(streams.cwd, options.previews.dir), outcome.previewFiles);
    } catch (error) {
      // The stream must not go out without the previews it promised: the input goes back instead.
      streams.stdout.write(text);
      streams.stderr.write(locateInFiles(outcome.report, starts));
      say(streams, `--previews ${options.previews.dir}: cannot write the preview files (${(error as Error).message}); nothing else was changed. Fix the folder's permissions or give another one.`);
      return ExitCode.errorResults;
    }
    streams.stderr.write(`info: wrote ${written} Dataplane preview file(s) to ${options.previews.dir}\n`);
  }
  streams.stdout.write(outcome.output);
  streams.stderr.write(locateInFiles(outcome.report, starts));
  return outcome.exitCode;
}
