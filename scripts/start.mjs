// `npm start`: the repository's example package (Kptfile + example/), injected, on stdout; the
// report on stderr. Extra arguments (`npm start -- --product kuma`) go to kuma-inject.
//
// npm writes its own banner (`> kuma-inject@x.y.z start`) to stdout before running any script,
// unless --silent, so `npm start > injected.yaml` would not be YAML. When stdout is a file that
// holds exactly that banner (the shell's `>` truncated it, then npm wrote it), the file is
// truncated and the YAML written from its start; a pipe gets a note on stderr instead.
import { spawnSync } from 'node:child_process';
import { fstatSync, ftruncateSync, writeSync } from 'node:fs';

const extra = process.argv.slice(2);
const run = spawnSync(process.execPath, ['dist/kuma-inject.cjs', '--config', 'example/kuma-inject.yaml', '-f', 'example', ...extra], {
  stdio: ['inherit', 'pipe', 'inherit'],
  maxBuffer: 1024 * 1024 * 1024,
});
if (run.error !== undefined) {
  process.stderr.write(`npm start: cannot run dist/kuma-inject.cjs (${run.error.message}); run npm ci first\n`);
  process.exit(1);
}
const output = run.stdout;
const banner = npmBanner();
if (banner !== undefined && !process.stdout.isTTY) {
  const stdout = fstatSync(1);
  // npm prints the banner as one output line: the text and a newline.
  if (stdout.isFile() && stdout.size === Buffer.byteLength(`${banner}\n`)) {
    ftruncateSync(1, 0);
    // Positioned write: the file offset npm's banner moved is shared and stays where it is.
    writeSync(1, output, 0, output.length, 0);
    process.exit(run.status ?? 1);
  }
  process.stderr.write(
    'npm start: npm printed its "> kuma-inject@... start" banner on stdout before this YAML; use npm start --silent (or node dist/kuma-inject.cjs --config example/kuma-inject.yaml -f example) for YAML alone\n',
  );
}
writeSync(1, output);
process.exit(run.status ?? 1);

/** The banner npm printed before this script (@npmcli/run-script), or undefined when it printed none. */
function npmBanner() {
  const env = process.env;
  if (env.npm_lifecycle_event === undefined || env.npm_config_loglevel === 'silent') return undefined;
  const id =
    env.npm_package_name !== undefined && env.npm_package_version !== undefined
      ? `${env.npm_package_name}@${env.npm_package_version} `
      : '';
  const script = (env.npm_lifecycle_script ?? '').trim().replace(/\n/g, '\n> ');
  return `\n> ${id}${env.npm_lifecycle_event}\n> ${script}${extra.length > 0 ? ` ${extra.join(' ')}` : ''}\n`;
}
