/** nodeflow: the codec and the controller. `nodeflow/codec` has the codec alone, `nodeflow/controller` the controller. */
export * from './codec/index.js';
export * from './controller/index.js';
// Both layers define PacketIn and FlowRemoved: here the names are the codec's views; the
// controller's app-facing types are also exported under distinct names (and under their own
// names from `nodeflow/controller`).
export type { PacketIn, FlowRemoved } from './codec/index.js';
export type { PacketIn as SwitchPacketIn, FlowRemoved as SwitchFlowRemoved } from './controller/index.js';
