/**
 * @module server
 * Listen and close: the CLI's only door to the network.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from './app';
import type { Config } from './config';
import type { Logger } from './log';

export interface RunningServer {
  app: App;
  server: http.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export function startServer(config: Partial<Config>, opts: { log?: Logger } = {}): Promise<RunningServer> {
  const app = createApp(config, opts);
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, app);
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', (err) => {
      app.close();
      reject(err);
    });
    server.listen(app.config.port, app.config.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = app.config.host === '0.0.0.0' || app.config.host === '::' ? 'localhost' : app.config.host;
      let closing: Promise<void> | undefined;
      resolve({
        app,
        server,
        port,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            server.close(() => {
              app.close();
              done();
            });
            server.closeAllConnections();
          })),
      });
    });
  });
}
