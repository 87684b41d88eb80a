#!/usr/bin/env node
/**
 * The `nodeflow` command line: one subcommand per module in ./commands.
 *
 * A subcommand's module (and everything it imports: the controller, the load
 * generator, the pcap reader) is loaded only when that subcommand is called,
 * so `nodeflow decode` never pays for, or depends on, what `nodeflow bench`
 * needs. Top-level help lists the subcommands from the table below without
 * loading any of them.
 */
import { Command } from 'commander';

type Register = (program: Command) => void;

/** Each subcommand: its one-line description (the only copy) and how to load it. */
const SUBCOMMANDS: Record<string, { description: string; load: () => Promise<Register> }> = {
  decode: {
    description: 'decode OpenFlow messages to NDJSON: one JSON object per message per line',
    load: async () => (await import('./commands/decode.js')).registerDecode,
  },
  encode: {
    description: 'encode NDJSON (as printed by `nodeflow decode`) back to OpenFlow bytes',
    load: async () => (await import('./commands/encode.js')).registerEncode,
  },
  start: {
    description: 'run the OpenFlow controller (default app: learning-switch)',
    load: async () => (await import('./commands/start.js')).registerStart,
  },
  bench: {
    description: 'benchmark an OpenFlow controller like cbench: emulated switches send PACKET_INs, answers are counted',
    load: async () => (await import('./commands/bench.js')).registerBench,
  },
};

/** The subcommand the arguments name (`nodeflow help <cmd>` included), if any. */
function calledSubcommand(args: readonly string[]): string | undefined {
  const first = args.findIndex((a) => !a.startsWith('-'));
  if (first < 0) return undefined;
  const name = args[first] === 'help' ? args[first + 1] : args[first];
  return name !== undefined && Object.hasOwn(SUBCOMMANDS, name) ? name : undefined;
}

const program = new Command();
program
  .name('nodeflow')
  .description('An OpenFlow controller and OpenFlow codec for Node.js')
  .version('0.1.0')
  .showHelpAfterError()
  .configureOutput({ outputError: (s, write) => write(s) })
  .exitOverride((err) => {
    // commander usage errors exit 2 (bad options), help/version exit 0
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

const called = calledSubcommand(process.argv.slice(2));
if (called !== undefined) {
  (await SUBCOMMANDS[called]!.load())(program);
  program.commands.find((c) => c.name() === called)?.description(SUBCOMMANDS[called]!.description);
} else {
  // Help, --version or a mistyped name: list the subcommands without loading them.
  for (const [name, { description }] of Object.entries(SUBCOMMANDS)) program.command(name).description(description);
}
await program.parseAsync(process.argv);
