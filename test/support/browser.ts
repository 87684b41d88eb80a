/**
 * Headless Chromium (Debian `chromium`) driven by playwright-core, started
 * inside a lab's network namespace so it reaches a controller listening on
 * that namespace's 127.0.0.1: Playwright runs the executable it is given,
 * here a two-line script that does `ip netns exec NS chromium "$@"`
 * (Playwright's pipe to the browser is inherited through the exec).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { which } from './sys.js';

export function chromiumPath(): string | undefined {
  return process.env['NODEFLOW_CHROMIUM'] ?? which('chromium') ?? which('chromium-browser');
}

export async function launchInNetns(netns: string): Promise<{ browser: Browser; close(): Promise<void> }> {
  const exe = chromiumPath();
  if (exe === undefined) throw new Error('chromium is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'nodeflow-chromium-'));
  const wrapper = join(dir, 'chromium-in-netns');
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec '${netns}' '${exe}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  // root needs --no-sandbox; a private profile dir keeps runs apart
  const browser = await chromium.launch({ executablePath: wrapper, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], timeout: 30_000 });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
