import { isAbsolute, relative } from 'node:path';

/** A path as the user reads it: relative to `base` (the working directory) when below it, else as it is. */
export function displayPath(path: string, base: string): string {
  const near = relative(base, path);
  return near === '' || near.startsWith('..') || isAbsolute(near) ? path : near;
}
