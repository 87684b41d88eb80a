import type { Command } from 'commander';

/** Placeholder: replaced by the module that implements `nodeflow decode`. */
export function registerDecode(program: Command): void {
  program.command('decode').description('(not built yet)').action(() => {
    process.stderr.write('nodeflow decode: not built yet\n');
    process.exitCode = 1;
  });
}
