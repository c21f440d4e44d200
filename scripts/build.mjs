// Generates the schema validators, then bundles the CLI into one file: the same file runs in the
// container, under kpt/kustomize exec and in the Argo CD plugin, so start-up loads no module graph.
// Run with tsx (package.json does) because the schemas are TypeScript modules.
import { build } from 'esbuild';

await import('./gen-settings-validator.mjs');

await build({
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/kuma-inject.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
