/** `--http [HOST:]PORT`, parsed without loading the HTTP layer (it is imported only when --http is given). */
/** Parse `[HOST:]PORT` (IPv6 hosts in brackets); the host defaults to 127.0.0.1. */
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:]+):)?(\d{1,5})$/.exec(s.trim());
  if (m === null || Number(m[2]) > 65535) throw new Error(`'${s}' is not [HOST:]PORT (e.g. 8080, 127.0.0.1:8080, 0.0.0.0:8080, [::1]:8080)`);
  const host = m[1] === undefined ? '127.0.0.1' : m[1].replace(/^\[|\]$/g, '');
  return { host, port: Number(m[2]) };
}
