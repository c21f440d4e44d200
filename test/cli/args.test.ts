import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../src/cli/args.ts';

describe('parseArgs: modes', () => {
  const cases: { argv: string[]; mode: string }[] = [
    { argv: [], mode: 'krm' },
    { argv: ['--product', 'kuma'], mode: 'krm' },
    { argv: ['uninject'], mode: 'krm' },
    { argv: ['-f', 'a.yaml'], mode: 'stream' },
    { argv: ['--file=a.yaml', '-f', '-'], mode: 'stream' },
    { argv: ['uninject', '-f', 'x'], mode: 'stream' },
    { argv: ['/tmp/kust-plugin-config-123'], mode: 'kustomize-plugin' },
    { argv: ['argocd-generate'], mode: 'argocd' },
    { argv: ['argocd-generate', 'apps/web'], mode: 'argocd' },
    { argv: ['--help'], mode: 'help' },
    { argv: ['-f', 'x', '-h'], mode: 'help' },
    { argv: ['help'], mode: 'help' },
  ];
  for (const { argv, mode } of cases) {
    test(`${JSON.stringify(argv)} → ${mode}`, () => {
      assert.equal(parseArgs(argv).mode, mode);
    });
  }
});

describe('parseArgs: settings flags map onto the functionConfig body', () => {
  test('strings, nested paths and lists', () => {
    const inv = parseArgs([
      '-f',
      'x',
      '--product',
      'kuma',
      '--version=2.13',
      '--system-namespace',
      'mesh-system',
      '--control-plane-address',
      'https://cp:5678',
      '--mesh',
      'a,b',
      '--mesh',
      'c',
      '--sidecar-image',
      'img:1',
    ]);
    assert.equal(inv.mode, 'stream');
    if (inv.mode !== 'stream') return;
    assert.deepEqual(inv.inputs, ['x']);
    assert.deepEqual(inv.overrides, {
      product: 'kuma',
      version: '2.13',
      systemNamespace: 'mesh-system',
      controlPlane: { address: 'https://cp:5678' },
      meshes: ['a', 'b', 'c'],
      injector: { sidecarContainer: { image: 'img:1' } },
    });
  });

  test('boolean flags: bare is true, =false and --no- are false, and a bare boolean never eats the next flag', () => {
    const on = parseArgs(['--sidecar-containers', '-f', 'x']);
    assert.equal(on.mode, 'stream');
    if (on.mode === 'stream') assert.deepEqual(on.overrides, { sidecarContainers: true });
    const off = parseArgs(['--sidecar-containers=false', '--no-cni']);
    assert.equal(off.mode, 'krm');
    if (off.mode === 'krm') assert.deepEqual(off.overrides, { sidecarContainers: false, injector: { cniEnabled: false } });
  });

  test('uninject sets uninject: true', () => {
    const inv = parseArgs(['uninject', '-f', 'x']);
    assert.ok(inv.mode === 'stream' && inv.overrides['uninject'] === true);
  });

  test('--previews DIR|inline|off and --config', () => {
    const dir = parseArgs(['-f', 'x', '--previews', 'out/previews', '--config', 'cfg.yaml']);
    assert.ok(dir.mode === 'stream');
    if (dir.mode !== 'stream') return;
    assert.deepEqual(dir.previews, { kind: 'dir', dir: 'out/previews' });
    assert.equal(dir.configFile, 'cfg.yaml');
    const off = parseArgs(['-f', 'x', '--previews=off']);
    assert.ok(off.mode === 'stream' && off.previews.kind === 'off');
    const named = parseArgs(['-f', 'x', '--previews', './none']);
    assert.ok(named.mode === 'stream');
    assert.deepEqual(named.previews, { kind: 'dir', dir: './none' });
    const inline = parseArgs(['-f', 'x', '--previews', 'inline']);
    assert.ok(inline.mode === 'stream' && inline.previews.kind === 'inline');
    const unset = parseArgs(['-f', 'x']);
    assert.ok(unset.mode === 'stream' && unset.previews.kind === 'default');
  });

  test('kustomize plugin arguments after the config file are flags', () => {
    const inv = parseArgs(['/tmp/cfg', '--product', 'kuma']);
    assert.ok(inv.mode === 'kustomize-plugin');
    if (inv.mode !== 'kustomize-plugin') return;
    assert.equal(inv.pluginConfig, '/tmp/cfg');
    assert.deepEqual(inv.overrides, { product: 'kuma' });
  });
});

describe('parseArgs: usage errors name what is wrong', () => {
  const cases: { argv: string[]; message: RegExp }[] = [
    { argv: ['--bogus'], message: /unknown flag --bogus$/ },
    { argv: ['--versoin', '2.13'], message: /unknown flag --versoin; did you mean --version\?/ },
    { argv: ['--no-cnii'], message: /unknown flag --no-cnii; did you mean --no-cni\?/ },
    { argv: ['--confg=x.yaml'], message: /unknown flag --confg; did you mean --config\?/ },
    { argv: ['-x'], message: /unknown flag -x/ },
    { argv: ['-f'], message: /-f needs a FILE, a DIR or -/ },
    { argv: ['-f', '--product', 'kuma'], message: /-f needs a FILE/ },
    { argv: ['--product'], message: /--product needs a value \(kong-mesh\|kuma\)/ },
    { argv: ['--sidecar-containers=maybe'], message: /--sidecar-containers: expected true or false \(got "maybe"\)/ },
    { argv: ['--config'], message: /--config needs a value/ },
    { argv: ['--previews'], message: /--previews needs a value \(DIR, inline or off\)/ },
    // A switch word is not taken as a folder to fill with preview files.
    {
      argv: ['-f', 'x', '--previews', 'none'],
      message: /--previews none: a folder or a switch\?.*--previews off .*inline .*\.\/none for a folder/,
    },
    { argv: ['-f', 'x', '--previews=local-config'], message: /--previews local-config: a folder or a switch\?/ },
    { argv: ['-f', 'x', '--previews', 'False'], message: /--previews False: a folder or a switch\?.*\.\/False/ },
    { argv: ['check', '-f', 'x', '--previews', 'disabled'], message: /--previews disabled: a folder or a switch\?/ },
    { argv: ['-f', 'x', 'stray'], message: /unexpected argument stray; give every input with -f/ },
    { argv: ['a', 'b'], message: /unexpected argument a b/ },
    { argv: ['argocd-generate', '-f', 'x'], message: /argocd-generate reads its directory itself/ },
    { argv: ['argocd-generate', 'a', 'b'], message: /at most one directory/ },
    { argv: ['/tmp/cfg', '--config', 'x'], message: /cannot be used together/ },
  ];
  for (const { argv, message } of cases) {
    test(JSON.stringify(argv), () => {
      const inv = parseArgs(argv);
      assert.equal(inv.mode, 'usage-error');
      if (inv.mode === 'usage-error') assert.match(inv.message, message);
    });
  }
});
