/**
 * The OpenFlow handshake, read straight from the header bytes:
 *   both sides send HELLO (ours carries a version bitmap of every version we
 *   speak) -> negotiate the highest common version -> FEATURES_REQUEST (and on
 *   1.3 a PORT_DESC multipart request), SET_CONFIG -> the switch is UP when
 *   the FEATURES_REPLY (and on 1.3 the last PORT_DESC reply) has arrived.
 * A peer HELLO without a bitmap means "every version up to mine" (cbench and
 * old switches send plain version-1 HELLOs). No common version: OFPT_ERROR
 * HELLO_FAILED/INCOMPATIBLE with a text reason, then close.
 */
import type { Datapath } from './datapath.js';
import {
  OFP10, OFP13, OFPT_HELLO, OFPT_ERROR, OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY, OFPT_FEATURES_REQUEST, OFPT_FEATURES_REPLY,
  OFPT13_MULTIPART_REPLY, OFPMP_PORT_DESC, OFPMPF_REPLY_MORE, OFPET_HELLO_FAILED, OFPHFC_INCOMPATIBLE,
  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, readPort, portDescSize, versionLabel,
} from './wire.js';

/** Versions a peer HELLO offers: from its bitmap element, or every version up to its header version. */
export function peerVersions(buf: Buffer, off: number, len: number): { versions: Set<number>; bitmap: boolean } {
  const end = off + len;
  let p = off + 8;
  while (p + 4 <= end) {
    const etype = buf.readUInt16BE(p);
    const elen = buf.readUInt16BE(p + 2);
    if (elen < 4 || p + elen > end) break; // malformed element: ignore the rest
    if (etype === 1) {
      // OFPHET_VERSIONBITMAP: 32-bit words, bit n of word w = version 32w + n
      const versions = new Set<number>();
      for (let q = p + 4, w = 0; q + 4 <= p + elen; q += 4, w++) {
        const bits = buf.readUInt32BE(q);
        for (let b = 0; b < 32; b++) if (bits & (1 << b)) versions.add(w * 32 + b);
      }
      return { versions, bitmap: true };
    }
    p += (elen + 7) & ~7;
  }
  const v = buf[off]!;
  const versions = new Set<number>();
  for (let i = 1; i <= v; i++) versions.add(i);
  return { versions, bitmap: false };
}

/** Highest version in both sets, or 0. */
export function negotiate(ours: readonly number[], theirs: Set<number>): number {
  let best = 0;
  for (const v of ours) if (theirs.has(v) && v > best) best = v;
  return best;
}

/** Connection opened: send our HELLO. */
export function startHandshake(dp: Datapath): void {
  const ours = dp.core.config.versions;
  dp.writeHello(Math.max(...ours), ours);
}

/** A message before the switch is UP. */
export function handshakeMessage(dp: Datapath, buf: Buffer, off: number, len: number): void {
  const version = buf[off]!;
  const type = buf[off + 1]!;
  if (dp.version === 0) {
    if (type !== OFPT_HELLO) {
      helloFailed(dp, version, `expected HELLO first, got type ${type}`);
      return;
    }
    const ours = dp.core.config.versions;
    const { versions, bitmap } = peerVersions(buf, off, len);
    const v = negotiate(ours, versions);
    if (v === 0) {
      const theirs = bitmap ? [...versions].map(versionLabel).join(', ') || 'none' : `up to ${versionLabel(version)}`;
      helloFailed(dp, version, `no common OpenFlow version: we speak ${ours.map(versionLabel).join(', ')}, peer ${theirs}`);
      return;
    }
    dp.negotiated(v);
    dp.featuresXid = dp.writeEmpty(OFPT_FEATURES_REQUEST);
    if (v === OFP13) dp.portDescXid = dp.writePortDescRequest();
    else dp.portDescDone = true;
    dp.writeSetConfig(0, dp.core.config.missSendLen);
    return;
  }
  switch (type) {
    case OFPT_ECHO_REQUEST:
      dp.echoReply(buf, off, len);
      return;
    case OFPT_ECHO_REPLY:
      dp.echoPending = false;
      return;
    case OFPT_ERROR: {
      const xid = buf.readUInt32BE(off + 4);
      const etype = len >= 12 ? buf.readUInt16BE(off + 8) : -1;
      const ecode = len >= 12 ? buf.readUInt16BE(off + 10) : -1;
      if (xid === dp.featuresXid && dp.featuresXid !== 0) {
        dp.close(`switch answered FEATURES_REQUEST with error type ${etype} code ${ecode}`);
        return;
      }
      if (xid === dp.portDescXid && dp.portDescXid !== 0) {
        dp.portDescDone = true;
        dp.core.logger.warn('switch refused PORT_DESC request', { conn: dp.remoteAddress, type: etype, code: ecode });
        maybeUp(dp);
        return;
      }
      dp.core.logger.warn('error from switch during handshake', { conn: dp.remoteAddress, type: etype, code: ecode });
      return;
    }
    case OFPT_FEATURES_REPLY:
      if (version !== dp.version) return;
      if (!readFeatures(dp, buf, off, len)) return;
      dp.featuresDone = true;
      maybeUp(dp);
      return;
    case OFPT13_MULTIPART_REPLY:
      if (dp.version === OFP13 && version === OFP13 && readPortDesc(dp, buf, off, len)) {
        if ((buf.readUInt16BE(off + 10) & OFPMPF_REPLY_MORE) === 0) {
          dp.portDescDone = true;
          maybeUp(dp);
        }
      }
      return;
    default:
      // Anything else before UP (PORT_STATUS, PACKET_IN racing the handshake) is dropped.
      return;
  }
}

function maybeUp(dp: Datapath): void {
  if (dp.featuresDone && dp.portDescDone) dp.ready();
}

function helloFailed(dp: Datapath, version: number, why: string): void {
  dp.core.logger.warn('handshake failed', { conn: dp.remoteAddress, reason: why });
  const text = Buffer.from(why.slice(0, 200), 'latin1');
  dp.sendError(version || OFP10, 0, OFPET_HELLO_FAILED, OFPHFC_INCOMPATIBLE, text, 0, text.length);
  dp.close(`handshake failed: ${why}`);
}

/**
 * FEATURES_REPLY: dpid, n_buffers, n_tables, capabilities; 1.0 also lists
 * ports (48 bytes each). Returns false (after answering BAD_LEN) when malformed.
 */
export function readFeatures(dp: Datapath, buf: Buffer, off: number, len: number): boolean {
  if (len < 32 || (dp.version === OFP10 && (len - 32) % 48 !== 0)) {
    dp.sendError(dp.version, buf.readUInt32BE(off + 4), OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, buf, off, Math.min(len, 64));
    return false;
  }
  dp.setFeatures(buf.readBigUInt64BE(off + 8), buf.readUInt32BE(off + 16), buf[off + 20]!, buf.readUInt32BE(off + 24));
  if (dp.version === OFP10) {
    dp.ports.clear();
    for (let p = off + 32; p + 48 <= off + len; p += 48) {
      const port = readPort(buf, p, OFP10);
      dp.ports.set(port.portNo, port);
    }
  }
  return true;
}

/** 1.3 MULTIPART_REPLY: if it is PORT_DESC, add its ports; false for other multipart types or bad lengths. */
export function readPortDesc(dp: Datapath, buf: Buffer, off: number, len: number): boolean {
  if (len < 16 || buf.readUInt16BE(off + 8) !== OFPMP_PORT_DESC) return false;
  const size = portDescSize(OFP13);
  if ((len - 16) % size !== 0) {
    dp.sendError(dp.version, buf.readUInt32BE(off + 4), OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, buf, off, Math.min(len, 64));
    return false;
  }
  for (let p = off + 16; p + size <= off + len; p += size) {
    const port = readPort(buf, p, OFP13);
    dp.ports.set(port.portNo, port);
  }
  return true;
}

