/** JSON schemas shared by the routes (validation, response serialisation and the OpenAPI document). */
export const dpidParams = {
  type: 'object',
  properties: { dpid: { type: 'string', description: 'Datapath id: 16 hex digits as ovs-vsctl prints datapath_id (0x-hex and decimal accepted)' } },
  required: ['dpid'],
} as const;

export const portSchema = {
  type: 'object',
  properties: {
    port_no: { type: 'integer' }, name: { type: 'string' }, hw_addr: { type: 'string' }, config: { type: 'integer' }, state: { type: 'integer' },
    curr: { type: 'integer' }, down: { type: 'boolean' },
    counters: { type: 'object', additionalProperties: true, description: 'live port statistics: rx_packets, tx_packets, rx_bytes, tx_bytes, rx_dropped, ... (numbers; strings beyond 2^53)' },
  },
} as const;

export const switchSchema = {
  type: 'object',
  properties: {
    dpid: { type: 'string', description: '16 hex digits' },
    version: { type: 'string', description: 'negotiated OpenFlow version, 1.0 or 1.3' },
    address: { type: 'string', description: "the switch's address and port" },
    connected_at: { type: 'string', format: 'date-time' },
    uptime_seconds: { type: 'number' },
    n_buffers: { type: 'integer' },
    n_tables: { type: 'integer' },
    capabilities: { type: 'integer' },
    ports: { type: 'array', items: portSchema },
    messages: {
      type: 'object',
      properties: {
        received: { type: 'number' }, sent: { type: 'number' }, packet_in: { type: 'number' }, flow_mod: { type: 'number' }, packet_out: { type: 'number' },
      },
    },
    worker: { type: 'integer', description: 'worker process holding the connection (--workers)' },
    counters_error: { type: 'string', description: 'why port counters are missing' },
  },
} as const;

export const writeResultSchema = {
  type: 'object',
  properties: {
    dpid: { type: 'string' },
    result: { type: 'string', enum: ['ok'] },
    sent: { type: 'object', additionalProperties: true, description: 'the message sent, in the codec JSON form' },
  },
} as const;

export const macTableSchema = {
  type: 'object',
  properties: {
    size: { type: 'integer' }, max: { type: 'integer' }, evictions: { type: 'number' }, truncated: { type: 'boolean' },
    entries: { type: 'array', items: { type: 'object', properties: { mac: { type: 'string' }, port: { type: 'integer' } } } },
  },
} as const;
