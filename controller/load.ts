/**
 * Resolve `--app NAME|PATH`: a built-in name (learning-switch, hub) or a
 * module path. A module's `default` export (or `app` / `createApp`) may be an
 * App object, a class (constructed with the AppOptions) or a factory
 * function (called with the AppOptions).
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { App, AppOptions } from './app.js';
import createLearningSwitch from './apps/learning-switch.js';
import createHub from './apps/hub.js';

export const BUILTIN_APPS: Readonly<Record<string, (opts: AppOptions) => App>> = {
  'learning-switch': createLearningSwitch,
  hub: createHub,
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
