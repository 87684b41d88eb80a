/**
 * Resolve `--app NAME|PATH`: a built-in name (learning-switch, hub,
 * topology, forwarding) or a
 * module path. A module's `default` export (or `app` / `createApp`) may be an
 * App object, a class (constructed with the AppOptions) or a factory
 * function (called with the AppOptions).
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { App, AppOptions } from './app.js';
import createLearningSwitch from './apps/learning-switch.js';
import createHub from './apps/hub.js';
import createTopology from './topology/service.js';
import createForwarding from './apps/forwarding/forwarding.js';

export const BUILTIN_APPS: Readonly<Record<string, (opts: AppOptions) => App>> = {
  'learning-switch': createLearningSwitch,
  hub: createHub,
  topology: createTopology,
  forwarding: createForwarding,
};

function isClass(f: unknown): boolean {
  return typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));
}

/** Turn a module's export into an App. */
export function instantiateApp(exported: unknown, opts: AppOptions, label: string): App {
  if (isClass(exported)) return new (exported as new (o: AppOptions) => App)(opts);
  if (typeof exported === 'function') return (exported as (o: AppOptions) => App)(opts);
  if (exported !== null && typeof exported === 'object') return exported as App;
  throw new Error(`app ${label}: the module exports no app (default export, \`app\` or \`createApp\`)`);
}

export async function loadApp(spec: string, opts: AppOptions): Promise<App> {
  const builtin = BUILTIN_APPS[spec];
  if (builtin) return builtin(opts);
  if (!/[/\\.]/.test(spec)) {
    throw new Error(`unknown app '${spec}': built-in apps are ${Object.keys(BUILTIN_APPS).join(', ')}; or give a module path`);
  }
  const url = pathToFileURL(resolve(spec)).href;
  const mod = (await import(url)) as Record<string, unknown>;
  const exported = mod['default'] ?? mod['app'] ?? mod['createApp'];
  return instantiateApp(exported, opts, spec);
}

/**
 * Load `specs` in order, adding the built-in apps any of them `requires`
 * (e.g. forwarding -> topology) just ahead of the first app that needs them,
 * unless an app of that name is already earlier in the list. An app of that
 * name given later is an error: it would start, and see packets, too late.
 */
export async function loadApps(specs: readonly string[], opts: AppOptions): Promise<App[]> {
  const loaded: App[] = [];
  for (const spec of specs) loaded.push(await loadApp(spec, opts));
  const out: App[] = [];
  const add = (app: App, chain: readonly string[]) => {
    for (const need of app.requires ?? []) {
      if (out.some((a) => a.name === need)) continue;
      if (loaded.some((a) => a.name === need && a !== app)) throw new Error(`app '${need}' must come before '${app.name ?? '?'}', which needs it`);
      if (chain.includes(need)) throw new Error(`apps require each other in a circle: ${[...chain, need].join(' -> ')}`);
      const factory = BUILTIN_APPS[need];
      if (!factory) throw new Error(`app '${app.name ?? '?'}' needs '${need}', which is not a built-in app`);
      add(factory(opts), [...chain, need]);
    }
    out.push(app);
  };
  for (const app of loaded) add(app, [app.name ?? '?']);
  return out;
}
