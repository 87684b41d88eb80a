/**
 * What the emulated switch does differently per OpenFlow version: the
 * message templates, the message type numbers it answers, where a probe is
 * patched, and the counting rule. 1.0 is cbench's protocol (probe.ts,
 * count.ts); 1.3 (probe13.ts) is ours, for controllers that speak only 1.3.
 */
import { parseVersionName } from '../codec/version-names.js';
import { OFPT as T10 } from '../codec/of10/enums.js';
import { OFPT as T13, OFPMP } from '../codec/of13/enums.js';
import { isCountedResponse, isCountedResponse13 } from './count.js';
import {
  PI_OFF, PROBE_MAC_OFF, PROBE_SIZE, descStatsReplyTemplate, echoReply, featuresReplyTemplate, getConfigReply, headerOnly,
  learnTemplate, probeTemplate, vendorError,
} from './probe.js';
import {
  PI13_OFF, PROBE13_SIZE, barrierReply13, descReplyTemplate13, echoReply13, experimenterError13, featuresReplyTemplate13,
  getConfigReply13, hello13, learnTemplate13, portDescReplyTemplate13, probeTemplate13,
} from './probe13.js';

/** cbench's send buffer: each throughput-mode write is as many whole probes as fit in 64 KiB. */
const SEND_BUFFER = 65536;
/** STATS / MULTIPART type OFPST_DESC / OFPMP_DESC (0 in both versions). */
const DESC = 0;

export interface Profile {
  /** Wire version (0x01, 0x04). */
  readonly version: number;
  readonly label: string;
  readonly probeSize: number;
  /** Probes per throughput-mode write. */
  readonly probesPerBatch: number;
  /** Start (learning packet, probes) only after the controller's first FLOW_MOD, its table-miss flow (1.3; see switch.ts). */
  readonly waitForTableMiss: boolean;
  /** Where patchProbe writes the xid, buffer id and the 4 varying source-MAC bytes. */
  readonly off: { readonly xid: number; readonly bufferId: number; readonly mac: number };
  /** Message types the switch reacts to. */
  readonly t: {
    readonly hello: number; readonly echoRequest: number; readonly echoReply: number; readonly experimenter: number;
    readonly featuresRequest: number; readonly getConfigRequest: number; readonly setConfig: number;
    readonly barrierRequest: number; readonly statsRequest: number; readonly flowMod: number; readonly packetOut: number;
  };
  hello(): Buffer;
  probeTemplate(switchId: number): Buffer;
  learnTemplate(switchId: number, xid: number): Buffer;
  featuresReply(dpid: number): Buffer;
  /** The reply to a STATS / MULTIPART request of this type (xid patched by the caller), or null: not answered. */
  statsReply(statsType: number, dpid: number): Buffer | null;
  getConfigReply(xid: number, flags: number, missSendLen: number): Buffer;
  experimenterError(xid: number, request: Buffer): Buffer;
  barrierReply(xid: number): Buffer;
  echoReply(xid: number, payload: Buffer): Buffer;
  isCounted(buf: Buffer, off: number, len: number): boolean;
}

export const OF10: Profile = {
  version: 1,
  label: '1.0',
  probeSize: PROBE_SIZE,
  probesPerBatch: Math.floor(SEND_BUFFER / PROBE_SIZE), // 799
  waitForTableMiss: false,
  off: { xid: PI_OFF.xid, bufferId: PI_OFF.bufferId, mac: PROBE_MAC_OFF },
  t: {
    hello: T10.HELLO, echoRequest: T10.ECHO_REQUEST, echoReply: T10.ECHO_REPLY, experimenter: T10.VENDOR,
    featuresRequest: T10.FEATURES_REQUEST, getConfigRequest: T10.GET_CONFIG_REQUEST, setConfig: T10.SET_CONFIG,
    barrierRequest: T10.BARRIER_REQUEST, statsRequest: T10.STATS_REQUEST, flowMod: T10.FLOW_MOD, packetOut: T10.PACKET_OUT,
  },
  hello: () => headerOnly('OFPT_HELLO', 1),
  probeTemplate,
  learnTemplate,
  featuresReply: featuresReplyTemplate,
  statsReply: (type) => (type === DESC ? descStatsReplyTemplate() : null),
  getConfigReply,
  experimenterError: vendorError,
  barrierReply: (xid) => headerOnly('OFPT_BARRIER_REPLY', xid),
  echoReply,
  isCounted: isCountedResponse,
};

export const OF13: Profile = {
  version: 4,
  label: '1.3',
  probeSize: PROBE13_SIZE,
  probesPerBatch: Math.floor(SEND_BUFFER / PROBE13_SIZE),
  waitForTableMiss: true,
  off: PI13_OFF,
  t: {
    hello: T13.HELLO, echoRequest: T13.ECHO_REQUEST, echoReply: T13.ECHO_REPLY, experimenter: T13.EXPERIMENTER,
    featuresRequest: T13.FEATURES_REQUEST, getConfigRequest: T13.GET_CONFIG_REQUEST, setConfig: T13.SET_CONFIG,
    barrierRequest: T13.BARRIER_REQUEST, statsRequest: T13.MULTIPART_REQUEST, flowMod: T13.FLOW_MOD, packetOut: T13.PACKET_OUT,
  },
  hello: hello13,
  probeTemplate: probeTemplate13,
  learnTemplate: learnTemplate13,
  featuresReply: featuresReplyTemplate13,
  statsReply: (type, dpid) => (type === DESC ? descReplyTemplate13() : type === OFPMP.PORT_DESC ? portDescReplyTemplate13(dpid) : null),
  getConfigReply: getConfigReply13,
  experimenterError: experimenterError13,
  barrierReply: barrierReply13,
  echoReply: echoReply13,
  isCounted: isCountedResponse13,
};

/** The profile for `-O`: 1.0 (default, cbench's) or 1.3. */
export function profileFor(version: string): Profile | null {
  const wire = parseVersionName(version);
  return wire === 1 ? OF10 : wire === 4 ? OF13 : null;
}
