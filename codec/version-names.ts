/**
 * OpenFlow version names, the one place that turns what a user types into a
 * wire version (the header's version byte) and back. Every spelling a user
 * meets in the field is accepted, case-insensitively:
 *
 *   1.3   OpenFlow13 (Open vSwitch's `protocols=`, ovs-ofctl -O)   of13 (Ryu)
 *   13    4 / 0x04 (the wire number)                               OpenFlow1.3, of1.3
 *
 * and the same for 1.0 (wire 1) through 1.5 (wire 6). Single digits are wire
 * numbers (`1` is 1.0, `4` is 1.3); two digits are the version without its
 * dot (`13`), so the two never collide. Whether a version is supported is
 * the caller's question: this only names them.
 */

/** Version names by wire number. */
export const VERSION_NAMES: Readonly<Record<number, string>> = { 1: '1.0', 2: '1.1', 3: '1.2', 4: '1.3', 5: '1.4', 6: '1.5' };

/** The wire version a spelling names, or undefined for something that is not an OpenFlow version. */
export function parseVersionName(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/^(openflow|of)[-_ ]?/, '');
  let m = /^1\.([0-5])$/.exec(t) ?? /^1([0-5])$/.exec(t);
  if (m) return Number(m[1]) + 1;
  m = /^(?:0x0?)?([1-6])$/.exec(t);
  if (m) return Number(m[1]);
  return undefined;
}

/** '1.3' for 4; the wire byte in hex for a number that names no version. */
export function versionName(wire: number): string {
  return VERSION_NAMES[wire] ?? `0x${wire.toString(16).padStart(2, '0')}`;
}

/** The spellings `parseVersionName` accepts for one version, for help texts ("1.3, 4, OpenFlow13, of13"). */
export function versionSpellings(wire: number): string {
  const name = versionName(wire);
  const bare = name.replace('.', '');
  return `${name}, ${wire}, OpenFlow${bare}, of${bare}`;
}
