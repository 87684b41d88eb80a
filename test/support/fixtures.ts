/**
 * Loads fixture files for tests. Paths are resolved from the repository root
 * (tests run from there: `npm test`), so compiled tests work from any outDir.
 *
 * Layout: fixtures/<version>/<source>/NAME.packet (one message) with an
 * optional NAME.packet.json (the source decoder's view, e.g. Ryu's), and
 * NAME.truncatedN files that must fail to decode as truncated.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(process.env['NODEFLOW_ROOT'] ?? process.cwd());
export const FIXTURES = join(ROOT, 'fixtures');

export interface Fixture {
  /** e.g. `of10/ryu/1-2-ofp_flow_mod.packet` */
  readonly id: string;
  readonly path: string;
  readonly bytes: Buffer;
  /** Parsed companion JSON (`NAME.packet.json`), when there is one. */
  readonly json?: unknown;
  /** True for `*.truncatedN` files. */
  readonly truncated: boolean;
}

/** Every file below dir (sorted, recursive); none when dir does not exist. */
export function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** All message fixtures under fixtures/<version> (e.g. 'of10'). */
export function listFixtures(version: string): Fixture[] {
  const base = join(FIXTURES, version);
  return walk(base)
    .filter((p) => /\.packet$|\.truncated\d+$/.test(p))
    .map((p) => {
      const jsonPath = `${p}.json`;
      const f: Fixture = {
        id: p.slice(FIXTURES.length + 1),
        path: p,
        bytes: readFileSync(p),
        truncated: /\.truncated\d+$/.test(p),
        ...(existsSync(jsonPath) ? { json: JSON.parse(readFileSync(jsonPath, 'utf8')) } : {}),
      };
      return f;
    });
}
