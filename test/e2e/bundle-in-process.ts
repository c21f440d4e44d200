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
 * A worker thread loads the bundle once and runs it with the runner node-lts-smoke uses on Node 24
 * (test/fixtures/e2e/bundle-runs.cjs); each run is a message, and the test's thread waits on a
 * shared flag, so the helper stays synchronous like the spawn it replaces.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { BUNDLE, REPO, type Ran } from './harness.ts';

interface Reply {
  status: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

const RUNNER = join(REPO, 'test/fixtures/e2e/bundle-runs.cjs');

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { runOnce } = require(workerData.runner);
const flag = new Int32Array(workerData.flag);
parentPort.on('message', async (run) => {
  let reply;
  try {
    reply = await runOnce(workerData.bundle, run);
  } catch (error) {
    // runProgram reports its own failures; this one is the runner's, and the test must still get an answer.
    reply = { status: 70, stdout: Buffer.alloc(0), stderr: Buffer.from('bundle-in-process: ' + (error && error.stack || error) + '\\n') };
  }
  workerData.replies.postMessage(reply);
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
  const thread = new Worker(WORKER, {
    eval: true,
    workerData: { bundle: BUNDLE, runner: RUNNER, flag: shared, replies: port2 },
    transferList: [port2],
  });
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
  // The flag, not the wake-up, says the run is done: the notify of the run before can arrive late
  // (the worker stores, then notifies, and may be descheduled between the two), after this run
  // has set the flag back to 0; that wake-up once read no reply, and each run after it the reply
  // of the run before.
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let waited: 'ok' | 'not-equal' | 'timed-out' = 'ok';
  while (Atomics.load(flag, 0) === 0 && waited !== 'timed-out') waited = Atomics.wait(flag, 0, 0, Math.max(0, deadline - Date.now()));
  if (Atomics.load(flag, 0) === 0) {
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
