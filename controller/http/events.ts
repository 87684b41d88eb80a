/**
 * What the web view and the event stream report: switch up/down, port
 * changes and errors from switches. An app (no packetIn or warm handler, so
 * it costs nothing per packet) turns the controller's hooks into plain JSON
 * events and keeps the last few hundred for clients that connect later.
 */
import type { App, OfError, PortInfo, Switch } from '../app.js';
import { versionLabel } from '../protocol.js';
import { errorCodeName, errorTypeName } from '../metrics/names.js';

export type NetEvent =
  | { kind: 'switch_up'; at: number; dpid: string; version: string; address: string; worker?: number }
  | { kind: 'switch_down'; at: number; dpid: string; reason: string; worker?: number }
  | { kind: 'port'; at: number; dpid: string; port: number; name: string; reason: 'add' | 'delete' | 'modify'; down: boolean; worker?: number }
  | { kind: 'error'; at: number; dpid: string; type: string; code: string; xid: number; worker?: number }
  | { kind: 'link_up' | 'link_down'; at: number; src: PortRef; dst: PortRef; reason?: string; worker?: number }
  | { kind: 'host'; at: number; mac: string; change: 'added' | 'moved' | 'removed'; dpid: string; port: number; reason?: string; worker?: number };

interface PortRef {
  dpid: string;
  port: number;
}

/**
 * What the events need of a topology app (the `topology` app's typed
 * emitter: linkUp/linkDown/hostAdded/hostMoved/hostRemoved), read by shape so
 * the HTTP layer works with or without it.
 */
interface TopologyEmitter {
  on(event: string, listener: (...args: never[]) => void): () => void;
}
interface LinkLike {
  src: { dpid: bigint; port: number };
  dst: { dpid: bigint; port: number };
}
interface HostLike {
  macString: string;
  dpid: bigint;
  port: number;
}

const hex = (d: bigint): string => d.toString(16).padStart(16, '0');
const ref = (r: { dpid: bigint; port: number }): PortRef => ({ dpid: hex(r.dpid), port: r.port });

/** Forward a topology app's link and host events into the hub; returns the unsubscribe function. */
export function followTopology(hub: EventHub, topo: TopologyEmitter): () => void {
  const offs = [
    topo.on('linkUp', ((l: LinkLike) => hub.emit({ kind: 'link_up', at: Date.now(), src: ref(l.src), dst: ref(l.dst) })) as (...a: never[]) => void),
    topo.on('linkDown', ((l: LinkLike, reason: string) => hub.emit({ kind: 'link_down', at: Date.now(), src: ref(l.src), dst: ref(l.dst), reason })) as (...a: never[]) => void),
    topo.on('hostAdded', ((h: HostLike) => hub.emit({ kind: 'host', at: Date.now(), mac: h.macString, change: 'added', dpid: hex(h.dpid), port: h.port })) as (...a: never[]) => void),
    topo.on('hostMoved', ((h: HostLike) => hub.emit({ kind: 'host', at: Date.now(), mac: h.macString, change: 'moved', dpid: hex(h.dpid), port: h.port })) as (...a: never[]) => void),
    topo.on('hostRemoved', ((h: HostLike, reason: string) => hub.emit({ kind: 'host', at: Date.now(), mac: h.macString, change: 'removed', dpid: hex(h.dpid), port: h.port, reason })) as (...a: never[]) => void),
  ];
  return () => offs.forEach((off) => off());
}

export type EventListener = (e: NetEvent) => void;

/** Fan-out of events to listeners, with a bounded backlog. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  readonly recent: NetEvent[] = [];
  constructor(private readonly keep = 200) {}

  emit(e: NetEvent): void {
    this.recent.push(e);
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a failing listener (a closed client) must not stop the others
      }
    }
  }

  subscribe(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

const PORT_REASONS = ['add', 'delete', 'modify'] as const;

/** The app that feeds an EventHub. */
export class EventsApp implements App {
  readonly name = 'http-events';
  constructor(readonly hub: EventHub) {}

  switchUp(sw: Switch): void {
    this.hub.emit({ kind: 'switch_up', at: Date.now(), dpid: sw.dpidHex, version: versionLabel(sw.version), address: sw.remoteAddress });
  }

  switchDown(sw: Switch, reason: string): void {
    this.hub.emit({ kind: 'switch_down', at: Date.now(), dpid: sw.dpidHex, reason });
  }

  portStatus(sw: Switch, reason: number, port: PortInfo): void {
    this.hub.emit({
      kind: 'port', at: Date.now(), dpid: sw.dpidHex, port: port.portNo, name: port.name, reason: PORT_REASONS[reason] ?? 'modify', down: port.down,
    });
  }

  error(sw: Switch, err: OfError): void {
    this.hub.emit({
      kind: 'error', at: Date.now(), dpid: sw.dpidHex, type: errorTypeName(sw.version, err.type), code: errorCodeName(sw.version, err.type, err.code), xid: err.xid,
    });
  }
}
