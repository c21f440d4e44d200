import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseArgs } from '../../src/cli/args.ts';
import { SETTING_FLAGS } from '../../src/cli/setting-flags.ts';

const token = fc.oneof(
  fc.constantFrom(
    '-f',
    '--file',
    '--config',
    '--previews',
    '-h',
    '--help',
    'uninject',
    'argocd-generate',
    'help',
    '-',
    '--',
    '--no-cni',
    '--cni=false',
  ),
  fc.constantFrom(...SETTING_FLAGS.map((f) => `--${f.flag}`)),
  fc.string({ maxLength: 12 }),
);

describe('parseArgs over arbitrary command lines', () => {
  test('never throws and always returns one known mode', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (argv) => {
        const inv = parseArgs(argv);
        assert.ok(['help', 'krm', 'stream', 'kustomize-plugin', 'argocd', 'usage-error'].includes(inv.mode));
        if (inv.mode === 'usage-error') assert.ok(inv.message.length > 0);
      }),
      { numRuns: 2000 },
    );
  });

  test('every string flag given as --flag=value lands at its path unchanged', () => {
    const stringFlags = SETTING_FLAGS.filter((f) => f.type === 'string');
    fc.assert(
      fc.property(fc.constantFrom(...stringFlags), fc.string({ minLength: 1, maxLength: 20 }), (flag, value) => {
        const inv = parseArgs([`--${flag.flag}=${value}`, '-f', 'x']);
        assert.equal(inv.mode, 'stream');
        if (inv.mode !== 'stream') return;
        let node: unknown = inv.overrides;
        for (const key of flag.path) node = (node as Record<string, unknown>)[key];
        assert.equal(node, value);
      }),
      { numRuns: 500 },
    );
  });
});
