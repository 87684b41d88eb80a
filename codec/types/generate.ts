/**
 * `npm run gen:types`: regenerates codec/types/messages.ts from the schemas
 * the codec registers (run from the repository root, after a build).
 * `--check` only compares, exiting 1 when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knownVersions, schemaFor } from '../index.js';
import { generateTypes } from '../schema/typegen.js';

export const TYPES_FILE = join('codec', 'types', 'messages.ts');

export function currentTypes(): string {
  return generateTypes(knownVersions().map((w) => schemaFor(w)!));
}

if (process.argv[1] && /generate\.js$/.test(process.argv[1])) {
  const want = currentTypes();
  let have = '';
  try { have = readFileSync(TYPES_FILE, 'utf8'); } catch { /* first run */ }
  if (process.argv.includes('--check')) {
    if (have !== want) {
      console.error(`${TYPES_FILE} is stale: run npm run build && npm run gen:types && npm run build`);
      process.exit(1);
    }
    console.log(`${TYPES_FILE} is up to date`);
  } else if (have !== want) {
    writeFileSync(TYPES_FILE, want);
    console.log(`wrote ${TYPES_FILE} (${want.length} bytes); rebuild to compile it`);
  } else {
    console.log(`${TYPES_FILE} is up to date`);
  }
}
