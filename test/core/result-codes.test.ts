import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULT_CODES, isResultCode, type ResultCode } from '../../src/core/result-codes.ts';
import { auditResultCodes, uncodedResults, UNCODED_RESULTS_LOG } from '../../src/krm/code-audit.ts';
import { formatReport } from '../../src/krm/report.ts';
import type { Result } from '../../src/core/types.ts';
import { load } from 'js-yaml';
import { kptResourceList } from '../cli/fixtures.ts';
import { BUNDLE, sh } from '../e2e/harness.ts';

const DOC = new URL('../../functions/kuma-inject/result-codes.md', import.meta.url);

/** The docs table, rendered from the one table in src/core/result-codes.ts. */
function renderDoc(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = Object.entries(RESULT_CODES).map(
    ([code, info]) => `| ${code} | ${info.severities.join(', ')} | ${cell(info.meaning)} | ${cell(info.fix)} |`,
  );
  return [
    '# kuma-inject result codes',
    '',
    '<!-- Rendered from src/core/result-codes.ts by test/core/result-codes.test.ts (UPDATE_GOLDEN=1); edit the table there. -->',
    '',
    'Every result kuma-inject reports carries one of these codes in `tags.code` of its KRM result',
    'and at the end of its line on stderr (`warning: ... [KI0108]`).',
    'Codes are stable: a finding keeps its code across releases, and a retired code is never reused.',
    '',
    '| Code | Severity | Meaning | Fix |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

describe('result codes', () => {
  test('the docs table is the table of src/core/result-codes.ts', () => {
    const want = renderDoc();
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(DOC, want);
    assert.equal(readFileSync(DOC, 'utf8'), want, 'functions/kuma-inject/result-codes.md is stale: run the tests with UPDATE_GOLDEN=1');
  });

  test('codes are KI + four digits, and every entry says what it means and how to fix it', () => {
    for (const [code, info] of Object.entries(RESULT_CODES)) {
      assert.match(code, /^KI\d{4}$/);
      assert.ok(info.severities.length > 0, code);
      assert.ok(info.meaning.length > 10 && info.fix.length > 3, code);
    }
  });

  test('isResultCode knows exactly the table', () => {
    assert.equal(isResultCode('KI0108'), true);
    for (const bad of ['KI9999', 'ki0108', '', undefined, 108, 'toString', '__proto__'])
      assert.equal(isResultCode(bad), false, String(bad));
  });

  test('the audit finds results without a registered code, and logs them only when asked', () => {
    const coded: Result = { severity: 'warning', message: 'a', tags: { code: 'KI0108' satisfies ResultCode } };
    const missing: Result = { severity: 'warning', message: 'b' };
    const unknown: Result = { severity: 'error', message: 'c', tags: { code: 'KI9999' } };
    assert.deepEqual(uncodedResults([coded, missing, unknown]), [missing, unknown]);

    const dir = mkdtempSync(join(tmpdir(), 'codes-'));
    const previous = process.env[UNCODED_RESULTS_LOG];
    try {
      const log = join(dir, 'log');
      process.env[UNCODED_RESULTS_LOG] = log;
      auditResultCodes([coded]);
      assert.throws(() => readFileSync(log), /ENOENT/);
      auditResultCodes([coded, missing]);
      assert.deepEqual(
        readFileSync(log, 'utf8')
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line).message),
        ['b'],
      );
    } finally {
      if (previous === undefined) delete process.env[UNCODED_RESULTS_LOG];
      else process.env[UNCODED_RESULTS_LOG] = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the stderr report ends each line with its code', () => {
    assert.equal(
      formatReport([
        { severity: 'warning', message: 'x', tags: { code: 'KI0108' } },
        { severity: 'info', message: 'y' },
      ]),
      'warning: x [KI0108]\ninfo: y\n',
    );
  });
});

describe('result codes in the output of the real binary', () => {
  test('a KRM run: every result of the ResourceList carries tags.code from the table', () => {
    const ran = sh(process.execPath, [BUNDLE], { input: kptResourceList() });
    assert.equal(ran.status, 0, ran.stderr);
    const results = (load(ran.stdout) as { results: { severity: string; tags?: { code?: string } }[] }).results;
    assert.ok(results.length >= 3);
    for (const result of results) assert.ok(isResultCode(result.tags?.code), JSON.stringify(result));
    assert.ok(results.some((r) => r.tags?.code === 'KI0001'));
    assert.ok(results.some((r) => r.tags?.code === 'KI0201'));
  });
});
