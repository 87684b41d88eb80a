#!/usr/bin/env node
/** The `nodeflow` command line: one subcommand per module in ./commands. */
import { Command } from 'commander';
import { registerDecode } from './commands/decode.js';
import { registerEncode } from './commands/encode.js';
import { registerStart } from './commands/start.js';
import { registerBench } from './commands/bench.js';

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
