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
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
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

/**
 * `decode` keeps little alive (two 1 MiB read buffers, a few 256 KiB output
 * blocks, one partial message per direction) and allocates almost nothing
 * per chunk, but V8 sizes its heap lazily from what it allocates: with the
 * default sizes a 1.5 GB capture reached 110 MiB of RSS (a 27 MiB heap for
 * 10 MiB live), with these 77 MiB, at the same speed (a 2 MiB semi-space
 * only means more, and as cheap, scavenges: nearly nothing survives one).
 * Heap sizes are fixed when the process starts, so decode runs in a child
 * that has them (same standard streams; its exit status is ours). The parent
 * only waits: it holds a bare Node's ~45 MiB, and its peak is not added to
 * the child's in what `time` reports (the larger of the two).
 */
const DECODE_HEAP = ['--max-old-space-size=48', '--max-semi-space-size=2'];
if (process.argv[2] === 'decode' && process.env['NODEFLOW_DECODE_CHILD'] !== '1' && !process.argv.includes('--help') && !process.argv.includes('-h')) {
  const child = spawn(process.execPath, [...DECODE_HEAP, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, NODEFLOW_DECODE_CHILD: '1' },
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  const code = await new Promise<number>((resolve) => child.on('exit', (c, sig) => resolve(c ?? 128 + (sig ? (constants.signals[sig] ?? 0) : 1))));
  process.exit(code);
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
