/**
 * Builds the program, adds each command, and maps errors to exit codes in one
 * place: 0 ok; 1 the data is bad; 2 usage or config error; 3 a bug.
 */
import { Command, CommanderError } from 'commander';
import { describeError, EXIT, formatIssue } from '../errors.js';
import { VERSION } from '../io/version.js';
import { stderr } from './terminal.js';
import { commandsFor } from './commands/index.js';

/** The program with the commands these arguments need (all of them when none is named). */
export async function buildProgram(args: string[] = []): Promise<Command> {
  const program = new Command('ipvi')
    .description(
      'Intimate Partner Violence Intervention toolkit: tiers, monthly lists and evaluations from Domestic Incident Reports',
    )
    .version(VERSION, '-V, --version')
    .option('--verbose', 'show stack traces for internal errors, and how a large file was read (--threads)')
    .option('-q, --quiet', 'no informational messages on stderr')
    .option('--no-color', 'no colour, even on a terminal')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => stderr.write(s) })
    .exitOverride();
  program.hook('preAction', (thisCommand) => {
    const g = thisCommand.opts();
    if (g.color === false) stderr.disableColor();
    stderr.quiet = Boolean(g.quiet);
    stderr.verbose = Boolean(g.verbose);
  });
  for (const make of await commandsFor(args)) {
    const cmd = make();
    cmd.exitOverride();
    cmd.showHelpAfterError('(run with --help for usage)');
    program.addCommand(cmd);
  }
  return program;
}

const MAX_SHOWN = 20;

/** Run the CLI; resolves to the exit code. Never throws. */
export async function run(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  try {
    process.exitCode = 0;
    await (await buildProgram(argv.slice(2))).parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    return handleError(e, verbose);
  }
}

export function handleError(e: unknown, verbose: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      return EXIT.ok;
    if (e.code === 'commander.executeSubCommandAsync') return EXIT.ok;
    return EXIT.usage; // commander already printed the message
  }
  const d = describeError(e);
  stderr.error(d.message, d.hint);
  for (const issue of d.issues.slice(0, MAX_SHOWN)) stderr.write(`  ${formatIssue(issue)}\n`);
  if (d.issues.length > MAX_SHOWN)
    stderr.write(`  … and ${d.issues.length - MAX_SHOWN} more (ipvi validate lists them all)\n`);
  const stack = (e as Error | undefined)?.stack;
  if (d.exit === EXIT.internal && verbose && stack) stderr.write(`${stack}\n`);
  return d.exit;
}
