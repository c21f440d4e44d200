import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fdWriter } from '../../src/cli/fd-writer.ts';

const never = (): never => assert.fail('no fallback stream was expected');

test('strings and bytes reach the descriptor whole and in order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fd-writer-'));
  try {
    const file = join(dir, 'out');
    const fd = openSync(file, 'w');
    const writer = fdWriter(fd, never, never);
    const big = 'é'.repeat(700_000);
    assert.equal(writer.write('a: 1\n'), true);
    assert.equal(writer.write(Buffer.from('b: ✓\n')), true);
    assert.equal(writer.write(big), true);
    closeSync(fd);
    assert.equal(readFileSync(file, 'utf8'), `a: 1\nb: ✓\n${big}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The parent's end of a child's stdin pipe is non-blocking (libuv made it): a reader that waits
// before reading fills it, and a direct write gets EAGAIN part-way.
test('a non-blocking pipe that fills: the rest, and every later write, go through the fallback in order', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => process.stdin.pipe(process.stdout), 300)'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const got: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => got.push(chunk));
  const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
  let fellBack = 0;
  const writer = fdWriter(
    fd,
    () => {
      fellBack += 1;
      return child.stdin;
    },
    never,
  );
  // Far more than a pipe holds (64 KiB), so the direct write is cut short.
  const first = Buffer.alloc(4 << 20, 'x');
  first.write('start', 0);
  writer.write(first);
  writer.write('then: this\n');
  writer.write(Buffer.from('and: that\n'));
  child.stdin.end();
  await new Promise((resolve) => child.on('close', resolve));
  assert.equal(fellBack, 1, 'the fallback is made once, when the pipe refuses a write');
  assert.ok(Buffer.concat(got).equals(Buffer.concat([first, Buffer.from('then: this\nand: that\n')])), 'every byte, in order');
});

test('a reader that has gone (EPIPE) calls onClosed and writes nothing more', async () => {
  // The child closes its end of the pipe, says so, and stays until it is killed.
  const child = spawn(process.execPath, ['-e', "require('fs').closeSync(0); console.log('closed'); setInterval(() => {}, 1000)"], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
    let closed = 0;
    const writer = fdWriter(fd, never, () => {
      closed += 1;
    });
    assert.equal(writer.write('kind: ConfigMap\n'), false);
    assert.equal(closed, 1);
  } finally {
    child.kill();
    child.stdin.destroy();
  }
});
