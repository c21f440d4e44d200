import { createRequire } from 'node:module';

type YamlModule = typeof import('yaml');
let loaded: YamlModule | undefined;

/**
 * The `yaml` package, loaded on first use: only items the locator cannot edit need it, and loading
 * it costs start-up time on every run. In the bundle `require` is esbuild's lazy module loader;
 * from sources (tests, run from the repository root) it resolves from the working directory.
 */
export function yamlModule(): YamlModule {
  if (loaded === undefined) {
    loaded = (typeof require === 'function' ? require('yaml') : createRequire(`${process.cwd()}/`)('yaml')) as YamlModule;
  }
  return loaded;
}
