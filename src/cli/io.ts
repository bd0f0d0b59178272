/**
 * What a command needs from the outside world, passed in rather than taken from `process` so
 * that tests can run the whole command line in-process and read what it wrote.
 */

/** Where the command line writes, and how wide the terminal is. */
export interface Io {
  /** Writes text to standard output (the result: pipe it, redirect it). */
  readonly stdout: (text: string) => void;
  /** Writes text to standard error (errors, notes, the KPIs next to `--csv`). */
  readonly stderr: (text: string) => void;
  /** Width of the terminal in characters; undefined when stdout is not a terminal (no width limit). */
  readonly columns?: number;
}

/**
 * An error in how the command line was used (unknown function, bad flag value): printed as
 * `error: <message>` with exit code 1, like commander's own usage errors.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The state one run of the command line shares between its commands. */
export interface Context {
  readonly io: Io;
  /** The exit code the run returns; a command sets 1 when it printed an error value. */
  exitCode: number;
}
