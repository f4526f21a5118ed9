/**
 * The baseline: a bare Node `http` server answering a small JSON body. It also
 * serves as the backend that the HTTP_PROXY case calls through the emulator.
 * Prints its port on stdout when ready.
 */
import * as http from 'node:http';

const body = JSON.stringify({ message: 'hello from the backend' });
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
