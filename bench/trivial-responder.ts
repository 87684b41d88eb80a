/**
 * The yardstick: a minimal OpenFlow 1.0 "controller" in plain Node.js. It
 * sends HELLO and FEATURES_REQUEST so cbench starts, answers ECHO_REQUEST,
 * and answers every PACKET_IN with the same FLOW_MOD (command ADD, all
 * wildcards, no actions). Nothing else: no learning, no parsing beyond the
 * header. Written the obvious way on purpose: the FLOW_MODs answering one
 * read go out in one socket write.
 *
 *   node dist/bench/trivial-responder.js [port] [--write-each] [--output]    (default 6633; 0 = any free port)
 *
 * --output: the same I/O as the learning switch answering a known
 * destination (issue 16's yardstick): each PACKET_IN gets an 80-byte FLOW_MOD,
 * the 72-byte one above plus one OUTPUT action, with the PACKET_IN's xid and
 * buffer_id patched into the template. Still no learning and no parsing
 * beyond the header and those two fields.
 *
 * --write-each: one socket.write per FLOW_MOD instead (the other obvious way:
 * each write is a stream request, a system call and, with no Nagle delay, a
 * TCP segment of its own; measured about 50x slower, see BENCHMARKS.md).
 * Prints `listening on PORT` once it accepts connections.
 */
import * as net from 'node:net';
import { FLOW_MOD, FLOW_MOD_OUTPUT } from './responder-bytes.js';

const HELLO = Buffer.from('0100000800000001', 'hex');
const FEATURES_REQUEST = Buffer.from('0105000800000002', 'hex');

function serve(sock: net.Socket): void {
  sock.setNoDelay(true);
  sock.write(HELLO);
  sock.write(FEATURES_REQUEST);
  let pending: Buffer | null = null;
  sock.on('data', (chunk: Buffer) => {
    const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    let off = 0;
    let packetIns = 0;
    const replies: Buffer[] = [];
    const starts: number[] = [];
    while (buf.length - off >= 8) {
      const len = buf.readUInt16BE(off + 2);
      if (len < 8) { sock.destroy(); return; }
      if (buf.length - off < len) break;
      const type = buf[off + 1];
      if (type === 10) {
        packetIns++;
        if (output) starts.push(off);
      }
      else if (type === 2) { // ECHO_REQUEST -> ECHO_REPLY with the same xid and payload
        const r = Buffer.from(buf.subarray(off, off + len));
        r[1] = 3;
        replies.push(r);
      }
      off += len;
    }
    pending = off < buf.length ? Buffer.from(buf.subarray(off)) : null;
    if (packetIns > 0 && output) {
      const n = FLOW_MOD_OUTPUT.length;
      const out = Buffer.allocUnsafe(packetIns * n);
      for (let i = 0; i < packetIns; i++) {
        const at = starts[i]!;
        FLOW_MOD_OUTPUT.copy(out, i * n);
        out.writeUInt32BE(buf.readUInt32BE(at + 4), i * n + 4); // xid
        out.writeUInt32BE(buf.readUInt32BE(at + 8), i * n + 64); // buffer_id (1.0 PACKET_IN: first body field)
      }
      replies.push(out);
    } else if (packetIns > 0 && writeEach) {
      for (let i = 0; i < packetIns; i++) replies.push(FLOW_MOD);
    } else if (packetIns > 0) {
      const out = Buffer.allocUnsafe(packetIns * FLOW_MOD.length);
      for (let i = 0; i < packetIns; i++) FLOW_MOD.copy(out, i * FLOW_MOD.length);
      replies.push(out);
    }
    for (const r of replies) sock.write(r);
  });
  sock.on('error', () => sock.destroy());
}

const args = process.argv.slice(2);
const writeEach = args.includes('--write-each');
const output = args.includes('--output');
const port = Number(args.find((a) => !a.startsWith('--')) ?? 6633);
const server = net.createServer(serve);
server.listen({ port, host: '127.0.0.1', backlog: 1024 }, () => {
  const a = server.address() as net.AddressInfo;
  process.stdout.write(`listening on ${a.port}\n`);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(0));
