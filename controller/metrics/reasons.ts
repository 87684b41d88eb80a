/**
 * Why a connection closed, as one of a few fixed labels: the controller's
 * close reasons are sentences with addresses and numbers in them, and a
 * metric label must have few values (each value is a time series).
 */
export const CLOSE_REASONS = [
  'peer_closed', 'socket_error', 'echo_timeout', 'handshake_timeout', 'handshake_failed', 'replaced', 'shutdown',
  'bad_input', 'output_overflow', 'closed_by_app', 'other',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

const RULES: ReadonlyArray<[RegExp, CloseReason]> = [
  [/controller shutting down/i, 'shutdown'],
  [/replaced by a new connection/i, 'replaced'],
  [/peer closed|connection closed/i, 'peer_closed'],
  [/socket error/i, 'socket_error'],
  [/echo/i, 'echo_timeout'],
  [/handshake.*(time|within)|did not finish the handshake/i, 'handshake_timeout'],
  [/hello|version|features|handshake/i, 'handshake_failed'],
  [/unframeable|bad|malformed/i, 'bad_input'],
  [/not reading|output|pending/i, 'output_overflow'],
  [/closed by the controller/i, 'closed_by_app'],
];

export function classifyCloseReason(reason: string): CloseReason {
  for (const [re, label] of RULES) if (re.test(reason)) return label;
  return 'other';
}
