/**
 * Liveness and bounded half-open connections, checked by one controller-wide
 * timer (not a timer per connection, nothing per message): a read batch only
 * sets `rxSeen`; the tick turns that into `lastRx`.
 *
 * - handshake not finished within handshakeTimeout -> close
 * - no input for echoInterval -> send ECHO_REQUEST
 * - an echo outstanding and no input at all for echoTimeout -> close
 * - output backed up past 4x the pending limit (peer not reading) -> close
 */
import { type Datapath, S_HANDSHAKE, S_UP } from './datapath.js';

export interface KeepaliveConfig {
  /** All in milliseconds. */
  readonly echoInterval: number;
  readonly echoTimeout: number;
  readonly handshakeTimeout: number;
  readonly maxPendingOutput: number;
}

/** Pick a tick period fine enough for the configured timeouts. */
export function tickPeriod(c: KeepaliveConfig): number {
  const shortest = Math.min(c.echoInterval, c.echoTimeout, c.handshakeTimeout);
  return Math.max(5, Math.min(500, Math.floor(shortest / 4)));
}

export function keepaliveTick(conns: Iterable<Datapath>, now: number, c: KeepaliveConfig): void {
  for (const dp of conns) {
    if (dp.rxSeen) {
      dp.rxSeen = false;
      dp.lastRx = now;
      dp.echoPending = false;
    }
    if (dp.state === S_HANDSHAKE) {
      if (now - dp.openedAt >= c.handshakeTimeout) dp.close(`handshake not finished within ${c.handshakeTimeout / 1000} s`);
      continue;
    }
    if (dp.state !== S_UP) continue;
    if (dp.out.pending > 4 * c.maxPendingOutput) {
      dp.close(`peer is not reading: ${dp.out.pending} bytes of output pending`);
      continue;
    }
    if (dp.echoPending) {
      if (now - dp.echoSentAt >= c.echoTimeout) {
        dp.close(`no answer to ECHO_REQUEST within ${c.echoTimeout / 1000} s`);
      }
    } else if (now - dp.lastRx >= c.echoInterval) {
      dp.echoPending = true;
      dp.echoSentAt = now;
      dp.sendEchoRequest();
      dp.flush();
    }
  }
}
