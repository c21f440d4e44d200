import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/main.ts';

/** The repository root, for fixtures and the example package. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliInput {
  stdin?: string;
  /** Pretend stdin is a terminal (nothing piped in). */
  tty?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI in-process with in-memory streams, as the binary would with these argv and stdin. */
export async function runCli(argv: readonly string[], input: CliInput = {}): Promise<CliRun> {
  const stdin = Readable.from(input.stdin === undefined ? [] : [Buffer.from(input.stdin)]);
  if (input.tty === true) Object.assign(stdin, { isTTY: true });
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await run(argv, { stdin, stdout, stderr, env: input.env ?? {}, cwd: input.cwd ?? REPO });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
