import { appendFileSync } from 'node:fs';
import type { Result } from '../core/types.ts';
import { isResultCode } from '../core/result-codes.ts';

/**
 * Set by the test runner (scripts/test.mjs) to a file: every result a run reports without a code
 * of the table in src/core/result-codes.ts is appended there, one JSON line each, and the runner
 * fails the suite when the file is not empty. So every finding the tests reach, in-process or
 * through the real binary under kpt, kustomize or Argo CD, must carry a registered code.
 */
export const UNCODED_RESULTS_LOG = 'KUMA_INJECT_UNCODED_RESULTS_LOG';

/** The results without a registered code. */
export function uncodedResults(results: readonly Result[]): Result[] {
  return results.filter((result) => !isResultCode(result.tags?.['code']));
}

/** Records uncoded results when the test runner asks for it; a no-op for users. */
export function auditResultCodes(results: readonly Result[]): void {
  const log = process.env[UNCODED_RESULTS_LOG];
  if (log === undefined || log === '') return;
  const uncoded = uncodedResults(results);
  if (uncoded.length === 0) return;
  appendFileSync(
    log,
    uncoded
      .map((result) => `${JSON.stringify({ severity: result.severity, message: result.message, tags: result.tags ?? null })}\n`)
      .join(''),
  );
}
