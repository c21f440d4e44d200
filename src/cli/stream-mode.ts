import { resolve } from 'node:path';
import { processInput, type ProcessOptions } from '../krm/process.ts';
import { streamHost } from '../krm/host-profile.ts';
import { writeParts } from './write-output.ts';
import type { CommonOptions } from './args.ts';
import { ExitCode } from './exit-codes.ts';
import { runSources } from './run-sources.ts';
import { previewsDirProblem, writePreviews } from './preview-files.ts';
import { locateInFiles, readInputs, readStdin, type SourceStart } from './read-inputs.ts';
import { readConfigFile } from './config-file.ts';
import { overridesProblem } from './settings-input.ts';
import { say, type Streams } from './streams.ts';
import { quietReport, writeReportFile } from './report-output.ts';
import { commandLineFiles, commandLineSideInputs } from './side-inputs.ts';

/** Stream mode: read every -f source, write the YAML stream on stdout and the report on stderr. */
export async function runStream(inputs: readonly string[], options: CommonOptions, streams: Streams): Promise<number> {
  const previewsProblem = options.previews.kind === 'dir' ? await previewsDirProblem(options.previews.dir, streams.cwd) : undefined;
  if (previewsProblem !== undefined) {
    say(streams, previewsProblem);
    return ExitCode.usage;
  }
  const run = await runSources(inputs, options, streams.cwd);
  if (!run.ok) {
    say(streams, run.message);
    return ExitCode.usage;
  }
  const { exclude, pkg } = run.sources;
  const read = await readInputs(inputs, streams.cwd, () => readStdin(streams), exclude);
  if (!read.ok) {
    say(streams, read.message);
    return ExitCode.usage;
  }
  if (read.text.trim() === '') {
    say(streams, `no manifests in ${inputs.join(', ')}: nothing to do`);
    return ExitCode.usage;
  }
  if (pkg.kind === 'found' && !options.quiet)
    streams.stderr.write(`info: settings from ${pkg.from}, as kpt fn render uses them; give --config FILE to use other settings\n`);
  return runStreamText(read.text, options, streams, read.starts, false, pkg.kind === 'found' ? pkg.settings.text : undefined);
}

/**
 * Processes one already-read YAML/JSON stream (or List) in stream mode; `starts` maps its lines
 * back to files. `echo` (stdin read without -f, where a KRM host may be waiting): a usage error
 * still hands the input back on stdout.
 *
 * A run that fails (exit 1) prints nothing on stdout, only the results on stderr: the next command
 * of a pipe (`kuma-inject -f k8s/ | kubectl apply -f -`) must get nothing to apply, not the
 * un-injected input. KRM hosts are different (kpt deletes a package on empty output); they get a
 * ResourceList and never come through here.
 */
export async function runStreamText(
  text: string,
  options: CommonOptions,
  streams: Streams,
  starts: readonly SourceStart[] = [],
  echo = false,
  packageConfig?: string,
): Promise<number> {
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
  const side = await commandLineSideInputs(options, streams.cwd);
  if (!side.ok) return usage(side.message);
  const processOptions: ProcessOptions = {
    host: streamHost(options.previews.kind === 'inline' ? 'inline' : options.previews.kind === 'dir' ? 'files' : 'none'),
    overrides: side.overrides,
    ...commandLineFiles(side, streams.cwd),
    overridesOrigin: 'command-line flags',
  };
  if (options.configFile !== undefined) {
    const file = await readConfigFile(options.configFile, streams.cwd, options.overrides);
    if (!file.ok) return usage(file.message);
    processOptions.functionConfig = file.text;
    processOptions.overrides = file.overrides;
  } else if (packageConfig !== undefined) {
    processOptions.functionConfig = packageConfig;
  }
  const outcome = processInput(text, processOptions);
  const reportProblem = await writeReportFile(options, outcome.results, text, starts, streams.cwd);
  if (reportProblem !== undefined) {
    streams.stderr.write(quietReport(locateInFiles(outcome.report, starts), options.quiet));
    say(streams, `${reportProblem}; nothing was written to stdout`);
    return ExitCode.errorResults;
  }
  if (options.previews.kind === 'dir' && outcome.exitCode === 0 && outcome.previewFiles.length > 0) {
    let written: number;
    try {
      written = await writePreviews(resolve(streams.cwd, options.previews.dir), outcome.previewFiles);
    } catch (error) {
      // The stream must not go out without the previews it promised: nothing goes out.
      streams.stderr.write(quietReport(locateInFiles(outcome.report, starts), options.quiet));
      say(
        streams,
        `--previews ${options.previews.dir}: cannot write the preview files (${(error as Error).message}); nothing else was changed. Fix the folder's permissions or give another one.`,
      );
      return ExitCode.errorResults;
    }
    if (!options.quiet) streams.stderr.write(`info: wrote ${written} Dataplane preview file(s) to ${options.previews.dir}\n`);
  }
  if (outcome.exitCode === 0) writeParts(streams.stdout, outcome.outputParts);
  streams.stderr.write(quietReport(locateInFiles(outcome.report, starts), options.quiet));
  if (outcome.internalError) say(streams, 'nothing was written to stdout');
  else if (outcome.exitCode !== 0) say(streams, 'nothing was written to stdout because of the errors above; fix them and run again');
  return outcome.exitCode;
}
