import type { Readable, Writable } from 'node:stream';

/** Where a run's output goes: all a run does with stdout and stderr is write to them. */
export type Output = Pick<Writable, 'write'>;

/** The process surface one run may touch; tests pass in-memory streams. */
export interface Streams {
  stdin: Readable;
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * The real process reads fd 0 in one call: setting up `process.stdin` as a stream costs more
   * than a whole small run's work. Tests leave it out and pass `stdin`.
   */
  readStdinSync?: () => Uint8Array;
  stdinIsTTY?: boolean;
  /**
   * How this process was started (node and its script), for tools we start that must run this same
   * kuma-inject again (Argo CD's kustomize plugin); unset, they run the kuma-inject on PATH.
   */
  self?: { execPath: string; script: string };
}

/** Writes a line to stderr with the program name in front, the way every CLI message starts. */
export function say(streams: Streams, message: string): void {
  streams.stderr.write(`kuma-inject: ${message}\n`);
}

/** True when stdin is a terminal, i.e. nobody piped anything in. */
export function stdinIsTerminal(streams: Streams): boolean {
  return streams.stdinIsTTY ?? (streams.stdin as { isTTY?: boolean }).isTTY === true;
}
