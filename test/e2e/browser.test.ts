/**
 * The web view in a real browser: headless Chromium (playwright-core)
 * against `nodeflow start --http` with a real Open vSwitch lab behind it.
 * The page must show the lab's switches (and their links when the topology
 * app is built in: it then runs next to the learning switch), change within seconds when a port goes down, and log no console
 * errors. The test saves docs/screenshot.png (shown in the README).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NODEFLOW_CLI, pickPort } from '../support/controller.js';
import { check, guard, Lab } from '../support/lab.js';
import { pingAll } from '../support/netns.js';
import { e2eUnavailable } from '../support/ovs.js';
import { timed } from '../support/sys.js';
import { chromiumPath, launchInNetns } from '../support/browser.js';
import { BUILTIN_APPS } from '../../controller/load.js';

/** With the topology app built in, the page must show the links too. */
const TOPOLOGY = 'topology' in BUILTIN_APPS;

const SCREENSHOT = process.env['NODEFLOW_SCREENSHOT'] ?? fileURLToPath(new URL('../../../docs/screenshot.png', import.meta.url));
const reason = e2eUnavailable() ?? (existsSync(NODEFLOW_CLI) ? undefined : `nodeflow CLI not built at ${NODEFLOW_CLI}`) ?? (chromiumPath() ? undefined : 'chromium is not installed');

const s = suite('e2e: web view in headless Chromium');
if (guard(s, reason)) {
  s(
    'the page shows the lab switches, reacts to a port going down within seconds, and logs no console errors',
    timed(90_000, async (scope) => {
      const hport = pickPort();
      const l = await Lab.build(scope, { version: '1.3', hostsPerBridge: [2, 2, 1], controller: 'nodeflow', controllerArgs: ['--http', `127.0.0.1:${hport}`, ...(TOPOLOGY ? ['--app', 'learning-switch', '--app', 'topology'] : [])] });
      const pings = await pingAll(l.hosts);
      check(l, pings.every((p) => p.ok), 'pings');
      const b = await launchInNetns(l.ovs.netns.name);
      scope.defer(() => b.close());
      const page = await b.browser.newPage({ viewport: { width: 1360, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => {
        // the event stream is cut when the page closes: not a failure
        if (!r.url().endsWith('/api/v1/events')) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
      });
      await page.goto(`http://127.0.0.1:${hport}/`, { waitUntil: 'load' });
      await page.waitForSelector('#status[data-state="live"]', { timeout: 10_000 });
      for (const dpid of ['0000000000000001', '0000000000000002', '0000000000000003']) {
        await page.waitForSelector(`#switches tr[data-dpid="${dpid}"]`, { timeout: 10_000 });
      }
      await page.waitForSelector('#graph[data-nodes="3"]', { timeout: 10_000 });
      // the chain s1 - s2 - s3: two links, once topology discovery has probed them
      if (TOPOLOGY) await page.waitForSelector('#graph[data-links="2"]', { timeout: 15_000 });
      const upBefore = Number(await page.getAttribute('#switches tr[data-dpid="0000000000000001"] td[data-ports-up]', 'data-ports-up'));
      assert.ok(upBefore >= 3, `s1 shows its 2 host ports and the patch port up (got ${upBefore})`);

      // open s1: its ports and MAC table
      await page.click('#switches tr[data-dpid="0000000000000001"]');
      await page.waitForSelector('#ports tr[data-port="1"][data-state="up"]', { timeout: 10_000 });
      await page.waitForFunction(`[...document.querySelectorAll('#macs td')].some((td) => td.textContent === ${JSON.stringify(l.hosts[0]!.mac)})`, undefined, { timeout: 10_000 });
      // its flows, from live flow statistics: the table-miss flow at least
      await page.waitForFunction(`[...document.querySelectorAll('#flows tbody tr')].some((tr) => tr.children[1].textContent === '0')`, undefined, { timeout: 10_000 });

      // take port 1 of s1 down: the table, the port list and the event log change, within seconds (waited for, not slept)
      await l.ovs.ofctl('s1', 'mod-port', '1', 'down');
      await page.waitForSelector(`#switches tr[data-dpid="0000000000000001"] td[data-ports-up="${upBefore - 1}"]`, { timeout: 10_000 });
      await page.waitForSelector('#ports tr[data-port="1"][data-state="down"]', { timeout: 10_000 });
      await page.waitForSelector('#events li[data-kind="port"]', { timeout: 10_000 });
      const log = await page.textContent('#events');
      assert.match(log ?? '', /switch 0000000000000001 port 1 \(\S+\) down/);

      // some traffic for the rate column, then the picture for the README
      await pingAll(l.hosts);
      await page.click('#switches tr[data-dpid="0000000000000001"]'); // refresh the flows for the picture
      await page.waitForFunction(`document.querySelectorAll('#switches canvas').length >= 3`, undefined, { timeout: 10_000 });
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      await page.close();
      assert.equal(problems, [], 'no console errors, page errors or failed requests');
    }),
  );
}
s.run();
