import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
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
  // `process.stdin` is a getter that builds a stream: only touch it if fd 0 cannot be read at once.
  const streams: Streams = {
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    readStdinSync: () => readFileSync(0),
    stdinIsTTY: isatty(0),
    self: { execPath: process.execPath, script: process.argv[1] ?? '' },
  };
  // A reader that stops early (`kuma-inject ... | head`) closes the pipe: that is the reader's
  // choice, not a failure of ours, so the run ends quietly as other command-line tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  void runProgram(process.argv.slice(2), streams).then((code) => {
    process.exitCode = code;
  });
}
