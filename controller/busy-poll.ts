/**
 * Opt-in busy polling after input, the event-loop form of Linux's
 * `net.core.busy_poll`: for a short window after each read the event loop
 * keeps polling for I/O with a zero timeout (an immediate is always pending)
 * instead of sleeping in epoll_wait until the next message.
 *
 * Why: with one request in flight (cbench latency mode, a switch waiting on
 * each PACKET_IN answer) a controller that sleeps between messages pays a
 * scheduler wake-up per round trip, and on this machine that wake-up, not
 * the controller's work, is most of the round trip (perf: ~75% of the
 * controller's time in the kernel, a third of it in context switches; the
 * trivial responder is no faster than the learning switch). Polling keeps
 * the process on its core while traffic flows. Cost: up to a whole core
 * while messages keep arriving within the window; nothing once they stop.
 * Off by default (`nodeflow start --busy-poll <us>`).
 */
import { performance } from 'node:perf_hooks';

export class BusyPoller {
  private until = 0;
  private spinning = false;
  private readonly windowMs: number;
  private readonly tick = (): void => {
    if (performance.now() < this.until) setImmediate(this.tick);
    else this.spinning = false;
  };

  constructor(windowUs: number) {
    this.windowMs = windowUs / 1000;
  }

  /** Input arrived: keep polling for the next window. */
  kick(): void {
    this.until = performance.now() + this.windowMs;
    if (!this.spinning) {
      this.spinning = true;
      setImmediate(this.tick);
    }
  }

  /** Stop at the next turn (controller shutdown). */
  stop(): void {
    this.until = 0;
  }

  /** True while the loop is being kept busy. */
  get active(): boolean {
    return this.spinning;
  }
}
