import { parseArgs, type Invocation } from './args.ts';
import { NotUtf8Error } from '../krm/utf8-text.ts';
import { runArgocd } from './argocd-mode.ts';
import { ExitCode } from './exit-codes.ts';
import { HELP } from './help.ts';
import { runKrm } from './krm-mode.ts';
import { runKustomizePlugin } from './kustomize-plugin-mode.ts';
import { runStream } from './stream-mode.ts';
import { runCheck } from './check-mode.ts';
import { runAnalyze } from './analyze-mode.ts';
import { readStdinBytes } from './read-inputs.ts';
import { versionText } from './version-command.ts';
import { say, stdinIsTerminal, type Streams } from './streams.ts';

export type { Streams } from './streams.ts';

/**
 * Runs one invocation and resolves to its exit code (0 ok, 1 error results, 2 usage or
 * configuration error); never calls process.exit, so tests drive it with in-memory streams.
 */
export async function run(argv: readonly string[], streams: Streams): Promise<number> {
  const invocation = parseArgs(argv);
  try {
    return await runMode(invocation, streams);
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    // Bytes that are not UTF-8 cannot be read or written back as text. Like any input with error
    // results, KRM mode gives the input back byte for byte (kpt deletes a package on empty output);
    // stream mode (-f), kustomize and Argo CD get nothing, so a pipe applies nothing.
    if (invocation.mode === 'krm') streams.stdout.write(error.bytes);
    say(streams, error.message);
    return ExitCode.errorResults;
  }
}

async function runMode(invocation: Invocation, streams: Streams): Promise<number> {
  switch (invocation.mode) {
    case 'help':
      streams.stdout.write(HELP);
      return ExitCode.ok;
    case 'version':
      streams.stdout.write(versionText(process.version));
      return ExitCode.ok;
    case 'usage-error':
      // Piped into a KRM function slot (kpt, kustomize), the input must come back even now.
      if (invocation.echoStdin && !stdinIsTerminal(streams)) streams.stdout.write(await readStdinBytes(streams).catch(() => ''));
      say(streams, withHelpPointer(invocation.message));
      return ExitCode.usage;
    case 'krm':
      return runKrm(invocation, streams);
    case 'stream':
      return runStream(invocation.inputs, invocation, streams);
    case 'check':
    case 'in-place':
      return runCheck(invocation.mode, invocation.inputs, invocation, streams);
    case 'kustomize-plugin':
      return runKustomizePlugin(invocation.pluginConfig, invocation, streams);
    case 'argocd':
      return runArgocd(invocation.dir, invocation, streams);
    case 'analyze':
      return runAnalyze(invocation.inputs, invocation.output, invocation, streams);
  }
}

/** The usage message with one pointer to --help (the whole help would bury the one line that matters). */
function withHelpPointer(message: string): string {
  if (message.includes('--help')) return message;
  return `${message}${/[.?!]$/.test(message) ? '' : '.'} See kuma-inject --help for every flag and mode.`;
}
