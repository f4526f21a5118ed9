/**
 * @module front
 * The listening server's HTTP/1.1 front: one `net` server that reads every
 * connection's requests itself and serves data-plane requests (deployed
 * stages) without Node's http machinery — Node's IncomingMessage and
 * ServerResponse cost about as much CPU per request as the whole data
 * plane does for a MOCK method. A connection whose request is for anything
 * else (the control plane, `/_apigw/…`, the Lambda Invoke API, Upgrade
 * requests) is handed, bytes and all, to a Node http server running the same
 * `createApp` listener, and stays with it.
 *
 * As Node's server: a head over 64 KB is answered 431; one that has not
 * arrived whole within 60 s, 408; an idle keep-alive connection is closed
 * after 65 s (checked every 5 s, so up to 5 s later). Not done: TLS (the
 * server listens on plain HTTP), HTTP/2.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { App } from '../app';
import { MAX_REQUEST_BODY } from '../dataplane/steps/parse';
import { FrontConnection } from './connection';
import { REQUEST_TIMEOUT } from './answer';

export const MAX_HEAD_BYTES = 64 * 1024;
const KEEP_ALIVE_MS = 65_000;
const HEADERS_TIMEOUT_MS = 60_000;
const SWEEP_MS = 5_000;

export interface Front {
  /** The socket server to listen with. */
  server: net.Server;
  /** The Node http server that serves handed-off connections (it does not listen itself). */
  http: http.Server;
  /** Closes every connection, the front's and Node's. */
  closeAllConnections(): void;
}

export function createFront(app: App): Front {
  const httpServer = http.createServer({ maxHeaderSize: MAX_HEAD_BYTES }, app);
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  const connections = new Set<FrontConnection>();
  // Node's http server tracks its connections only once it listens itself, which it does not: the handed-off ones are kept here.
  const handedOff = new Set<net.Socket>();
  const clock = { tick: 0 };
  const handlers = {
    clock,
    match: (url: string, rawHeaders: string[]) => app.dataPlane.match(url, rawHeaders),
    serve: app.dataPlane.handle,
    handOff: (socket: net.Socket) => {
      handedOff.add(socket);
      socket.once('close', () => handedOff.delete(socket));
      httpServer.emit('connection', socket);
    },
    forget: (c: FrontConnection) => void connections.delete(c),
    onError: (err: unknown) => app.log.error(`HTTP front: unexpected failure: ${(err as Error)?.stack ?? err}`),
    maxHeadBytes: MAX_HEAD_BYTES,
    maxBodyBytes: MAX_REQUEST_BODY,
  };
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    connections.add(new FrontConnection(socket, handlers));
  });

  // A coarse clock: connections note the tick of their last activity; the sweep closes the idle and the slow.
  const sweep = setInterval(() => {
    const tick = ++clock.tick;
    const idleTicks = Math.ceil(KEEP_ALIVE_MS / SWEEP_MS);
    const headTicks = Math.ceil(HEADERS_TIMEOUT_MS / SWEEP_MS);
    for (const c of connections) {
      if (c.idle && tick - c.lastActive >= idleTicks) c.destroy();
      else if (c.readingHead && tick - c.lastActive >= headTicks) c.refuse(REQUEST_TIMEOUT);
    }
  }, SWEEP_MS);
  sweep.unref();
  server.on('close', () => clearInterval(sweep));

  return {
    server,
    http: httpServer,
    closeAllConnections: () => {
      for (const c of connections) c.destroy();
      connections.clear();
      for (const s of handedOff) s.destroy();
      handedOff.clear();
    },
  };
}
