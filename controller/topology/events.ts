/**
 * Topology events and the small typed emitter apps subscribe through.
 * Listeners run synchronously, right after the state change they report (a
 * snapshot taken inside a listener already shows it); one that throws is
 * logged and the others still run.
 */
import type { Switch } from '../app.js';
import type { Logger } from '../log.js';
import type { Link } from './graph.js';
import type { Host } from './hosts.js';

/** Why a link went away. */
export type LinkDownReason = 'port-down' | 'port-deleted' | 'switch-down' | 'timeout' | 'replaced';
/** Why a host went away. */
export type HostRemovedReason = 'port-down' | 'port-deleted' | 'switch-down' | 'link-port' | 'timeout';

export interface TopologyEvents {
  switchUp: (sw: Switch) => void;
  switchDown: (sw: Switch, reason: string) => void;
  linkUp: (link: Link) => void;
  linkDown: (link: Link, reason: LinkDownReason) => void;
  hostAdded: (host: Host) => void;
  /** `host` already holds the new attachment point. */
  hostMoved: (host: Host, from: { dpid: bigint; port: number }) => void;
  hostRemoved: (host: Host, reason: HostRemovedReason) => void;
}

export type TopologyEvent = keyof TopologyEvents;

export class Emitter {
  private readonly listeners: { [K in TopologyEvent]: Array<TopologyEvents[K]> } = {
    switchUp: [], switchDown: [], linkUp: [], linkDown: [], hostAdded: [], hostMoved: [], hostRemoved: [],
  };

  constructor(private readonly logger: () => Logger | null) {}

  /** Subscribe; returns a function that unsubscribes. */
  on<K extends TopologyEvent>(event: K, listener: TopologyEvents[K]): () => void {
    const list = this.listeners[event] as Array<TopologyEvents[K]>;
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends TopologyEvent>(event: K, ...args: Parameters<TopologyEvents[K]>): void {
    const list = this.listeners[event] as Array<(...a: Parameters<TopologyEvents[K]>) => void>;
    for (const l of [...list]) {
      try {
        l(...args);
      } catch (e) {
        this.logger()?.error('topology listener failed', { event, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
  }
}
