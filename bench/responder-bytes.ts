/**
 * The trivial responder's answers (bench/trivial-responder.ts), also replayed
 * by bench/packet-path.bench.ts: one definition of the bytes both measure.
 */
// FLOW_MOD, 72 bytes: header, match with every wildcard bit set, cookie 0,
// command ADD, timeouts 0, priority 0x8000, buffer_id none, out_port none.
export const FLOW_MOD = Buffer.alloc(72);
FLOW_MOD.writeUInt8(1, 0);
FLOW_MOD.writeUInt8(14, 1);
FLOW_MOD.writeUInt16BE(72, 2);
FLOW_MOD.writeUInt32BE(0x3fffff, 8); // wildcards
FLOW_MOD.writeUInt16BE(0, 56); // command ADD
FLOW_MOD.writeUInt16BE(0x8000, 62); // priority
FLOW_MOD.writeUInt32BE(0xffffffff, 64); // buffer_id
FLOW_MOD.writeUInt16BE(0xffff, 68); // out_port

// FLOW_MOD with one OUTPUT action (port 1, max_len 0), 80 bytes: the size the learning switch writes.
export const FLOW_MOD_OUTPUT = Buffer.alloc(80);
FLOW_MOD.copy(FLOW_MOD_OUTPUT, 0, 0, 72);
FLOW_MOD_OUTPUT.writeUInt16BE(80, 2);
FLOW_MOD_OUTPUT.writeUInt16BE(0, 72); // OFPAT_OUTPUT
FLOW_MOD_OUTPUT.writeUInt16BE(8, 74);
FLOW_MOD_OUTPUT.writeUInt16BE(1, 76); // port
