/** Several controllers coordinated through etcd: see cluster.ts. */
export { Cluster, ClusterConfigError, type ClusterOptions } from './cluster.js';
export { ClusterLease } from './lease.js';
export { preferenceOrder, rankOf } from './placement.js';
