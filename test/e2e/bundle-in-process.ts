/**
 * The built bundle driven in-process, synchronously: `kumaInject(args, options)` is what
 * `sh(process.execPath, [BUNDLE, ...args], options)` gives, without starting a node for every run.
 * The end-to-end files whose subject is what the program does with its arguments, files and
 * bytes use it; the ones whose subject is the process (pipes, exit on a closed stdout, another
 * Node, another user, stack limits) and every host (kpt, kubectl, the Argo CD simulation) still
 * start the executable. It is the same minified file the executable runs, entered through the
 * same function (runProgram, src/bin.ts); only main's wiring of process.stdin/stdout is skipped,
 * and test/e2e/binary.test.ts and the pipe tests cover that.
 *
 * A worker thread loads the bundle once; each run is a message, and the test's thread waits on a
 * shared flag, so the helper stays synchronous like the spawn it replaces.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { BUNDLE, REPO, type Ran } from './harness.ts';

interface Reply {
  status: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Readable, Writable } = require('node:stream');
const bundle = require(workerData.bundle);
const flag = new Int32Array(workerData.flag);
const sink = (chunks) => new Writable({ write(chunk, encoding, done) { chunks.push(Buffer.from(chunk, encoding)); done(); } });
parentPort.on('message', async ({ args, input, cwd, env }) => {
  const stdout = [];
  const stderr = [];
  const bytes = Buffer.from(input);
  const streams = {
    get stdin() { return Readable.from(bytes.length === 0 ? [] : [bytes]); },
    stdout: sink(stdout),
    stderr: sink(stderr),
    env,
    cwd,
    readStdinSync: () => bytes,
    stdinIsTTY: false,
    self: { execPath: process.execPath, script: workerData.bundle },
  };
  let status;
  try {
    status = await bundle.runProgram(args, streams);
  } catch (error) {
    stderr.push(Buffer.from('bundle-in-process: runProgram threw: ' + (error && error.stack || error) + '\\n'));
    status = 70;
  }
  workerData.replies.postMessage({ status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

let worker: { thread: Worker; flag: Int32Array; replies: MessagePort } | undefined;

function started(): NonNullable<typeof worker> {
  if (worker !== undefined) return worker;
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run \`npm run build\` first (npm test does).`);
  const shared = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const thread = new Worker(WORKER, { eval: true, workerData: { bundle: BUNDLE, flag: shared, replies: port2 }, transferList: [port2] });
  // The thread waits for messages; it must not keep the test process alive once the tests end.
  thread.unref();
  worker = { thread, flag: new Int32Array(shared), replies: port1 };
  return worker;
}

export interface InProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  timeoutMs?: number;
}

/** One run of the built bundle; stdout and stderr as bytes. */
export function kumaInjectRaw(
  args: readonly string[],
  options: InProcessOptions = {},
): { status: number | null; stdout: Buffer; stderr: Buffer } {
  const { thread, flag, replies } = started();
  Atomics.store(flag, 0, 0);
  const input = typeof options.input === 'string' ? Buffer.from(options.input, 'utf8') : (options.input ?? Buffer.alloc(0));
  thread.postMessage({ args: [...args], input, cwd: options.cwd ?? REPO, env: { ...(options.env ?? process.env) } });
  const waited = Atomics.wait(flag, 0, 0, options.timeoutMs ?? 120_000);
  if (waited === 'timed-out') {
    void thread.terminate();
    worker = undefined;
    return {
      status: null,
      stdout: Buffer.alloc(0),
      stderr: Buffer.from(`kuma-inject ${args.join(' ')}: no answer in ${options.timeoutMs ?? 120_000} ms\n`),
    };
  }
  const reply = receiveMessageOnPort(replies)?.message as Reply | undefined;
  assert.ok(reply !== undefined, 'the bundle worker signalled without a reply');
  return { status: reply.status, stdout: Buffer.from(reply.stdout), stderr: Buffer.from(reply.stderr) };
}

/** One run of the built bundle, as `sh(process.execPath, [BUNDLE, ...args], options)` reports it. */
export function kumaInject(args: readonly string[], options: InProcessOptions = {}): Ran {
  const ran = kumaInjectRaw(args, options);
  return { status: ran.status, stdout: ran.stdout.toString('utf8'), stderr: ran.stderr.toString('utf8') };
}
