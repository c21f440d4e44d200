import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLE, REPO, requireTool, sh } from './harness.ts';
import { EXAMPLE_FILES, exampleText } from '../cli/fixtures.ts';

/** The bundled binary as npm installs it: exit codes and streams through a real process. */
describe('the bundled binary', () => {
  const run = (args: string[], input?: string) =>
    sh(process.execPath, [BUNDLE, ...args], { cwd: REPO, ...(input === undefined ? {} : { input }) });

  test('exit 0: manifests on stdout, the report on stderr', () => {
    const ran = run(['-f', 'example', '--config', 'example/kuma-inject.yaml']);
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stdout, /name: kuma-sidecar/);
    assert.doesNotMatch(ran.stdout, /^(info|warning|error):/m);
    assert.match(ran.stderr, /2 injected/);
  });

  test('stream mode, exit 1 on error results: stdout empty, so `| kubectl apply -f -` applies nothing; the errors on stderr', () => {
    const input = exampleText(EXAMPLE_FILES.filter((f) => f !== 'container-patch.yaml'));
    const ran = run(['-f', '-', '--config', 'example/kuma-inject.yaml'], input);
    assert.equal(ran.status, 1);
    assert.equal(ran.stdout, '');
    assert.match(ran.stderr, /^error: .*sidecar-resources.*\[KI0207\]$/m);
    assert.match(ran.stderr, /nothing was written to stdout/);
  });

  test('exit 2 on a usage error: one line on stderr with a pointer to --help; stdin (the KRM input) echoed on stdout', () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n';
    const ran = run(['--versoin', '2.13'], input);
    assert.equal(ran.status, 2);
    assert.equal(ran.stdout, input);
    assert.equal(
      ran.stderr,
      'kuma-inject: unknown flag --versoin; did you mean --version? See kuma-inject --help for every flag and mode.\n',
    );
  });

  test('exit 1 on a malformed ResourceList: the input on stdout, the error with line, column and fix on stderr', () => {
    const input = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: x\n';
    const ran = run([], input);
    assert.equal(ran.status, 1);
    assert.equal(ran.stdout, input);
    assert.match(ran.stderr, /input line \d+, column \d+ \(item 0\): .*not valid YAML: .*Close every `\{`/);
  });

  test('--help exits 0 quickly', () => {
    const timed = (args: string[]) => {
      const started = process.hrtime.bigint();
      const ran = sh(process.execPath, args, { cwd: REPO });
      return { ran, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const { ran, ms } = timed([BUNDLE, '--help']);
    assert.equal(ran.status, 0);
    assert.match(ran.stdout, /Examples:/);
    // On a busy machine every process starts slowly: a bare node start measured right after is
    // the yardstick, so only a start-up slow for reasons of its own fails.
    const bare = timed(['-e', '0']).ms;
    assert.ok(ms < 3000 || ms < 4 * bare, `start-up took ${ms.toFixed(0)} ms (a bare node start: ${bare.toFixed(0)} ms)`);
  });

  // The terminal check runs only on a character device: a terminal is one, and so is /dev/null,
  // which is no terminal and must read as the empty input it is.
  test('stdin a terminal: the no-input hint and exit 2, not a wait for input; stdin /dev/null: an empty input', () => {
    const script = requireTool('script', 'the terminal test runs kuma-inject on a pseudo-terminal with util-linux script');
    const onTerminal = sh('sh', ['-c', `${script} -qec '"${process.execPath}" "${BUNDLE}"' /dev/null < /dev/null`], { timeoutMs: 30_000 });
    assert.equal(onTerminal.status, 2, onTerminal.stdout + onTerminal.stderr);
    assert.match(
      onTerminal.stdout,
      /^kuma-inject: no input: pipe a ResourceList \(or manifests\) into stdin, or read files with -f FILE\|DIR\./,
    );
    const onNull = sh('sh', ['-c', `"${process.execPath}" "${BUNDLE}" < /dev/null`]);
    assert.equal(onNull.status, 2);
    assert.equal(onNull.stdout, '');
    assert.equal(onNull.stderr, 'kuma-inject: stdin is empty: expected a ResourceList or manifests. See --help.\n');
  });

  test('an object of megabytes comes out byte for byte, a character that straddles a 1 MiB write boundary included', () => {
    // The output is written in buffers of about 1 MiB of text: here an emoji's two halves fall on
    // either side of a cut, and a MiB of 3-byte characters follows it.
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: default\ndata:\n  text: ';
    const input = `${head}${'a'.repeat((1 << 20) - 1 - head.length)}😀${'€'.repeat(1 << 20)}\n`;
    const ran = run(['-f', '-'], input);
    assert.equal(ran.status, 0, ran.stderr);
    assert.ok(ran.stdout === input, `${Buffer.byteLength(ran.stdout)} bytes out for ${Buffer.byteLength(input)} in`);
  });
});
