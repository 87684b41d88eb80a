/**
 * The simplest app: every packet the switch sends up is flooded out of every
 * other port (no flows installed). On 1.3 it installs the table-miss flow so
 * packets reach the controller at all.
 */
import type { App, Switch } from '../app.js';
import type { PacketIn } from '../app.js';
import { FlowMod } from '../flow-mod.js';
import { OFP13, PORT_FLOOD, PORT_CONTROLLER } from '../protocol.js';

export class Hub implements App {
  readonly name = 'hub';

  switchUp(sw: Switch): void {
    if (sw.version >= OFP13 && sw.role !== 'slave') sw.flowMod(new FlowMod().output(PORT_CONTROLLER).withPriority(0));
  }

  packetIn(sw: Switch, pi: PacketIn): void {
    if (sw.role !== 'slave') sw.forward(pi, PORT_FLOOD);
  }
}

export default function createHub(): Hub {
  return new Hub();
}
