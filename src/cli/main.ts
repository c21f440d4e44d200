import type { Readable, Writable } from 'node:stream';

export interface Streams {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs one invocation and returns its exit code; never calls process.exit, so tests can drive it. */
export async function run(_argv: string[], streams: Streams): Promise<number> {
  streams.stderr.write('kuma-inject: not wired yet\n');
  return 2;
}
