import { run } from '../../src/cli/main';
import { UsageError } from '../../src/cli/io';

/** What one in-process run of the command line wrote and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `beekeeper <argv>` in-process, capturing its output; `columns` stands for the terminal width. */
export async function cli(argv: string[], columns?: number): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), columns });
  return { code, stdout, stderr };
}

/** Expects `promise` to reject with a UsageError of exactly `message`. */
export async function rejectsWith(promise: Promise<unknown>, message: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).toBe(message);
}
