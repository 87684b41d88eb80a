import type { Command } from 'commander';

/** Placeholder: replaced by the module that implements `nodeflow start`. */
export function registerStart(program: Command): void {
  program.command('start').description('(not built yet)').action(() => {
    process.stderr.write('nodeflow start: not built yet\n');
    process.exitCode = 1;
  });
}
