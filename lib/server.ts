/**
 * @module server
 * Listen and close: the CLI's only door to the network. The port is the
 * HTTP/1.1 front's (front/): data-plane requests are served there, every
 * other connection goes on in Node's http server.
 */
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from './app';
import { createFront } from './front';
import type { Config } from './config';
import type { Logger } from './log';

export interface RunningServer {
  app: App;
  /** The Node http server that serves control-plane (and every non-data-plane) connections. */
  server: http.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export function startServer(config: Partial<Config>, opts: { log?: Logger } = {}): Promise<RunningServer> {
  const app = createApp(config, opts);
  const front = createFront(app);
  const listener = front.server;
  return new Promise((resolve, reject) => {
    listener.once('error', (err) => {
      app.close();
      reject(err);
    });
    listener.listen(app.config.port, app.config.host, () => {
      const { port } = listener.address() as AddressInfo;
      const host = app.config.host === '0.0.0.0' || app.config.host === '::' ? 'localhost' : app.config.host;
      let closing: Promise<void> | undefined;
      resolve({
        app,
        server: front.http,
        port,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            listener.close(() => {
              app.close();
              done();
            });
            front.closeAllConnections();
          })),
      });
    });
  });
}
