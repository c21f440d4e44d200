/**
 * Runs one fuzz case through kuma-inject the way its hosts do (KRM function, stream mode with
 * previews written to a folder, uninject) and checks the documented invariants. Most runs go
 * through the in-process entry `run(argv, streams)`; `bundle: true` also runs the built bundle
 * (dist/kuma-inject.cjs.bundle, minified, entered as the executable enters it, in a worker:
 * test/e2e/bundle-in-process.ts) and requires the same exit code and stdout.
 */
import { lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Readable, Writable } from 'node:stream';
import { parseAllDocuments } from 'yaml';
import { run } from '../../src/cli/main.ts';
import { ExitCode } from '../../src/cli/exit-codes.ts';
import { asResourceList, type FuzzCase } from './mutate.ts';
import { Random } from './random.ts';
import { kumaInjectRaw } from '../e2e/bundle-in-process.ts';

/**
 * Checks whose fix belongs to another part of issue 8 (or outside it): a failure of such a class
 * is reported as pending, with the part named, instead of failing the run. Turn a class to true
 * once its fix is merged; the fuzz test then fails on it like on any other.
 */
const ENFORCED = {
  /** Item 5: the summary's injected + skipped + uninjected + failed equals the pod templates of the input. */
  accounting: true,
  /** Item 9: bytes that are not UTF-8 are refused (exit 1), never decoded to U+FFFD. */
  badBytesRefused: true,
  /** Item 9: on exit 1 the input comes back byte for byte (a missing final newline, JSON documents). */
  echoByteExact: true,
  /** Item 8: a ResourceList whose items is a mapping or scalar, or whose functionConfig is a scalar, is an error. */
  envelopeShapes: true,
  /** Items 6 and 7: app containers named kuma-sidecar / kuma-init / kuma-validation are skipped, never re-injected. */
  injectedNames: true,
  /** Item 7: a pod whose containers (or init containers) repeat a name is refused, input or result. */
  duplicateNames: true,
  /** Item 5: a pod template without a containers list is skipped with a reason, not injected. */
  oddTemplates: true,
  /**
   * Item 11: a metadata.name (or namespace) that is not a string is an error naming the field,
   * never `[object Object]`; so is a container name that is not a string (today it is injected,
   * `kubectl.kubernetes.io/default-container` gets the number, and the next run refuses it).
   */
  nameShapes: true,
  /**
   * Item 11: a workload without metadata (no name: the API server rejects it) is injected today,
   * and uninject then leaves `metadata: {}` where there was none.
   */
  unnamedWorkloads: true,
  /**
   * A ContainerPatch value that is not JSON is located in our own words, never in V8's JSON.parse text (which differs between Node
   * versions).
   */
  noEngineText: true,
};

/** Which ENFORCED class a failure belongs to, when it is one not enforced yet. */
function pendingClass(f: Failure, input: string, krmEnvelopeOdd: boolean, validUtf8: boolean): keyof typeof ENFORCED | undefined {
  const pending = (key: keyof typeof ENFORCED): keyof typeof ENFORCED | undefined => (ENFORCED[key] ? undefined : key);
  // Bytes that are not UTF-8 are decoded to U+FFFD today, so nothing compares with the input.
  if (f.check === 'bad-bytes-accepted' || (!validUtf8 && /stdout|echo|uninject|rerender/.test(f.check))) return pending('badBytesRefused');
  if (f.check === 'echo-not-byte-exact') return pending('echoByteExact');
  // Item 9 keeps a BOM as it was; a BOM inside the stream (or two) is not handled the same on every run yet.
  if (f.check === 'rerender-noop' && input.includes('\ufeff')) return pending('echoByteExact');
  if (f.mode === 'krm' && krmEnvelopeOdd && f.check === 'krm-envelope-accepted') return pending('envelopeShapes');
  if (f.check === 'accounting') return pending('accounting');
  if (f.check === 'internal-error-text' && /is not valid JSON \(/.test(f.detail)) return pending('noEngineText');
  if (f.check === 'internal-error-text' && /\[object Object\]/.test(f.detail)) return pending('nameShapes');
  if (hasInjectedContainer(input)) return pending('injectedNames');
  if (oddTemplate(input)) return pending('oddTemplates');
  if (f.check === 'uninject-exact' && unnamedWorkload(input)) return pending('unnamedWorkloads');
  if (/rerender|uninject/.test(f.check) && nonStringContainerName(input)) return pending('nameShapes');
  if (/rerender|uninject/.test(f.check) && duplicateContainerNames(input)) return pending('duplicateNames');
  return undefined;
}

/** The documented exit codes (README, Exit codes). */
const EXIT_CODES = new Set<number>(Object.values(ExitCode));

/** Text that only a crash or an internal error would print. */
const INTERNAL =
  /\n\s+at [^\n]*[(:]\d+:\d+\)?|\bat (?:file|node):|\b(?:TypeError|ReferenceError|RangeError|SyntaxError|AssertionError)\b|Cannot read propert|is not a function|is not iterable|undefined is not|\[object Object\]|internal error|Maximum call stack|Unexpected token/i;

export interface Failure {
  check: string;
  mode: 'krm' | 'stream' | 'uninject' | 'bundle';
  detail: string;
  /** Set when the failure's class is not enforced yet (ENFORCED): reported, not failed. */
  pending?: keyof typeof ENFORCED;
}

interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The in-process CLI with `stdin` as raw bytes; a throw is returned as a crash, never raised. */
async function runInProcess(argv: readonly string[], stdin: Buffer, cwd: string): Promise<RunOutput | { crash: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  try {
    const code = await run(argv, { stdin: Readable.from([stdin]), stdout, stderr, env: {}, cwd, stdinIsTTY: false });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } catch (error) {
    return { crash: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) };
  }
}

/** The built bundle on the same input; a run that does not answer in 60 s is a crash. */
function runBundle(argv: readonly string[], stdin: Buffer, cwd: string): RunOutput | { crash: string } {
  const out = kumaInjectRaw(argv, { input: stdin, cwd, env: { PATH: process.env.PATH ?? '' }, timeoutMs: 60_000 });
  if (out.status === null) return { crash: out.stderr.toString('utf8') };
  return { code: out.status, stdout: out.stdout.toString('utf8'), stderr: out.stderr.toString('utf8') };
}

/** Parsed documents of the last few texts: a case asks for the same input's documents many times. */
const parsedTexts = new Map<string, { docs: unknown[]; ok: boolean }>();

function documents(text: string): { docs: unknown[]; ok: boolean } {
  const known = parsedTexts.get(text);
  if (known !== undefined) return known;
  const parsed = parseDocuments(text);
  if (parsedTexts.size >= 16) parsedTexts.delete(parsedTexts.keys().next().value!);
  parsedTexts.set(text, parsed);
  return parsed;
}

function parseDocuments(text: string): { docs: unknown[]; ok: boolean } {
  try {
    // A BOM may start any document of a stream (YAML 1.2), not only the first.
    const parsed = parseAllDocuments(text.replace(/\ufeff/g, ''), { merge: true, uniqueKeys: false });
    const list = Array.isArray(parsed) ? parsed : [parsed];
    if (list.some((d) => d.errors.length > 0)) return { docs: [], ok: false };
    return { docs: list.map((d) => d.toJS({ maxAliasCount: -1 })), ok: true };
  } catch {
    return { docs: [], ok: false };
  }
}

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

/** Pod templates of the input by the built-in kind table (List items included). */
function podTemplates(docs: unknown[]): number {
  let n = 0;
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const object = value as Record<string, unknown>;
    if (typeof object.kind === 'string' && WORKLOAD_KINDS.has(object.kind)) n += 1;
    if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) object.items.forEach(visit);
  };
  docs.forEach(visit);
  return n;
}

/** injected + skipped + uninjected + failed from the summary line, or undefined without one. */
function summaryCount(stderr: string): number | undefined {
  const line = stderr.split('\n').find((l) => /^info: kuma-inject \(.*\): \d+ injected/.test(l));
  if (line === undefined) return undefined;
  const n = (word: string): number => Number(new RegExp(`(\\d+) ${word}\\b`).exec(line)?.[1] ?? 0);
  return n('injected') + n('skipped') + n('uninjected') + n('failed');
}

/** How an error run's output compares with its input: the same bytes, the same objects, or neither. */
function echo(output: string, input: string): 'bytes' | 'objects' | 'no' {
  if (output === input) return 'bytes';
  const a = documents(output);
  const b = documents(input);
  return a.ok && b.ok && isDeepStrictEqual(a.docs, b.docs) ? 'objects' : 'no';
}

/** A bare Pod among the documents, List items included (it carries no record, so uninject may give back an equivalent). */
function hasBarePod(docs: unknown[]): boolean {
  const pod = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const object = value as { kind?: unknown; items?: unknown };
    if (object.kind === 'Pod') return true;
    return typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items) && object.items.some(pod);
  };
  return docs.some(pod);
}

/**
 * Uninject failed only because a bare Pod's probe port cannot be given back: every error is the
 * KI0224 of a Pod (no record) and the injection warned about that probe with KI0225.
 */
function unrecoverablePodProbe(uninjectStderr: string, injectStderr: string, docs: unknown[]): boolean {
  const errors = uninjectStderr.split('\n').filter((l) => l.startsWith('error: '));
  return (
    hasBarePod(docs) &&
    errors.length > 0 &&
    errors.every((l) => /^error: Pod .*\[KI0224\]$/.test(l) && l.includes('a Pod carries no kuma-inject record')) &&
    /\[KI0225\]/.test(injectStderr)
  );
}

/** A containers or initContainers list of the input that repeats a name. */
function duplicateContainerNames(input: string): boolean {
  const { docs, ok } = documents(input);
  if (!ok) return false;
  let found = false;
  const visit = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) {
      if (key === 'containers' || key === 'initContainers') {
        const names = value.map((c) => (typeof c === 'object' && c !== null ? (c as { name?: unknown }).name : undefined));
        if (new Set(names).size !== names.length) found = true;
      }
      value.forEach((v) => visit(v));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  docs.forEach((d) => visit(d));
  return found;
}

/** A container of the input whose name is not a string. */
function nonStringContainerName(input: string): boolean {
  const { docs, ok } = documents(input);
  if (!ok) return false;
  let found = false;
  const visit = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) {
      if (key === 'containers' || key === 'initContainers') {
        for (const c of value)
          if (typeof c === 'object' && c !== null && 'name' in c && typeof (c as { name: unknown }).name !== 'string') found = true;
      }
      value.forEach((v) => visit(v));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  docs.forEach((d) => visit(d));
  return found;
}

/** A workload of the input without metadata.name. */
function unnamedWorkload(input: string): boolean {
  const { docs, ok } = documents(input);
  const unnamed = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const object = value as Record<string, any>;
    if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) return object.items.some(unnamed);
    return typeof object.kind === 'string' && WORKLOAD_KINDS.has(object.kind) && typeof object.metadata?.name !== 'string';
  };
  return ok && docs.some(unnamed);
}

/** A workload of the input whose pod template has no containers list (an odd shape, item 5). */
function oddTemplate(input: string): boolean {
  const { docs, ok } = documents(input);
  if (!ok) return false;
  let odd = false;
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const object = value as Record<string, any>;
    if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) object.items.forEach(visit);
    if (typeof object.kind !== 'string' || !WORKLOAD_KINDS.has(object.kind)) return;
    const spec =
      object.kind === 'Pod'
        ? object.spec
        : object.kind === 'CronJob'
          ? object.spec?.jobTemplate?.spec?.template?.spec
          : object.spec?.template?.spec;
    if (typeof spec !== 'object' || spec === null || !Array.isArray(spec.containers)) odd = true;
  };
  docs.forEach(visit);
  return odd;
}

function hasInjectedContainer(text: string): boolean {
  return /"?name"?\s*:\s*["']?kuma-(sidecar|init|validation)\b/.test(text);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = lstatSync(path);
    if (stat.isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

export interface CheckOptions {
  /** A fresh folder for this case: settings file, cwd and previews go below it. */
  sandbox: string;
  /** Settings file contents (KumaInject) for stream and uninject mode. */
  settings: string;
  /** Also run the built bundle and compare. */
  bundle?: boolean;
}

/** Runs the case; returns every invariant it breaks (empty: all held). */
export async function checkCase(c: FuzzCase, options: CheckOptions): Promise<Failure[]> {
  const failures: Failure[] = [];
  const { sandbox } = options;
  rmSync(sandbox, { recursive: true, force: true });
  const work = join(sandbox, 'work');
  mkdirSync(work, { recursive: true });
  const config = join(sandbox, 'kuma-inject.yaml');
  writeFileSync(config, options.settings);
  const input = c.stream.toString('utf8');
  const validUtf8 = Buffer.from(input, 'utf8').equals(c.stream);

  const common = (mode: Failure['mode'], out: RunOutput | { crash: string }): out is RunOutput => {
    if ('crash' in out) {
      failures.push({ check: 'crash', mode, detail: out.crash.slice(0, 2000) });
      return false;
    }
    if (!EXIT_CODES.has(out.code)) failures.push({ check: 'exit-code', mode, detail: `exit ${out.code}` });
    const internal = INTERNAL.exec(out.stderr);
    if (internal !== null)
      failures.push({
        check: 'internal-error-text',
        mode,
        detail: `stderr: …${out.stderr.slice(Math.max(0, internal.index - 200), internal.index + 300)}`,
      });
    return true;
  };

  // KRM function: a ResourceList on stdin.
  const krmInput = asResourceList(c.stream, new Random(c.seed ^ 0x5eed));
  const envelope = documents(krmInput.toString('utf8')).docs[0] as { items?: unknown; functionConfig?: unknown } | undefined;
  const krmEnvelopeOdd =
    envelope !== undefined &&
    ((envelope.items !== null && envelope.items !== undefined && !Array.isArray(envelope.items)) ||
      (envelope.functionConfig !== undefined && envelope.functionConfig !== null && typeof envelope.functionConfig !== 'object'));
  const krm = await runInProcess([], krmInput, work);
  if (common('krm', krm)) {
    const out = documents(krm.stdout);
    const list = out.docs[0] as { kind?: unknown; items?: unknown; results?: unknown } | undefined;
    const isList = out.ok && out.docs.length === 1 && list?.kind === 'ResourceList' && Array.isArray(list.items);
    const krmText = krmInput.toString('utf8');
    if (!isList && !(krm.code !== 0 && echo(krm.stdout, krmText) !== 'no')) {
      failures.push({
        check: 'krm-stdout',
        mode: 'krm',
        detail: `exit ${krm.code}: stdout is neither a ResourceList nor the input: ${krm.stdout.slice(0, 300)}`,
      });
    }
    if (krm.code !== 0 && !isList && echo(krm.stdout, krmText) === 'objects')
      failures.push({ check: 'echo-not-byte-exact', mode: 'krm', detail: 'the input came back as the same objects, not the same bytes' });
    if (krmEnvelopeOdd && krm.code === 0)
      failures.push({
        check: 'krm-envelope-accepted',
        mode: 'krm',
        detail: 'items that is not a list, or a scalar functionConfig, gave exit 0',
      });
    if (isList && Array.isArray(list.results)) {
      const text = JSON.stringify(list.results);
      const internal = INTERNAL.exec(text);
      if (internal !== null)
        failures.push({
          check: 'internal-error-text',
          mode: 'krm',
          detail: `results: …${text.slice(Math.max(0, internal.index - 200), internal.index + 300)}`,
        });
    }
    if (
      krm.code === 0 &&
      isList &&
      Array.isArray(envelope?.items) &&
      (list.items as unknown[]).length === 0 &&
      documents(input).docs.some((d) => d !== null)
    ) {
      failures.push({ check: 'krm-stdout', mode: 'krm', detail: 'exit 0 with no items for an input that has some' });
    }
  }

  // Stream mode, previews written to a folder.
  const args = ['-f', '-', '--config', config, '--previews', 'previews'];
  const stream = await runInProcess(args, c.stream, work);
  if (!common('stream', stream)) return failures;
  const outside = filesUnder(sandbox).filter((f) => {
    const rel = relative(join(work, 'previews'), f);
    return f !== config && (rel.startsWith('..') || isAbsolute(rel));
  });
  // Names that climb further or are absolute land above the sandbox: look for the case's token there.
  const above = [dirname(sandbox), dirname(dirname(sandbox)), '/'].flatMap((dir) => {
    try {
      return readdirSync(dir)
        .filter((entry) => entry.includes(`fz${c.token}`))
        .map((entry) => join(dir, entry));
    } catch {
      return [];
    }
  });
  outside.push(...above);
  if (outside.length > 0)
    failures.push({
      check: 'write-outside',
      mode: 'stream',
      detail: `written outside the previews folder: ${outside.map((f) => relative(sandbox, f)).join(', ')}`,
    });
  const streamEcho = stream.code === 0 ? 'bytes' : echo(stream.stdout, input);
  // A failing stream run hands nothing to the next command of a pipe.
  if (stream.code === 1 && stream.stdout !== '')
    failures.push({ check: 'stream-stdout', mode: 'stream', detail: 'exit 1 but stdout is not empty' });
  if (stream.code === 2 && stream.stdout !== '' && streamEcho === 'no')
    failures.push({ check: 'stream-stdout', mode: 'stream', detail: 'exit 2 with output other than the input' });
  if (stream.code !== 0 && streamEcho === 'objects')
    failures.push({
      check: 'echo-not-byte-exact',
      mode: 'stream',
      detail: `exit ${stream.code}: the input came back as the same objects, not the same bytes`,
    });
  if (stream.code === 0) {
    const out = documents(stream.stdout);
    if (!out.ok)
      failures.push({ check: 'stream-stdout', mode: 'stream', detail: `exit 0 but stdout is not YAML: ${stream.stdout.slice(0, 300)}` });
    if (!validUtf8)
      failures.push({ check: 'bad-bytes-accepted', mode: 'stream', detail: 'bytes that are not UTF-8 went through with exit 0' });
  }
  const inputDocs = documents(input);
  if (inputDocs.ok) {
    const found = podTemplates(inputDocs.docs);
    const counted = summaryCount(stream.stderr);
    if (counted !== undefined && counted !== found)
      failures.push({ check: 'accounting', mode: 'stream', detail: `${found} pod templates in the input, the summary counts ${counted}` });
  }

  if (stream.code === 0 && validUtf8) {
    const again = await runInProcess(args, Buffer.from(stream.stdout, 'utf8'), work);
    if (common('stream', again) && (again.code !== 0 || again.stdout !== stream.stdout)) {
      failures.push({
        check: 'rerender-noop',
        mode: 'stream',
        detail: `second run: exit ${again.code}, ${again.stdout === stream.stdout ? 'same' : 'different'} output`,
      });
    }
    const back = await runInProcess(['uninject', '-f', '-', '--config', config], Buffer.from(stream.stdout, 'utf8'), work);
    if (common('uninject', back) && inputDocs.ok && !hasInjectedContainer(input)) {
      const backDocs = documents(back.stdout);
      if (back.code !== 0 && unrecoverablePodProbe(back.stderr, stream.stderr, inputDocs.docs)) {
        // Documented: a Pod's probe named a port its container does not declare (KI0225 at
        // injection), the injector wrote port 0, and uninject refuses (KI0224) rather than write it.
      } else if (back.code !== 0 || !backDocs.ok) {
        failures.push({ check: 'uninject-exact', mode: 'uninject', detail: `uninject exit ${back.code}` });
      } else if (!isDeepStrictEqual(backDocs.docs, inputDocs.docs)) {
        // A bare Pod carries no record: an original that injects to the same pod is all it can give back.
        const reinjected = await runInProcess(args, Buffer.from(back.stdout, 'utf8'), work);
        const equivalent =
          'code' in reinjected &&
          reinjected.code === 0 &&
          isDeepStrictEqual(documents(reinjected.stdout).docs, documents(stream.stdout).docs);
        const barePod = hasBarePod(inputDocs.docs);
        if (!(barePod && equivalent))
          failures.push({
            check: 'uninject-exact',
            mode: 'uninject',
            detail: `uninject did not give back the input${barePod ? ' (nor an equivalent Pod)' : ''}`,
          });
      }
    }
  }

  if (options.bundle === true) {
    const bundle = runBundle(args, c.stream, work);
    if (common('bundle', bundle) && (bundle.code !== stream.code || bundle.stdout !== stream.stdout)) {
      failures.push({
        check: 'bundle-differs',
        mode: 'bundle',
        detail: `bundle exit ${bundle.code}, in-process exit ${stream.code}; stdout ${bundle.stdout === stream.stdout ? 'same' : 'different'}`,
      });
    }
    const bundleKrm = runBundle([], krmInput, work);
    if (common('bundle', bundleKrm) && !('crash' in krm) && (bundleKrm.code !== krm.code || bundleKrm.stdout !== krm.stdout)) {
      failures.push({ check: 'bundle-differs', mode: 'bundle', detail: `KRM: bundle exit ${bundleKrm.code}, in-process exit ${krm.code}` });
    }
  }
  for (const f of failures) {
    const pending = pendingClass(f, input, krmEnvelopeOdd, validUtf8);
    if (pending !== undefined) f.pending = pending;
  }
  return failures;
}
