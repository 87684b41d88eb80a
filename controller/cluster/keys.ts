/**
 * The etcd keys a cluster uses, under one prefix (default `/nodeflow/`):
 *   members/<node-id>  this instance is alive (held under its lease; JSON about it)
 *   masters/<dpid>     the node id of the switch's master (held under the master's lease);
 *                      its create revision is the OpenFlow generation id
 */
export class ClusterKeys {
  constructor(readonly prefix: string) {}
  get members(): string {
    return `${this.prefix}members/`;
  }
  get masters(): string {
    return `${this.prefix}masters/`;
  }
  member(nodeId: string): string {
    return this.members + nodeId;
  }
  master(dpidHex: string): string {
    return this.masters + dpidHex;
  }
  /** The dpid of a masters/ key, or null. */
  dpidOf(key: string): string | null {
    return key.startsWith(this.masters) ? key.slice(this.masters.length) : null;
  }
}
