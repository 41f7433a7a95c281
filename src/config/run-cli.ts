import { UsageError } from './usage-error.js';

/**
 * Runs a CLI's main function: its return value becomes the exit code, and a
 * UsageError becomes one line on stderr with exit code 2. Anything else is a
 * bug and keeps its stack trace.
 */
export async function runCli(command: string, main: () => Promise<number | void>): Promise<void> {
  try {
    const exitCode = await main();
    if (exitCode !== undefined) process.exitCode = exitCode;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${command}: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}
