/**
 * One Argo CD CMP v2 GenerateManifest call (test/fixtures/e2e/argocd/simulate-cmp.sh runs the
 * command the way argocd-cmp-server does), and its stdout read the way the repo-server reads it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { envWithKumaInject, REPO, requireTool, sh, type Ran } from './harness.ts';
import { argoParse } from '../fixtures/e2e/argocd/argo-parse.ts';
import type { Obj } from '../cli/kube-objects.ts';

const SIMULATE = join(REPO, 'test/fixtures/e2e/argocd/simulate-cmp.sh');

/** The generate command exactly as plugin.yaml declares it. */
export function generateCommand(): string[] {
  const plugin = parse(readFileSync(join(REPO, 'functions/kuma-inject/argocd/plugin.yaml'), 'utf8')) as Obj;
  return [...(plugin['spec']['generate']['command'] as string[]), ...((plugin['spec']['generate']['args'] as string[] | undefined) ?? [])];
}

/**
 * Runs `command` in `app` of a copy of `repo` as argocd-cmp-server would. `ran.stdout` is what
 * Argo CD applies, one JSON object per line; output it cannot parse fails the call (exit 1, the
 * reason on stderr) as it fails the sync.
 */
export function simulateGenerate(
  repo: string,
  app: string,
  command: readonly string[] = generateCommand(),
  knobs: NodeJS.ProcessEnv = {},
): { ran: Ran; objects: Obj[] } {
  requireTool('bash', 'the Argo CD simulation is a bash script');
  requireTool('tar', 'the Argo CD simulation copies the repo with tar like argocd-cmp-server');
  requireTool('timeout', 'the Argo CD simulation bounds the command like argocd-cmp-server');
  const ran = sh('bash', [SIMULATE, repo, app, '--', ...command], { env: envWithKumaInject(knobs) });
  if (ran.status !== 0) return { ran, objects: [] };
  const parsed = argoParse(ran.stdout);
  if ('error' in parsed) return { ran: { status: 1, stdout: '', stderr: `${ran.stderr}argo-parse: ${parsed.error}\n` }, objects: [] };
  return { ran: { ...ran, stdout: parsed.objects.map((o) => `${JSON.stringify(o)}\n`).join('') }, objects: parsed.objects };
}
