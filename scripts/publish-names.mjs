// The names a published kuma-inject goes by, set in one place: package.json `config.image` (the
// container image repository, tagged with the package version) and `repository.url` (the source).
// metadata.yaml, the Argo CD patch, the kustomize container-function example, the Dockerfile's
// labels and the READMEs repeat them; this keeps every copy equal to package.json.
//
//   node scripts/publish-names.mjs           check: list every copy that differs, exit 1 if any
//   node scripts/publish-names.mjs --write   rewrite the copies from package.json
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
export const IMAGE = pkg.config.image;
export const VERSION = pkg.version;
export const SOURCE = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** Files that name the image or the source, relative to the repository root. */
export function namingFiles() {
  const examples = readdirSync(join(ROOT, 'functions/kuma-inject/examples'))
    .sort()
    .map((e) => `functions/kuma-inject/examples/${e}/README.md`);
  return [
    'Dockerfile',
    'README.md',
    'functions/kuma-inject/README.md',
    'functions/kuma-inject/metadata.yaml',
    'functions/kuma-inject/argocd/repo-server-patch.yaml',
    'functions/kuma-inject/kustomize/container-function/kuma-inject.yaml',
    ...examples,
  ];
}

// An image reference of kuma-inject with a tag (`registry/owner/kuma-inject:0.1.0[-argocd]`), a
// source URL (`https://github.com/owner/kuma-inject`), and the Dockerfile's label defaults.
const IMAGE_REF = /\b([a-z0-9.-]+\.[a-z]{2,}(?::\d+)?(?:\/[\w.-]+)*\/kuma-inject):(\d+\.\d+\.\d+[\w.-]*?)(-argocd)?(?=[\s"'`)\]]|$)/gm;
const SOURCE_URL = /https:\/\/github\.com\/[\w.-]+\/kuma-inject(?=[/\s"'`)\]]|\.git|$)/gm;
const DOCKER_ARGS = /^(ARG (?:VERSION|SOURCE)=)(\S+)$/gm;

/** The file's text with every name replaced by the configured one. */
export function rewrite(text) {
  return text
    .replace(IMAGE_REF, (_, _image, _tag, argocd) => `${IMAGE}:${VERSION}${argocd ?? ''}`)
    .replace(SOURCE_URL, SOURCE)
    .replace(DOCKER_ARGS, (_, key) => `${key}${key.includes('VERSION') ? VERSION : SOURCE}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const write = process.argv.includes('--write');
  const differing = [];
  for (const file of namingFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const wanted = rewrite(text);
    if (wanted === text) continue;
    differing.push(file);
    if (write) writeFileSync(join(ROOT, file), wanted);
  }
  if (differing.length > 0 && !write) {
    process.stderr.write(
      `publish-names: these files name another image or source than package.json (config.image ${IMAGE}, version ${VERSION}, repository ${SOURCE}):\n  ${differing.join('\n  ')}\nRun node scripts/publish-names.mjs --write.\n`,
    );
    process.exit(1);
  }
  if (write)
    process.stdout.write(
      differing.length === 0
        ? "publish-names: every file already names package.json's image and source\n"
        : `publish-names: rewrote ${differing.join(', ')}\n`,
    );
}
