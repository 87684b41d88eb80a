import type { Command } from 'commander';

/** Placeholder: replaced by the module that implements `nodeflow bench`. */
export function registerBench(program: Command): void {
  program.command('bench').description('(not built yet)').action(() => {
    process.stderr.write('nodeflow bench: not built yet\n');
    process.exitCode = 1;
  });
}
