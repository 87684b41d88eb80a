/** nodeflow: the codec and (when built) the controller. `nodeflow/codec` has the codec alone. */
export * from './codec/index.js';
