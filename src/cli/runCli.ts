/**
 * The shared edge of every command-line entry point: exit code 2 for usage errors, 1 for
 * failures with a one-line reason on stderr (the stack only with DEBUG set), 0 otherwise.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    const firstLine = err.message.split('\n')[0] ?? '';
    process.stderr.write(`${err instanceof UsageError ? err.message : `Error: ${firstLine}`}\n`);
    if (process.env.DEBUG && !(err instanceof UsageError)) process.stderr.write(`${err.stack ?? ''}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}
