/**
 * What a running `nodeflow start --app forwarding --json-logs` says about
 * the topology, read back from its log: the topology service writes one JSON
 * line per link up / link down (fields src, srcPort, dst, dstPort, links) and
 * per host added / moved / removed; the controller's summary line carries the
 * total PACKET_IN count. No other channel is needed to follow the topology
 * of a controller in another process.
 */
export interface LogRecord {
  readonly msg: string;
  readonly time: string;
  readonly [field: string]: unknown;
}

export function jsonRecords(output: string): LogRecord[] {
  const out: LogRecord[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as LogRecord);
    } catch {
      /* a line cut by the output buffer's limit */
    }
  }
  return out;
}

/** `src:port>dst:port` (dpids as the log prints them: 16 hex digits). */
export type LinkId = string;

/** The directed links the log's link up / link down lines leave standing. */
export function linksFromLog(output: string): Set<LinkId> {
  const links = new Set<LinkId>();
  for (const r of jsonRecords(output)) {
    if (r.msg !== 'link up' && r.msg !== 'link down') continue;
    const id = `${String(r['src'])}:${String(r['srcPort'])}>${String(r['dst'])}:${String(r['dstPort'])}`;
    if (r.msg === 'link up') links.add(id);
    else links.delete(id);
  }
  return links;
}

/** The total PACKET_IN count of the last summary line (needs --summary-interval > 0), or undefined before the first. */
export function packetInTotal(output: string): number | undefined {
  let n: number | undefined;
  for (const r of jsonRecords(output)) if (r.msg === 'summary' && typeof r['packet_in'] === 'number') n = r['packet_in'];
  return n;
}

/** Count of summary lines so far (to wait for a fresh one). */
export function summaryCount(output: string): number {
  return jsonRecords(output).filter((r) => r.msg === 'summary').length;
}

/** The most directed links the log ever reported at once (the `links` field of link up / link down lines). */
export function maxLinks(output: string): number {
  let n = 0;
  for (const r of jsonRecords(output)) if ((r.msg === 'link up' || r.msg === 'link down') && typeof r['links'] === 'number') n = Math.max(n, r['links']);
  return n;
}
