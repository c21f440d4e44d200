import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Result } from '../core/types.ts';
import type { CommonOptions } from './args.ts';
import type { SourceStart } from './read-inputs.ts';
import { renderReport, reportEntries } from './report-file.ts';

/**
 * Writes `--report FILE` (whole, through a temporary file and a rename); resolves to the message
 * that says why it could not be written, or undefined.
 */
export async function writeReportFile(
  options: CommonOptions,
  results: readonly Result[],
  text: string,
  starts: readonly SourceStart[],
  cwd: string,
): Promise<string | undefined> {
  if (options.report === undefined) return undefined;
  const target = resolve(cwd, options.report.file);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, renderReport(reportEntries(results, text, starts), options.report.format), { flag: 'wx' });
    await rename(temp, target);
    return undefined;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    return `--report ${options.report.file}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a file in a folder you can write to`;
  }
}

/** With --quiet: only the warning and error lines and the summary line ([KI0001]) of a report. */
export function quietReport(report: string, quiet: boolean): string {
  if (!quiet) return report;
  return report
    .split('\n')
    .filter((line) => line.startsWith('error') || line.startsWith('warning') || line.endsWith('[KI0001]'))
    .map((line) => `${line}\n`)
    .join('');
}
