import { processInput } from '../krm/process.ts';
import { writeParts } from './write-output.ts';
import type { CommonOptions } from './args.ts';
import { isResourceList, krmHost, problemsOnly } from './detect-input.ts';
import { nameItemFiles } from './item-files.ts';
import { ExitCode } from './exit-codes.ts';
import { previewsFileNameProblem } from './preview-files.ts';
import { readStdin } from './read-inputs.ts';
import { readConfigFile } from './config-file.ts';
import { overridesProblem } from './settings-input.ts';
import { runStreamText } from './stream-mode.ts';
import { say, stdinIsTerminal, type Streams } from './streams.ts';
import { commandLineFiles, commandLineSideInputs } from './side-inputs.ts';

/**
 * KRM function mode: one ResourceList in, one ResourceList out, results inside it. stdout is
 * written once, after all the work, and is never empty. A plain stream on stdin is handled as
 * `-f -`.
 */
export async function runKrm(options: CommonOptions, streams: Streams): Promise<number> {
  if (stdinIsTerminal(streams)) {
    say(streams, 'no input: pipe a ResourceList (or manifests) into stdin, or read files with -f FILE|DIR. See --help.');
    return ExitCode.usage;
  }
  const text = await readStdin(streams);
  if (!isResourceList(text)) return runStreamText(text, options, streams, [], true);

  if (options.previews.kind === 'dir') {
    const clash = packageFileClash(text, options.previews.dir);
    if (clash !== undefined) {
      streams.stdout.write(text);
      say(
        streams,
        `--previews ${options.previews.dir}: ${clash} is a file of the package, not a folder; give a folder of the package for the preview files (created when missing), or off`,
      );
      return ExitCode.usage;
    }
    const fileName = previewsFileNameProblem(options.previews.dir);
    if (fileName !== undefined) {
      streams.stdout.write(text);
      say(streams, fileName);
      return ExitCode.usage;
    }
  }
  const overrides = { ...options.overrides };
  if (options.previews.kind === 'off') overrides['previews'] = 'off';
  if (options.previews.kind === 'dir') overrides['previewsDir'] = options.previews.dir;
  const problem = overridesProblem(overrides, 'command-line flags');
  if (problem !== undefined) {
    // Under kpt an empty stdout deletes the package: hand the input back even on a usage error.
    streams.stdout.write(text);
    say(streams, `invalid flags:\n${problem}`);
    return ExitCode.usage;
  }
  let functionConfig: string | undefined;
  let settingsOverrides = overrides;
  if (options.configFile !== undefined) {
    const file = await readConfigFile(options.configFile, streams.cwd, overrides);
    if (!file.ok) {
      streams.stdout.write(text);
      say(streams, file.message);
      return ExitCode.usage;
    }
    functionConfig = file.text;
    settingsOverrides = file.overrides;
  }
  const side = await commandLineSideInputs({ ...options, overrides: settingsOverrides }, streams.cwd);
  if (!side.ok) {
    streams.stdout.write(text);
    say(streams, side.message);
    return ExitCode.usage;
  }
  const host = krmHost(text);
  const outcome = processInput(text, {
    host,
    overrides: side.overrides,
    overridesOrigin: 'command-line flags',
    ...commandLineFiles(side, streams.cwd),
    ...(functionConfig === undefined ? {} : { functionConfig }),
  });
  writeParts(streams.stdout, outcome.outputParts);
  // kpt prints the results itself (the same lines on stderr would show twice); kustomize ignores
  // them, so its users see problems on stderr. Unreadable input and internal errors have no
  // ResourceList to carry results: the error goes to stderr for every host.
  if (!outcome.inputRead)
    say(
      streams,
      `the input is not a readable ResourceList; it is passed through unchanged:\n${nameItemFiles(outcome.report, text).trimEnd()}`,
    );
  else if (outcome.internalError) {
    streams.stderr.write(outcome.report);
    say(streams, 'the input is passed through unchanged');
  } else if (!host.showsResults) streams.stderr.write(problemsOnly(outcome.report, outcome.exitCode));
  return outcome.exitCode;
}

/**
 * The package file (as kpt names it in the items' path annotations) that `dir` would have to be a
 * folder of, or be itself; undefined when none. kpt resolves previewsDir against the package, not
 * against our working directory, so the file system is no help here.
 */
function packageFileClash(text: string, dir: string): string | undefined {
  const wanted = dir
    .split('/')
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .join('/');
  for (const match of text.matchAll(/^[ \t-]*(?:internal\.)?config\.kubernetes\.io\/path:[ \t]*['"]?([^'"\n]+?)['"]?[ \t]*$/gm)) {
    const file = match[1] ?? '';
    if (file !== '' && (wanted === file || wanted.startsWith(`${file}/`))) return file;
  }
  return undefined;
}
