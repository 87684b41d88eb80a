/**
 * The yardstick: a minimal OpenFlow 1.0 "controller" in plain Node.js. It
 * sends HELLO and FEATURES_REQUEST so cbench starts, answers ECHO_REQUEST,
 * and answers every PACKET_IN with the same FLOW_MOD (command ADD, all
 * wildcards, no actions). Nothing else: no learning, no parsing beyond the
 * header. Written the obvious way on purpose: the FLOW_MODs answering one
 * read go out in one socket write.
 *
 *   node dist/bench/trivial-responder.js [port] [--write-each]    (default 6633; 0 = any free port)
 *
 * --write-each: one socket.write per FLOW_MOD instead (the other obvious way:
 * each write is a stream request, a system call and, with no Nagle delay, a
 * TCP segment of its own; measured about 50x slower, see BENCHMARKS.md).
 * Prints `listening on PORT` once it accepts connections.
 */
import * as net from 'node:net';

const HELLO = Buffer.from('0100000800000001', 'hex');
const FEATURES_REQUEST = Buffer.from('0105000800000002', 'hex');

// FLOW_MOD, 72 bytes: header, match with every wildcard bit set, cookie 0,
// command ADD, timeouts 0, priority 0x8000, buffer_id none, out_port none.
const FLOW_MOD = Buffer.alloc(72);
FLOW_MOD.writeUInt8(1, 0);
FLOW_MOD.writeUInt8(14, 1);
FLOW_MOD.writeUInt16BE(72, 2);
FLOW_MOD.writeUInt32BE(0x3fffff, 8); // wildcards
FLOW_MOD.writeUInt16BE(0, 56); // command ADD
FLOW_MOD.writeUInt16BE(0x8000, 62); // priority
FLOW_MOD.writeUInt32BE(0xffffffff, 64); // buffer_id
FLOW_MOD.writeUInt16BE(0xffff, 68); // out_port

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
    while (buf.length - off >= 8) {
      const len = buf.readUInt16BE(off + 2);
      if (len < 8) { sock.destroy(); return; }
      if (buf.length - off < len) break;
      const type = buf[off + 1];
      if (type === 10) packetIns++;
      else if (type === 2) { // ECHO_REQUEST -> ECHO_REPLY with the same xid and payload
        const r = Buffer.from(buf.subarray(off, off + len));
        r[1] = 3;
        replies.push(r);
      }
      off += len;
    }
    pending = off < buf.length ? Buffer.from(buf.subarray(off)) : null;
    if (packetIns > 0 && writeEach) {
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
const port = Number(args.find((a) => !a.startsWith('--')) ?? 6633);
const server = net.createServer(serve);
server.listen({ port, host: '127.0.0.1', backlog: 1024 }, () => {
  const a = server.address() as net.AddressInfo;
  process.stdout.write(`listening on ${a.port}\n`);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(0));
