/**
 * The shared edge of every command-line entry point: exit code 2 for usage errors, 1 for
 * failures with a one-line reason on stderr (the stack only with DEBUG set), 0 otherwise. An
 * error may carry its own `exitCode` (the bot's login says 3 when Discord is unreachable).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `parseArgs`, with a malformed command line reported as a usage error followed by `help`. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, help: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${help}`);
  }
}

/** `ask --json … | head -1`: a reader that stops reading ends the command quietly, not with an EPIPE stack trace. */
function endQuietlyWhenOutputCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

export async function runCli(main: () => Promise<void>): Promise<void> {
  endQuietlyWhenOutputCloses();
  try {
    await main();
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    const firstLine = err.message.split('\n')[0] ?? '';
    process.stderr.write(`${err instanceof UsageError ? err.message : `Error: ${firstLine}`}\n`);
    if (process.env.DEBUG && !(err instanceof UsageError)) process.stderr.write(`${err.stack ?? ''}\n`);
    const own = (err as { exitCode?: unknown }).exitCode;
    process.exitCode = err instanceof UsageError ? 2 : typeof own === 'number' ? own : 1;
  }
}
