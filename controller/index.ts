/** nodeflow/controller: the OpenFlow controller runtime and its app API. */
export * from './app.js';
export { Controller, DEFAULT_PORT, type ControllerOptions } from './server.js';
export { AdmissionGate, ADMISSION_DEFAULTS, type AdmissionOptions, type AdmissionCounts } from './admission/gate.js';
export { Registry, dpidHex } from './registry.js';
export { Logger, silentLogger, LOG_LEVELS, type LogLevel, type LoggerOptions } from './log.js';
export { Framer, Output, MAX_MESSAGE, type FrameSink } from './connection.js';
export { Stats } from './dispatch.js';
export { SlaveError, isStateChanging, type Role } from './role/role.js';
export { isStaleGeneration } from './role/keeper.js';
export { loadTlsMaterial, TlsConfigError, type TlsMaterial, type TlsPaths } from './tls/files.js';
export { peerVersions, negotiate } from './handshake.js';
export { loadApp, loadApps, instantiateApp, BUILTIN_APPS } from './load.js';
export { LearningSwitch, type LearningSwitchOptions } from './apps/learning-switch.js';
export { Hub } from './apps/hub.js';
export * from './topology/index.js';
export { Forwarding, ForwardingStats, FORWARDING_COOKIE, type ForwardingOptions, PathTable, type PathRecord } from './apps/forwarding/index.js';
export { MacTable } from './apps/mac-table.js';
export { FlowMod, Match, macToString, macFromString } from './flow-mod.js';
export {
  versionLabel, OFP10, OFP13, OFP14, OFP15, NO_BUFFER, MAX_LEN_NO_BUFFER, PORT_MAX, PORT_IN_PORT, PORT_TABLE, PORT_NORMAL, PORT_FLOOD, PORT_ALL,
  PORT_CONTROLLER, PORT_LOCAL, PORT_ANY, FLOW_ADD, FLOW_MODIFY, FLOW_MODIFY_STRICT, FLOW_DELETE, FLOW_DELETE_STRICT, FLOW_SEND_FLOW_REM,
  OFPPR_ADD, OFPPR_DELETE, OFPPR_MODIFY,
} from './protocol.js';
export { PacketIn10View } from '../codec/views/of10.js';
export { PacketIn13View } from '../codec/views/of13.js';
export { OFPT, OFPT10, OFPT13, ofpt } from '../codec/message-types.js';
export * from './request/index.js';
