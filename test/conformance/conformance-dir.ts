/**
 * Where the upstream conformance folders (kuma-2.14/, kuma-2.13/, kuma-next/) are: the one setting
 * KUMA_CONFORMANCE_DIR, else ../shared/conformance next to the repository. A missing folder stops
 * the suite with a message saying what was looked for, instead of every case failing on its own.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CONFORMANCE_ENV = 'KUMA_CONFORMANCE_DIR';

/** The folder as a file: URL ending in '/'; throws with the fix when it does not exist. */
export function conformanceDir(env: NodeJS.ProcessEnv = process.env): URL {
  const given = env[CONFORMANCE_ENV];
  const fromEnv = given !== undefined && given !== '';
  const path = fromEnv ? resolve(given) : fileURLToPath(new URL('../../../shared/conformance/', import.meta.url));
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    const source = fromEnv ? `${CONFORMANCE_ENV}=${given}` : `the default ../shared/conformance (${CONFORMANCE_ENV} is unset)`;
    throw new Error(
      `conformance folder not found: ${path}, from ${source}. Set ${CONFORMANCE_ENV} to the folder holding kuma-2.14/, kuma-2.13/ and kuma-next/.`,
    );
  }
  return pathToFileURL(path.endsWith('/') ? path : `${path}/`);
}

export const CONFORMANCE: URL = conformanceDir();
