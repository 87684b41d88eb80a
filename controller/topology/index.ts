/** The topology service (LLDP discovery, link graph, hosts, events): see service.ts. */
export { Topology, TopologyStats, type TopologyOptions, type TopologySnapshot, type PortKind } from './service.js';
export { LinkGraph, linkKey, portKey, type Link, type PortRef } from './graph.js';
export { HostTable, type Host } from './hosts.js';
export type { TopologyEvents, TopologyEvent, LinkDownReason, HostRemovedReason } from './events.js';
export { buildLldp, parseLldp, LLDP_ETHERTYPE, LLDP_DST, type LldpProbe, type LldpParse } from './lldp.js';
