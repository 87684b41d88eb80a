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
import { OFP10, OFP13, versionLabel } from './protocol.js';
import { portInfo } from './ports.js';
import { OFPT, OFPHFC, OFPSF_REPLY_MORE } from '../codec/of10/enums.js';
import { OFPT as T13, OFPMP } from '../codec/of13/enums.js';
import { frameType, frameVersion, frameXid } from '../codec/views/frame.js';
import { helloVersions } from '../codec/views/of13.js';
import { nextPort14 } from '../codec/views/of14.js';

/** Versions a peer HELLO offers: from its bitmap element, or every version up to its header version. */
export function peerVersions(buf: Buffer, off: number, len: number): { versions: Set<number>; bitmap: boolean } {
  const offered = helloVersions(buf, off, len);
  if (offered !== null) return { versions: new Set(offered), bitmap: true };
  const v = frameVersion(buf, off);
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
  dp.writeHello(dp.core.config.versions);
}

/** A message before the switch is UP. */
export function handshakeMessage(dp: Datapath, buf: Buffer, off: number, len: number): void {
  const version = frameVersion(buf, off);
  const type = frameType(buf, off);
  if (dp.version === 0) {
    if (type !== OFPT.HELLO) {
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
    dp.featuresXid = dp.featuresRequest();
    if (v >= OFP13) dp.portDescXid = dp.writePortDescRequest();
    else dp.portDescDone = true;
    dp.writeSetConfig(0, dp.core.config.missSendLen);
    return;
  }
  switch (type) {
    case OFPT.ECHO_REQUEST: {
      const v = dp.version === OFP10 ? dp.v10.echo : dp.v13.echo;
      if (v.bind(buf, off, len) === null) dp.echoReply(v);
      return;
    }
    case OFPT.ECHO_REPLY:
      dp.echoPending = false;
      return;
    case OFPT.ERROR: {
      const v = dp.version === OFP10 ? dp.v10.error : dp.v13.error;
      const ok = v.bind(buf, off, len) === null;
      const xid = frameXid(buf, off);
      const etype = ok ? v.errType : -1;
      const ecode = ok ? v.errCode : -1;
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
    case OFPT.FEATURES_REPLY:
      if (version !== dp.version) return;
      if (!readFeatures(dp, buf, off, len)) return;
      dp.featuresDone = true;
      maybeUp(dp);
      return;
    case T13.MULTIPART_REPLY:
      if (dp.version >= OFP13 && version === dp.version && readPortDesc(dp, buf, off, len)) {
        // OFPMPF_REPLY_MORE (1.3) is the same bit as 1.0's OFPSF_REPLY_MORE
        if ((dp.v13.multipart.flags & OFPSF_REPLY_MORE) === 0) {
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
  dp.sendHelloFailed(version || OFP10, OFPHFC.INCOMPATIBLE, Buffer.from(why.slice(0, 200), 'latin1'));
  dp.close(`handshake failed: ${why}`);
}

/**
 * FEATURES_REPLY: dpid, n_buffers, n_tables, capabilities; 1.0 also lists
 * ports. Returns false (after answering BAD_LEN) when malformed.
 */
export function readFeatures(dp: Datapath, buf: Buffer, off: number, len: number): boolean {
  const v = dp.version === OFP10 ? dp.v10.features : dp.v13.features;
  const e = v.bind(buf, off, len);
  if (e !== null) {
    dp.refuse(e, buf, off, len);
    return false;
  }
  dp.setFeatures(v.datapathId, v.nBuffers, v.nTables, v.capabilities);
  if (dp.version === OFP10) {
    const f = dp.v10.features;
    const port = dp.v10.port;
    dp.ports.clear();
    for (let i = 0; f.port(i, port); i++) {
      const p = portInfo(port, OFP10);
      dp.ports.set(p.portNo, p);
    }
  }
  return true;
}

/** 1.3-1.5 MULTIPART_REPLY: if it is PORT_DESC, add its ports; false for other multipart types or malformed replies. */
export function readPortDesc(dp: Datapath, buf: Buffer, off: number, len: number): boolean {
  const v = dp.v13.multipart;
  const e = v.bind(buf, off, len);
  if (e !== null) {
    dp.refuse(e, buf, off, len);
    return false;
  }
  if (v.mpType !== OFPMP.PORT_DESC) return false;
  if (dp.version === OFP13) {
    const port = dp.v13.port;
    for (let i = 0; v.port(i, port); i++) {
      const p = portInfo(port, OFP13);
      dp.ports.set(p.portNo, p);
    }
    return true;
  }
  // 1.4/1.5: variable-length ports with properties.
  const port = dp.v14.port;
  const end = v.bodyOffset + v.bodyLength;
  for (let at = v.bodyOffset; at < end;) {
    const next = nextPort14(v, at, port);
    if (typeof next !== 'number') {
      dp.refuse(next, buf, off, len);
      return false;
    }
    const p = portInfo(port, dp.version);
    dp.ports.set(p.portNo, p);
    at = next;
  }
  return true;
}
