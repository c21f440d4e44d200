import { parseArgs } from './args.ts';
import { ExitCode } from './exit-codes.ts';
import { HELP } from './help.ts';
import { say, type Streams } from './streams.ts';

export type { Streams } from './streams.ts';

/**
 * Runs one invocation and resolves to its exit code (0 ok, 1 error results, 2 usage or
 * configuration error); never calls process.exit, so tests drive it with in-memory streams.
 */
export async function run(argv: readonly string[], streams: Streams): Promise<number> {
  const invocation = parseArgs(argv);
  switch (invocation.mode) {
    case 'help':
      streams.stdout.write(HELP);
      return ExitCode.ok;
    case 'usage-error':
      say(streams, invocation.message);
      streams.stderr.write(`\n${HELP}`);
      return ExitCode.usage;
    default:
      // The modes are wired once the processing pipeline (src/krm) is complete.
      say(streams, `${invocation.mode} mode is not wired yet`);
      return ExitCode.usage;
  }
}
