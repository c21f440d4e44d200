import type { Result, Severity } from '../core/types.ts';
import { RESULT_CODES, isResultCode, type ResultCode } from '../core/result-codes.ts';
import { readInput } from '../krm/read.ts';
import type { SourceStart } from './read-inputs.ts';
import { TOOL_VERSION } from './tool-version.ts';

/** `--report-format`: the results array as JSON, or SARIF 2.1.0 for code scanning. */
export type ReportFormat = 'json' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'sarif'];

/** A result as CI reads it: its code, and the file and line of the object it is about. */
export interface ReportEntry {
  severity: Severity;
  code: string;
  message: string;
  resourceRef?: Result['resourceRef'];
  field?: string;
  /** The file the object was read from, as the command line named it (relative to the working directory). */
  file?: string;
  /** 1-based line of the object's first line in that file. */
  line?: number;
}

/**
 * Where each result's object starts: the input is read again (only when a report is asked for)
 * and each object's offset turned into a file and line through the `starts` of the joined files.
 */
export function reportEntries(results: readonly Result[], text: string, starts: readonly SourceStart[]): ReportEntry[] {
  const lines = lineStarts(text);
  const firstLines = new Map<string, number>();
  try {
    for (const item of readInput(text).items) {
      const key = refKey(item.object.kind, item.object.metadata.namespace, item.object.metadata.name);
      if (!firstLines.has(key)) firstLines.set(key, lineOf(lines, item.offset + leadingComments(item.text)));
    }
  } catch {
    // Unreadable input: the one error names its line in the message.
  }
  return results.map((result) => {
    const entry: ReportEntry = { severity: result.severity, code: result.tags?.['code'] ?? '', message: result.message };
    if (result.resourceRef !== undefined) entry.resourceRef = { ...result.resourceRef };
    if (result.field !== undefined && result.field.path !== '') entry.field = result.field.path;
    const ref = result.resourceRef;
    const inputLine =
      ref === undefined
        ? Number(/input line (\d+)/.exec(result.message)?.[1] ?? Number.NaN)
        : firstLines.get(refKey(ref.kind, ref.namespace, ref.name));
    if (inputLine !== undefined && Number.isFinite(inputLine)) {
      const source = starts.filter((s) => s.line <= inputLine).at(-1);
      if (source !== undefined && source.file !== '-') {
        entry.file = source.file;
        entry.line = inputLine - source.line + 1;
      } else if (result.file !== undefined) {
        entry.file = result.file.path;
      }
    } else if (result.file !== undefined) {
      entry.file = result.file.path;
    }
    return entry;
  });
}

/** The report file's text. */
export function renderReport(entries: readonly ReportEntry[], format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(entries, null, 2)}\n`;
  return `${JSON.stringify(sarif(entries), null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0: one rule per code of the table (its meaning and fix as descriptions), one result
 * per finding with a physical location (file, first line of the object) where it is known, so
 * GitHub code scanning shows each warning at its place. The summary line is no finding and is left out.
 */
function sarif(entries: readonly ReportEntry[]): Record<string, unknown> {
  const codes = Object.keys(RESULT_CODES) as ResultCode[];
  const rules = codes.map((code) => {
    const info: { severities: readonly Severity[]; meaning: string; fix: string } = RESULT_CODES[code];
    const worst = info.severities.includes('error') ? 'error' : info.severities.includes('warning') ? 'warning' : 'info';
    return {
      id: code,
      shortDescription: { text: info.meaning },
      help: { text: info.fix },
      defaultConfiguration: { level: SARIF_LEVEL[worst] },
    };
  });
  const results = entries
    .filter((entry) => entry.code !== 'KI0001')
    .map((entry) => {
      const result: Record<string, unknown> = {
        ruleId: entry.code,
        level: SARIF_LEVEL[entry.severity],
        message: { text: entry.message },
      };
      if (isResultCode(entry.code)) result['ruleIndex'] = codes.indexOf(entry.code);
      if (entry.file !== undefined) {
        const physical: Record<string, unknown> = { artifactLocation: { uri: entry.file.split('\\').join('/') } };
        if (entry.line !== undefined) physical['region'] = { startLine: entry.line };
        result['locations'] = [{ physicalLocation: physical }];
      }
      return result;
    });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'kuma-inject', version: TOOL_VERSION, rules } }, results }],
  };
}

/** Length of the comment and blank lines an item's text starts with: the object begins after them. */
function leadingComments(text: string): number {
  const match = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(text);
  return match?.[0].length ?? 0;
}

function refKey(kind: string, namespace: string | undefined, name: string | undefined): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name ?? ''}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of `offset`. */
function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
