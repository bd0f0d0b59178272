/**
 * The `beekeeper` command line: evaluate the OSS.* custom functions and project the model
 * from a terminal, with the same validation and messages as in Excel.
 */
import './excel-runtime'; // before anything that loads src/functions
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { ModelError } from '../model';
import { addCallCommands } from './call';
import { Context, Io, UsageError } from './io';
import { addProjectCommand } from './project';
import { SimulateHost, addSimulateCommands } from './simulate';

/** The package version; package.json is two levels up from both src/cli and lib/cli. */
function version(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/** A fresh program: commander keeps parsed option values on the command, so each run gets its own. */
function createProgram(context: Context, host: Omit<SimulateHost, 'version'>): Command {
  const { io } = context;
  const program = new Command('beekeeper')
    .description(
      'Model the business of open-source software: simulate it, project it, and evaluate the OSS.* functions.',
    )
    .version(version(), '-V, --version')
    // Settings made before adding subcommands are inherited by them.
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ beekeeper simulate
  $ beekeeper call OSS.BASS 1000000 0.03 0.38 5
  $ beekeeper functions
  $ beekeeper project --set imitation=0.3 --set months=24
  $ beekeeper project --csv > projection.csv`,
    );
  addCallCommands(program, context);
  addProjectCommand(program, context);
  addSimulateCommands(program, context, () => ({ ...host, version: version() }));
  return program;
}

/**
 * Runs the command line on `argv` (the arguments after the program name), writing to `io`,
 * and resolves to the exit code: 0 on success, 1 for a usage error or an error result.
 * Nothing here touches `process`, so tests can run it in-process.
 *
 * @example
 * let out = '';
 * const code = await run(['call', 'OSS.BASS', '1000000', '0.03', '0.38', '5'], {
 *   stdout: (s) => (out += s), stderr: () => {},
 * });
 * // code === 0, out === "331198.6424913736\n"
 */
export async function run(argv: readonly string[], io: Io, host: Omit<SimulateHost, 'version'> = {}): Promise<number> {
  const context: Context = { io, exitCode: 0 };
  const program = createProgram(context, host);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (e) {
    // Commander has already printed its message (or the help, or the version).
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof UsageError || e instanceof ModelError) {
      io.stderr(`error: ${e.message}\n`);
      return 1;
    }
    io.stderr(
      `beekeeper: unexpected error (a bug; please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 1;
  }
}

/** Runs the command line on the process's arguments and streams (bin/beekeeper.js calls this). */
export function main(): void {
  // `beekeeper ... | head` closes the pipe early: stop quietly rather than crash on EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const io: Io = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
  // Ctrl-C cancels a simulation (workers stop, no file is left); a second one exits at once.
  const cancel = new AbortController();
  process.on('SIGINT', () => {
    if (cancel.signal.aborted) process.exit(130);
    cancel.abort();
  });
  const host = { signal: cancel.signal, progressOnTerminal: process.stderr.isTTY === true };
  // exitCode rather than exit(): let buffered output to a pipe drain first.
  void run(process.argv.slice(2), io, host).then((code) => {
    process.exitCode = code;
    // A cancelled run may leave worker threads winding down: do not wait for them.
    if (cancel.signal.aborted) process.exit(code);
  });
}

if (require.main === module) main();
