#!/usr/bin/env node
/** The `nodeflow` command line: one subcommand per module in ./commands. */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { Command } from 'commander';
import { registerDecode } from './commands/decode.js';
import { registerEncode } from './commands/encode.js';
import { registerStart } from './commands/start.js';
import { registerBench } from './commands/bench.js';

/**
 * `decode` keeps little alive (one chunk, one message per direction), but V8
 * grows its heap lazily: on a 1 GiB capture the process reached 240 MB of
 * RSS with default heap sizes and stays under 100 MB with these. Heap sizes
 * are fixed when the process starts, so decode runs in a child that has them
 * (same standard streams; its exit status is ours).
 */
const DECODE_HEAP = ['--max-old-space-size=48', '--max-semi-space-size=4'];
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
registerDecode(program);
registerEncode(program);
registerStart(program);
registerBench(program);
await program.parseAsync(process.argv);
