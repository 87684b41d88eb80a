/** Shortest-path, spanning-tree-flooding forwarding over the topology service: see forwarding.ts. */
export { Forwarding, ForwardingStats, FORWARDING_COOKIE, type ForwardingOptions, default } from './forwarding.js';
export { PathTable, type PathRecord } from './paths.js';
