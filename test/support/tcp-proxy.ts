/**
 * A plain TCP relay for partition tests: `node tcp-proxy.js LISTEN_PORT
 * TARGET_PORT` relays 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT.
 * SIGSTOP it and everything behind it stops answering (connections stay
 * open, bytes go nowhere): one instance cut off from a live etcd.
 */
import net from 'node:net';

const [listen, target] = process.argv.slice(2).map(Number);
if (!listen || !target) {
  process.stderr.write('usage: tcp-proxy LISTEN_PORT TARGET_PORT\n');
  process.exit(2);
}
net.createServer((a) => {
  const b = net.connect({ host: '127.0.0.1', port: target });
  a.pipe(b).pipe(a);
  const end = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', end);
  b.on('error', end);
  a.on('close', end);
  b.on('close', end);
}).listen(listen, '127.0.0.1', () => process.stdout.write(`relaying ${listen} -> ${target}\n`));
