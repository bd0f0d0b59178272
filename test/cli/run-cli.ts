import { run } from '../../src/cli/main';

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
