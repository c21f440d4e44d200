/**
 * A reader that stops early (`kuma-inject -f DIR | head`) closes stdout's pipe: the run ends
 * quietly, with no stack trace and no failure of its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../dist/kuma-inject.cjs', import.meta.url));

const bigStream = (n: number): string =>
  Array.from(
    { length: n },
    (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  namespace: default\ndata:\n  k: v\n`,
  ).join('---\n');

for (const [mode, args] of [
  ['stream', ['-f', '-']],
  ['uninject', ['uninject', '-f', '-']],
] as const) {
  test(`${mode}: stdout closed by its reader after the first chunk ends the run quietly`, async () => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(bigStream(5000));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error|\n\s+at /);
  });
}
