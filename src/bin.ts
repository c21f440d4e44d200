import { fstatSync, readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { fdWriter } from './cli/fd-writer.ts';
import { run } from './cli/main.ts';
import type { Streams } from './cli/streams.ts';

/**
 * One run of the program: the exit code, with a failure of our own reported as an internal error
 * rather than thrown. The executable (main) and the tests that drive the built bundle in-process
 * (test/e2e/bundle-in-process.ts) both come through here.
 */
export async function runProgram(argv: readonly string[], streams: Streams): Promise<number> {
  try {
    return await run(argv, streams);
  } catch (error: unknown) {
    streams.stderr.write(`kuma-inject: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

/** The executable: this process's arguments and streams. The bundle's loader calls it when run as a program. */
export function main(): void {
  // A reader that stops early (`kuma-inject ... | head`) closes the pipe: that is the reader's
  // choice, not a failure of ours, so the run ends quietly as other command-line tools do.
  const readerGone = (): never => process.exit(process.exitCode ?? 0);
  const stdoutStream = (): NodeJS.WriteStream =>
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      readerGone();
    });
  // `process.stdin`, `process.stdout` and `process.stderr` are getters that build streams (and load
  // net, stream and tty to do it): a run reads fd 0 at once and writes fds 1 and 2 directly, and
  // touches them only when it must (see fdWriter).
  const streams: Streams = {
    get stdin() {
      return process.stdin;
    },
    stdout: fdWriter(1, stdoutStream, readerGone),
    stderr: fdWriter(2, () => process.stderr, readerGone),
    env: process.env,
    cwd: process.cwd(),
    readStdinSync: () => readFileSync(0),
    // Asked only by the modes that read stdin, and only a character device can be a terminal: a
    // file or a pipe needs no tty module (nor does a run that reads files, whatever fd 0 is).
    get stdinIsTTY() {
      return fstatSync(0).isCharacterDevice() && isatty(0);
    },
    self: { execPath: process.execPath, script: process.argv[1] ?? '' },
  };
  void runProgram(process.argv.slice(2), streams).then((code) => {
    process.exitCode = code;
  });
}
