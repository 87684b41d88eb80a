import type { Command } from 'commander';

/** Placeholder: replaced by the module that implements `nodeflow encode`. */
export function registerEncode(program: Command): void {
  program.command('encode').description('(not built yet)').action(() => {
    process.stderr.write('nodeflow encode: not built yet\n');
    process.exitCode = 1;
  });
}
