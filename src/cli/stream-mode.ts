import { resolve } from 'node:path';
import { processInput, type ProcessOptions } from '../krm/process.ts';
import type { CommonOptions } from './args.ts';
import { ExitCode } from './exit-codes.ts';
import { writePreviews } from './preview-files.ts';
import { locateInFiles, readInputs, readStdin, type SourceStart } from './read-inputs.ts';
import { overridesProblem, readSettingsFile } from './settings-input.ts';
import { say, type Streams } from './streams.ts';

/** Stream mode: read every -f source, write the YAML stream on stdout and the report on stderr. */
export async function runStream(inputs: readonly string[], options: CommonOptions, streams: Streams): Promise<number> {
  const exclude = options.configFile === undefined ? [] : [resolve(streams.cwd, options.configFile)];
  const read = await readInputs(inputs, streams.cwd, () => readStdin(streams), exclude);
  if (!read.ok) {
    say(streams, read.message);
    return ExitCode.usage;
  }
  if (read.text.trim() === '') {
    say(streams, `no manifests in ${inputs.join(', ')}: nothing to do`);
    return ExitCode.usage;
  }
  return runStreamText(read.text, options, streams, read.starts);
}

/** Processes one already-read YAML/JSON stream (or List) in stream mode; `starts` maps its lines back to files. */
export async function runStreamText(text: string, options: CommonOptions, streams: Streams, starts: readonly SourceStart[] = []): Promise<number> {
  if (text.trim() === '') {
    say(streams, 'stdin is empty: expected a ResourceList or manifests. See --help.');
    return ExitCode.usage;
  }
  const problem = overridesProblem(options.overrides, 'command-line flags');
  if (problem !== undefined) {
    say(streams, `invalid flags:\n${problem}`);
    return ExitCode.usage;
  }
  const processOptions: ProcessOptions = {
    host: 'stream',
    overrides: options.overrides,
    overridesOrigin: 'command-line flags',
    previews: options.previews.kind === 'inline' ? 'inline' : options.previews.kind === 'dir' ? 'separate' : 'omit',
    settingsFromInput: true,
  };
  if (options.configFile !== undefined) {
    const file = await readSettingsFile(options.configFile, streams.cwd);
    if (!file.ok) {
      say(streams, file.message);
      return ExitCode.usage;
    }
    processOptions.functionConfig = file.text;
  }
  const outcome = processInput(text, processOptions);
  if (options.previews.kind === 'dir' && outcome.exitCode === 0 && outcome.previewFiles.length > 0) {
    const written = await writePreviews(resolve(streams.cwd, options.previews.dir), outcome.previewFiles);
    streams.stderr.write(`info: wrote ${written} Dataplane preview file(s) to ${options.previews.dir}\n`);
  }
  streams.stdout.write(outcome.output);
  streams.stderr.write(locateInFiles(outcome.report, starts));
  return outcome.exitCode;
}
