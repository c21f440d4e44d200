import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { processInput, type ProcessOptions } from '../krm/process.ts';
import { CHECK_HOST } from '../krm/host-profile.ts';
import { isEmptyDocument } from '../krm/split-stream.ts';
import type { ItemEdits } from '../krm/item-edits.ts';
import type { CommonOptions } from './args.ts';
import { ExitCode } from './exit-codes.ts';
import { applyFileChanges, FileTransactionError, type FileChange } from './file-transaction.ts';
import { linkOutsideMessage, locateInFiles, sourceFiles, type SourceStart } from './read-inputs.ts';
import { utf8Text } from '../krm/utf8-text.ts';
import { overridesProblem, readSettingsFile } from './settings-input.ts';
import { runSources } from './run-sources.ts';
import { say, type Streams } from './streams.ts';
import { quietReport, writeReportFile } from './report-output.ts';
import { commandLineFiles, commandLineSideInputs } from './side-inputs.ts';
import { applyReplacements, unifiedDiff, type Replacement } from './unified-diff.ts';
import { displayPath } from './display-path.ts';

/** One manifest file read, and where its text sits in the joined stream. */
interface SourceFile {
  path: string;
  text: string;
  start: number;
}

/** What a run would do to one file. */
type FilePlan =
  | { kind: 'update'; file: SourceFile; replacements: Replacement[]; next: string }
  | { kind: 'delete'; file: SourceFile }
  | { kind: 'create'; path: string; text: string };

/**
 * `check -f PATH...` and `-f PATH... --in-place`: the same run as a render (settings from --config,
 * or the Kptfile of a package given alone; previews placed as kpt places them), compared with the
 * files themselves. check writes nothing and exits 3 with a unified diff when a file differs;
 * --in-place rewrites exactly the files that differ (all or none), so a second run and a check
 * afterwards find nothing to do.
 */
export async function runCheck(
  mode: 'check' | 'in-place',
  inputs: readonly string[],
  options: CommonOptions & { diff: boolean },
  streams: Streams,
): Promise<number> {
  const problem = overridesProblem(options.overrides, 'command-line flags');
  if (problem !== undefined) {
    say(streams, `invalid flags:\n${problem}`);
    return ExitCode.usage;
  }
  const run = await runSources(inputs, options, streams.cwd);
  if (!run.ok) {
    say(streams, run.message);
    return ExitCode.usage;
  }
  const { exclude, pkg } = run.sources;
  const root = await packageRoot(inputs, streams.cwd);
  const read = await readFiles(inputs, streams.cwd, exclude);
  if (!read.ok) {
    say(streams, read.message);
    return ExitCode.usage;
  }
  const side = await commandLineSideInputs(options, streams.cwd);
  if (!side.ok) {
    say(streams, side.message);
    return ExitCode.usage;
  }
  const processOptions: ProcessOptions = {
    host: CHECK_HOST,
    overrides: { ...side.overrides, ...previewOverrides(options, pkg.kind === 'found') },
    ...commandLineFiles(side, streams.cwd),
    overridesOrigin: 'command-line flags',
  };
  if (options.configFile !== undefined) {
    const file = await readSettingsFile(options.configFile, streams.cwd);
    if (!file.ok) {
      say(streams, file.message);
      return ExitCode.usage;
    }
    processOptions.functionConfig = file.text;
  } else if (pkg.kind === 'found') {
    processOptions.functionConfig = pkg.settings.text;
    if (!options.quiet)
      streams.stderr.write(`info: settings from ${pkg.from}, as kpt fn render uses them; give --config FILE to use other settings\n`);
  }
  const joined = join(read.files, streams.cwd);
  const outcome = processInput(joined.text, processOptions);
  streams.stderr.write(quietReport(locateInFiles(outcome.report, joined.starts), options.quiet));
  const reportProblem = await writeReportFile(options, outcome.results, joined.text, joined.starts, streams.cwd);
  if (reportProblem !== undefined) {
    say(streams, `${reportProblem}; nothing was ${mode === 'check' ? 'compared' : 'written'}`);
    return ExitCode.errorResults;
  }
  if (outcome.exitCode !== 0 || outcome.edits === undefined) {
    say(
      streams,
      `${mode === 'check' ? 'check' : '--in-place'}: the run has errors (above), so nothing was ${mode === 'check' ? 'compared' : 'written'}`,
    );
    return ExitCode.errorResults;
  }
  const plans = filePlans(read.files, outcome.edits, root);
  const name = (path: string) => displayPath(path, streams.cwd);
  if (mode === 'check') {
    for (const plan of plans) {
      const path = plan.kind === 'create' ? plan.path : plan.file.path;
      if (options.diff) {
        streams.stdout.write(
          unifiedDiff(
            name(path),
            plan.kind === 'create' ? undefined : plan.file.text,
            plan.kind === 'update' ? plan.replacements : plan.kind === 'delete' ? 'delete' : [{ start: 0, end: 0, text: plan.text }],
          ),
        );
      } else {
        streams.stdout.write(`${name(path)}\n`);
      }
      streams.stderr.write(
        `kuma-inject check: ${name(path)}: ${plan.kind === 'update' ? 'differs from what kuma-inject writes' : plan.kind === 'create' ? 'missing (a preview kuma-inject writes)' : 'stale (a preview kuma-inject removes)'}\n`,
      );
    }
    if (plans.length === 0) {
      streams.stderr.write(`kuma-inject check: ${read.files.length} file(s) up to date\n`);
      return ExitCode.ok;
    }
    say(
      streams,
      `check: ${plans.length} file(s) differ; run kuma-inject with --in-place on the same files (or kpt fn render) and commit the result`,
    );
    return ExitCode.differs;
  }
  const changes: FileChange[] = plans.map((plan) =>
    plan.kind === 'update'
      ? { path: plan.file.path, text: plan.next }
      : plan.kind === 'create'
        ? { path: plan.path, text: plan.text }
        : { path: plan.file.path, delete: true },
  );
  try {
    await applyFileChanges(root, changes);
  } catch (error) {
    if (!(error instanceof FileTransactionError)) throw error;
    say(streams, `--in-place: ${name(error.path)} ${error.message}. Nothing was written.`);
    return ExitCode.errorResults;
  }
  for (const plan of options.quiet ? [] : plans) {
    const path = plan.kind === 'create' ? plan.path : plan.file.path;
    streams.stderr.write(
      `kuma-inject: ${plan.kind === 'update' ? 'updated' : plan.kind === 'create' ? 'created' : 'deleted'} ${name(path)}\n`,
    );
  }
  streams.stderr.write(
    `kuma-inject: ${plans.length} file(s) changed, ${read.files.length - plans.filter((p) => p.kind !== 'create').length} left as they were\n`,
  );
  return ExitCode.ok;
}

/**
 * Previews as kpt writes them when the files are a kpt package that runs kuma-inject (its
 * settings decide), or `--previews DIR`; otherwise none (nothing appears that was not asked for).
 */
function previewOverrides(options: CommonOptions, kptPackage: boolean): Record<string, unknown> {
  if (options.previews.kind === 'dir') return { previews: 'local-config', previewsDir: options.previews.dir };
  if (options.previews.kind === 'off' || !kptPackage) return { previews: 'off' };
  return {};
}

/** Previews are placed relative to the package: the one folder given, else the working directory. */
async function packageRoot(inputs: readonly string[], cwd: string): Promise<string> {
  const [only] = inputs;
  if (inputs.length === 1 && only !== undefined) {
    const dir = resolve(cwd, only);
    if ((await stat(dir).catch(() => undefined))?.isDirectory() === true) return dir;
  }
  return cwd;
}

async function readFiles(
  inputs: readonly string[],
  cwd: string,
  exclude: readonly string[],
): Promise<{ ok: true; files: SourceFile[] } | { ok: false; message: string }> {
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const path = resolve(cwd, input);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined)
      return { ok: false, message: `-f ${input}: no such file or directory (looked at ${path}); give a FILE or a DIR` };
    const walk = sourceFiles(path, info);
    if (!walk.ok) return { ok: false, message: linkOutsideMessage(`-f ${input}`, walk.linkOutside, cwd) };
    for (const file of walk.files) {
      if (exclude.includes(file) || seen.has(file)) continue;
      seen.add(file);
      // Not UTF-8: NotUtf8Error stops the run (nothing is written), where a lossy decode would
      // have written U+FFFD back in place of the bytes.
      files.push({ path: file, text: utf8Text(displayPath(file, cwd), readFileSync(file)), start: 0 });
    }
  }
  if (files.length === 0) return { ok: false, message: `no manifests in ${inputs.join(', ')}: nothing to check` };
  return { ok: true, files };
}

/** The files as one stream (one `---` between files, as -f joins them), each with its offset. */
function join(files: SourceFile[], cwd: string): { text: string; starts: SourceStart[] } {
  let text = '';
  let lines = 0;
  const starts: SourceStart[] = [];
  for (const file of files) {
    if (file.text.trim() === '') {
      file.start = -1;
      continue;
    }
    if (text !== '' && !file.text.startsWith('---')) {
      text += '---\n';
      lines++;
    }
    file.start = text.length;
    starts.push({ file: displayPath(file.path, cwd), line: lines + 1 });
    const body = file.text.endsWith('\n') ? file.text : `${file.text}\n`;
    text += body;
    lines += body.split('\n').length - 1;
  }
  return { text, starts };
}

/** The files the edits touch, each with its new text; files nothing touches are left out. */
function filePlans(files: readonly SourceFile[], edits: ItemEdits, root: string): FilePlan[] {
  const byFile = new Map<SourceFile, Replacement[]>();
  const fileAt = (offset: number): SourceFile | undefined =>
    files.find((file) => file.start >= 0 && offset >= file.start && offset < file.start + Math.max(file.text.length, 1));
  const add = (file: SourceFile, replacement: Replacement) => byFile.set(file, [...(byFile.get(file) ?? []), replacement]);
  for (const edit of edits.changed) {
    const file = fileAt(edit.offset);
    if (file === undefined) continue;
    const start = edit.offset - file.start;
    // The joined stream ends every file with a newline; a file without one keeps it that way.
    const end = Math.min(start + edit.length, file.text.length);
    add(file, { start, end, text: end < start + edit.length && edit.text.endsWith('\n') ? edit.text.slice(0, -1) : edit.text });
  }
  for (const edit of edits.removed) {
    const file = fileAt(edit.offset);
    if (file === undefined) continue;
    const start = Math.max(0, edit.offset - edit.before - file.start);
    add(file, { start, end: Math.min(edit.offset + edit.length - file.start, file.text.length), text: '' });
  }
  const plans: FilePlan[] = [];
  for (const [file, replacements] of byFile) {
    const next = applyReplacements(file.text, replacements);
    if (next === file.text) continue;
    plans.push(
      isEmptyDocument(next.replace(/^(---|\.\.\.)[ \t]*$/gm, '')) ? { kind: 'delete', file } : { kind: 'update', file, replacements, next },
    );
  }
  const known = new Map(files.map((file) => [file.path, file]));
  for (const added of edits.added) {
    const path = resolve(root, added.path);
    const existing = known.get(path);
    if (existing === undefined) plans.push({ kind: 'create', path, text: added.text });
    else if (existing.text !== added.text)
      plans.push({
        kind: 'update',
        file: existing,
        replacements: [{ start: 0, end: existing.text.length, text: added.text }],
        next: added.text,
      });
  }
  return plans.sort((a, b) => (pathOf(a) < pathOf(b) ? -1 : 1));
}

function pathOf(plan: FilePlan): string {
  return plan.kind === 'create' ? plan.path : plan.file.path;
}
