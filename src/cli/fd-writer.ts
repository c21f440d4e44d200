import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Output } from './streams.ts';

/**
 * A writer straight to a file descriptor, for the process's stdout and stderr: `process.stdout`
 * on a pipe is a net.Socket, and loading net, stream and tty to build it cost a small run about as
 * much as its own work. Each write goes out whole before `write` returns, as `process.stdout`'s
 * writes to pipes and files do on Linux.
 *
 * A descriptor some other process made non-blocking (a shared pipe) can refuse a write while the
 * reader lags (EAGAIN): from then on every write goes, in order, through `fallback()` (the
 * process's own stream, which waits for the reader). A reader that has gone (EPIPE) calls
 * `onClosed`.
 */
export function fdWriter(fd: number, fallback: () => Writable, onClosed: () => void): Output {
  let stream: Writable | undefined;
  const write = (chunk: string | Uint8Array): boolean => {
    if (stream !== undefined) return stream.write(chunk);
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let at = 0;
    try {
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        onClosed();
        return false;
      }
      if (code !== 'EAGAIN') throw error;
      stream = fallback();
      return stream.write(bytes.subarray(at));
    }
    return true;
  };
  return { write: write as Writable['write'] };
}
