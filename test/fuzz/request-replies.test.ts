/**
 * The request/reply answer path takes bytes from the switch: mutated
 * replies (every captured or corpus reply of an answer type, 1.0 and 1.3,
 * through the fuzzer's mutators) must never throw out of
 * PendingTable.answer, and every request must end as a value or a typed
 * RequestError (closing the table settles whatever a mutated REPLY_MORE left
 * waiting). Seeded: a failure prints the seed and iteration to replay.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixtureSeeds } from './corpus.js';
import { mutate } from './mutate.js';
import { Rng } from './prng.js';
import { PendingTable, type Entry } from '../../controller/request/pending.js';
import { RequestError } from '../../controller/request/errors.js';
import { profileFor } from '../../controller/request/versions.js';

const SEED = Number(process.env['NODEFLOW_FUZZ_SEED'] ?? 0x11e0);
const ITERATIONS = Number(process.env['NODEFLOW_FUZZ_REQUEST_ITERATIONS'] ?? 4000);

test(`fuzz: mutated replies never throw out of the request table; every request settles typed (seed ${SEED}, ${ITERATIONS} iterations)`, async () => {
  const seeds = fixtureSeeds().filter((s) => {
    const p = profileFor(s.bytes[0]!);
    return p !== undefined && s.bytes.length >= 8 && p.answerTypes.includes(s.bytes[1]!);
  });
  assert.ok(seeds.length >= 30, `${seeds.length} reply seeds`);
  const rng = new Rng(SEED);
  const table = new PendingTable({ timeoutMs: 60_000, maxInFlight: 1 << 20, maxReplyBytes: 1 << 20 });
  const outcomes = { resolved: 0, rejected: 0, untouched: 0 };
  const settled: Promise<void>[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const seed = rng.pick(seeds);
    const other = rng.pick(seeds);
    const { bytes, how } = mutate(rng, seed.bytes, other.bytes);
    if (bytes.length < 8) continue;
    const p = profileFor(seed.bytes[0]!)!;
    // what dispatch hands over: the switch's version, one framed message of its header length, an answer type
    const msg = Buffer.from(bytes);
    msg[0] = p.wire;
    const len = Math.max(8, Math.min(msg.readUInt16BE(2), msg.length));
    msg.writeUInt16BE(len, 2);
    if (!p.answerTypes.includes(msg[1]!)) msg[1] = seed.bytes[1]!;
    const xid = msg.readUInt32BE(4);
    const ack = rng.chance(0.2);
    if (table.has(xid) || (ack && table.has((xid + 1) >>> 0))) continue;
    const waitFor = ack ? -1 : msg[1] === p.type['ERROR'] ? seed.bytes[1]! : msg[1]!;
    let state: 'pending' | 'resolved' | 'rejected' = 'pending';
    settled.push(new Promise<void>((done) => {
      const e: Entry = {
        xid: ack ? (xid + 1) >>> 0 : xid, replyType: waitFor, barrierXid: ack ? xid : 0, members: null, failures: [], timeoutMs: 60_000,
        multipart: waitFor === p.stats.reply, parts: null, bytes: 0, timer: null,
        resolve: (v) => {
          state = 'resolved';
          assert.ok(v === null || typeof v === 'object');
          done();
        },
        reject: (err) => {
          state = 'rejected';
          assert.instance(err, RequestError, `${seed.id} ${how.join('+')}: ${String(err)}`);
          done();
        },
      };
      table.add(e);
    }));
    try {
      table.answer(p, msg, 0, len);
    } catch (err) {
      assert.unreachable(`answer threw on ${seed.id} mutated by ${how.join('+')} (iteration ${i}, seed ${SEED}): ${String(err)}`);
    }
    await Promise.resolve();
    outcomes[state === 'pending' ? 'untouched' : state]++;
  }
  table.closeAll('fuzz over');
  await Promise.all(settled);
  assert.is(table.size, 0);
  assert.ok(outcomes.resolved > 100 && outcomes.rejected > 100, JSON.stringify(outcomes));
});

test.run();
